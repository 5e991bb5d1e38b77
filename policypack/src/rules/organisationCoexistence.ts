// exchange-organisation-coexistence: the Exchange versions a stack declares must be able to share
// one organisation, as Microsoft documents it (rules/policies.json, `coexistence`): each pair is
// supported (with minimum updates on either side), not supported, or not documented. A stack with
// one Exchange version has nothing to check. Only stack validation sees the other servers.
import type { Catalog } from "../catalog/load";
import type { ProductEntry } from "../catalog/types";
import type { ResourceFacts } from "../model/facts";
import { subject } from "../model/messages";
import { describeLevel, updateLabel } from "../parse/updateLevel";
import type { PolicySettings } from "../settings";
import { listInEnglish, printable, quoted } from "../text";
import type { Scope } from "../model/scope";
import { definePolicyKind, type FindingOf } from "./kind";
import {
    type CoexistenceEntry,
    type CoexistenceMinimum,
    checkCoexistenceTable,
    type OrganisationCoexistencePolicy,
    organisationCoexistenceParamsSchema,
} from "./organisationCoexistenceParams";
import { meets, readServerUpdate, type ServerUpdate } from "./serverUpdate";

const MAX_NAMED = 3;

interface Pair {
    entry: CoexistenceEntry;
    servers: Map<string, ResourceFacts[]>;
    catalog: Catalog;
    settings: PolicySettings;
}

const FINDING_CODES = [
    "coexistence-not-supported",
    "coexistence-not-documented",
    "coexistence-unconfirmed",
    "coexistence-inconsistent",
    "coexistence-blocked",
] as const;
type Finding = FindingOf<typeof FINDING_CODES>;

export const organisationCoexistence = definePolicyKind({
    kind: "organisation-coexistence",
    summary: "Exchange versions in one stack that Microsoft does not let share an organisation, or only from given updates.",
    paramsSchema: organisationCoexistenceParamsSchema,
    findingCodes: FINDING_CODES,
    check: checkOrganisationCoexistence,
    checkParams: checkCoexistenceTable,
});

/** Also run by the inventory (coexistenceStatus.ts), so the audit and the preview agree. */
export function checkOrganisationCoexistence(
    policy: OrganisationCoexistencePolicy,
    scope: Scope,
    settings: PolicySettings,
    catalog: Catalog,
): Finding[] {
    const servers = new Map<string, ResourceFacts[]>();
    for (const facts of scope.resources) {
        if (facts.product?.role !== "exchange-server") continue;
        servers.set(facts.product.id, [...(servers.get(facts.product.id) ?? []), facts]);
    }
    const findings: Finding[] = [];
    for (const entry of policy.params.coexistence) {
        if (!servers.has(entry.newer) || !servers.has(entry.older)) continue;
        const pair: Pair = { entry, servers, catalog, settings };
        if (entry.status !== "supported") findings.push(...unsupportedPair(pair));
        else findings.push(...belowMinimums(pair), ...blockedByNewer(pair));
    }
    return findings.map((finding) => ({ ...finding, wholeStackOnly: true }));
}

/** "Exchange Server 2019 (server 'exch19-01')": the other version of the pair and who runs it. */
function otherSide(pair: Pair, productId: string): string {
    const product = pair.catalog.products.get(productId);
    const names = (pair.servers.get(productId) ?? []).map((f) => quoted(printable(f.resource.name)));
    const shown =
        names.length <= MAX_NAMED ? listInEnglish(names) : `${names.slice(0, MAX_NAMED).join(", ")} and ${names.length - MAX_NAMED} more`;
    return `${product?.name ?? productId} (${names.length > 1 ? "servers" : "server"} ${shown})`;
}

function otherOf(entry: CoexistenceEntry, productId: string): string {
    return productId === entry.newer ? entry.older : entry.newer;
}

function unsupportedPair(pair: Pair): Finding[] {
    const { entry } = pair;
    const other = otherSide(pair, entry.newer);
    const notSupported = entry.status === "not-supported";
    return (pair.servers.get(entry.older) ?? []).map((facts) => ({
        resource: facts.resource,
        code: notSupported ? "coexistence-not-supported" : "coexistence-not-documented",
        topic: entry.newer,
        level: notSupported ? "policy" : "advisory",
        text: notSupported
            ? `${subject(facts)} cannot be in the same organization as ${other}: ${entry.text}. ${entry.advice}.`
            : `${subject(facts)} is in an organization with ${other}, ${entry.text}. ${entry.advice}.`,
        source: entry.source,
    }));
}

function belowMinimums(pair: Pair): Finding[] {
    const findings: Finding[] = [];
    for (const facts of [...(pair.servers.get(pair.entry.older) ?? []), ...(pair.servers.get(pair.entry.newer) ?? [])]) {
        const product = facts.product as ProductEntry;
        const minimums = (pair.entry.minimums ?? []).filter((m) => m.product === product.id);
        const update = readServerUpdate(facts, product, pair.catalog);
        // A firm minimum that fails says what to install; a doubtful one above it would only repeat it.
        for (const minimum of minimums) {
            const finding = checkMinimum(pair, facts, product, minimum, update);
            if (!finding) continue;
            findings.push(finding);
            if (!minimum.standing) break;
        }
    }
    return findings;
}

function checkMinimum(
    pair: Pair,
    facts: ResourceFacts,
    product: ProductEntry,
    minimum: CoexistenceMinimum,
    update: ServerUpdate,
): Finding | undefined {
    const label = updateLabel(minimum.update, product);
    const build = pair.catalog.buildTables.get(product.id)?.find((e) => e.update === minimum.update && !e.within)?.build;
    const other = otherSide(pair, otherOf(pair.entry, product.id));
    const requirement = `${label} or later${build ? ` (build ${build})` : ""} on ${minimum.appliesTo}`;
    const base = { resource: facts.resource, topic: otherOf(pair.entry, product.id), source: minimum.source };
    if (update.kind !== "level") return unreadable(facts, update, needOf(minimum, other, requirement), label, base, pair);
    const found = describeLevel(update.level, product);
    const verdict = meets(update.level, minimum.update);
    if (verdict === "yes") return undefined;
    if (minimum.standing === "documented-inconsistently")
        return {
            ...base,
            code: "coexistence-inconsistent",
            level: "advisory",
            text: `${subject(facts)} is at ${found}, which Microsoft documents inconsistently for an organization with ${other}: ${minimum.basis}. Install ${label} or later, which meets both.`,
        };
    if (minimum.standing === "not-from-microsoft")
        return {
            ...base,
            code: "coexistence-unconfirmed",
            level: "advisory",
            text: `${subject(facts)} is at ${found}, below ${label}, a minimum for an organization with ${other} that ${minimum.basis}. Verify it against Microsoft's current documentation; installing ${label} or later meets it.`,
        };
    if (verdict === "undecided")
        return {
            ...base,
            code: "unverifiable-update",
            level: "advisory",
            text: `${subject(facts)} is at ${found}, which cannot be verified against ${label}: the builds Microsoft publishes for ${product.name} do not place it; an organization with ${other} requires ${requirement}. Tag the installed update's label instead (for example ${label}).`,
        };
    const setup = minimum.setupRule ? ` ${minimum.setupRule}.` : "";
    return {
        ...base,
        code: "below-minimum",
        level: "policy",
        text: `${subject(facts)} is at ${found}; an organization with ${other} requires ${requirement}.${setup} Install ${label} or later on it.`,
    };
}

/** What the other side asks of this server, with the doubt a minimum Microsoft does not firmly state carries. */
function needOf(minimum: CoexistenceMinimum, other: string, requirement: string): string {
    if (minimum.standing === "not-from-microsoft")
        return `for an organization with ${other}, ${requirement} is a minimum that ${minimum.basis}`;
    if (minimum.standing === "documented-inconsistently")
        return `for an organization with ${other}, ${requirement} is documented inconsistently by Microsoft: ${minimum.basis}`;
    return `an organization with ${other} requires ${requirement}`;
}

/** No level to compare: never a silent pass. Missing or unknown is advisory; an unusable tag is the policy's. */
function unreadable(
    facts: ResourceFacts,
    update: Exclude<ServerUpdate, { kind: "level" }>,
    requirement: string,
    label: string,
    base: Pick<Finding, "resource" | "topic" | "source">,
    pair: Pair,
): Finding {
    const keys = pair.settings.tagKeys.cumulativeUpdate.map((k) => quoted(k)).join(" or ");
    if (update.kind === "missing")
        return {
            ...base,
            code: "missing-update",
            level: "advisory",
            text: `${subject(facts)} has no update tag (${keys}), so its coexistence cannot be verified: ${requirement}. Tag the update it runs (for example ${label}).`,
        };
    if (update.kind === "unknown")
        return {
            ...base,
            code: "unknown-update",
            level: "advisory",
            text: `${subject(facts)}: tag ${quoted(printable(update.where))} is not known during preview, so its coexistence is checked at update time, when the value is known: ${requirement}.`,
        };
    return {
        ...base,
        code: "invalid-update",
        level: "policy",
        text: `${subject(facts)}: ${update.problem}, so its coexistence cannot be checked: ${requirement}.`,
    };
}

/** From one update on, the newer version's Setup refuses the older one (Exchange Server SE CU2). */
function blockedByNewer(pair: Pair): Finding[] {
    const { entry, catalog } = pair;
    const blocked = entry.blockedFrom;
    if (!blocked) return [];
    const newer = catalog.products.get(entry.newer) as ProductEntry;
    const older = catalog.products.get(entry.older) as ProductEntry;
    const label = updateLabel(blocked.update, newer);
    const lifecycle = older.lifecycle.policy === "fixed" ? ` (${older.name} left support on ${older.lifecycle.endOfSupport})` : "";
    const findings: Finding[] = [];
    for (const facts of pair.servers.get(entry.newer) ?? []) {
        const update = readServerUpdate(facts, newer, catalog);
        const base = { resource: facts.resource, topic: entry.older, source: blocked.source };
        const consequence = `from ${label} on, ${blocked.text}${lifecycle}, which ends its coexistence with ${otherSide(pair, entry.older)}`;
        if (update.kind !== "level") {
            findings.push(unreadable(facts, update, consequence, label, base, pair));
            continue;
        }
        const verdict = meets(update.level, blocked.update);
        if (verdict === "no") continue;
        if (verdict === "undecided") {
            findings.push({
                ...base,
                code: "unverifiable-update",
                level: "advisory",
                text: `${subject(facts)} is at ${describeLevel(update.level, newer)}, which cannot be placed against ${label}: ${consequence}. Tag the installed update's label instead (for example RTM or ${label}).`,
            });
            continue;
        }
        for (const olderFacts of pair.servers.get(entry.older) ?? [])
            findings.push({
                resource: olderFacts.resource,
                code: "coexistence-blocked",
                topic: entry.newer,
                level: "policy",
                text: `${subject(olderFacts)} cannot stay in an organization with ${subject(facts)} at ${describeLevel(update.level, newer)}: ${blocked.text}${lifecycle}. ${entry.advice}.`,
                source: blocked.source,
            });
    }
    return findings;
}
