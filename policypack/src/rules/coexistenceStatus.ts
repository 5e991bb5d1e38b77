// The inventory's view of organisation coexistence: for each Exchange server of a stack that mixes
// Exchange versions, whether the coexistence policy finds it blocking, cannot verify it, or passes
// it - from the same rule and catalog as the policy, so the audit and the preview agree.
import type { Catalog } from "../catalog/load";
import type { Scope } from "../model/scope";
import type { PolicySettings } from "../settings";
import { listInEnglish } from "../text";
import { policiesOf } from "./kind";
import { checkOrganisationCoexistence, organisationCoexistence } from "./organisationCoexistence";

export function coexistenceNotes(scope: Scope, settings: PolicySettings, catalog: Catalog): Map<string, string> {
    const notes = new Map<string, string>();
    const [policy] = policiesOf(catalog, organisationCoexistence);
    const exchange = scope.resources.filter((f) => f.product?.role === "exchange-server");
    if (!policy || new Set(exchange.map((f) => f.product?.id)).size < 2) return notes;
    const findings = checkOrganisationCoexistence(policy, scope, settings, catalog);
    const versions = (ids: Array<string | undefined>) =>
        listInEnglish([...new Set(ids)].map((id) => catalog.products.get(id ?? "")?.name ?? String(id)));
    for (const facts of exchange) {
        const own = findings.filter((f) => f.resource?.urn === facts.resource.urn);
        const blocking = own.filter((f) => f.level === "policy");
        if (blocking.length > 0) notes.set(facts.resource.urn, `coexistence: blocks ${versions(blocking.map((f) => f.topic))}`);
        else if (own.length > 0) notes.set(facts.resource.urn, `coexistence: not verified with ${versions(own.map((f) => f.topic))}`);
        else notes.set(facts.resource.urn, "coexistence: supported");
    }
    return notes;
}
