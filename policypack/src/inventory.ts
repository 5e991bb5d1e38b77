// The auditor's view: every UC server of a stack with its product, the update found, the update
// required while Exchange UM is declared, and a status - computed by the same parsers and catalog
// as the policies, from a `pulumi stack export` or any list of resources.
import type { Catalog } from "./catalog/load";
import type { ProductEntry } from "./catalog/types";
import type { ResourceFacts } from "./model/facts";
import { readStackFacts } from "./model/stack";
import { describeDeclarers } from "./model/messages";
import { buildScope, declarersInScope, type StackTags } from "./model/scope";
import { describeLevel, parseUpdateLevel, type UpdateLevel, updateLabel } from "./parse/updateLevel";
import { minimumCumulativeUpdateOptions } from "./rules/minimumCumulativeUpdateConfig";
import { settingsOf } from "./rules";
import { policiesOf } from "./rules/kind";
import { minimumCumulativeUpdate } from "./rules/minimumCumulativeUpdate";
import { unsupportedCommunicationsServer } from "./rules/unsupportedCommunicationsServer";
import { coexistenceNotes } from "./rules/coexistenceStatus";
import type { PolicySettings } from "./settings";

export type InventoryStatus = "compliant" | "below-minimum" | "unverifiable" | "unsupported" | "not-required" | "exchange-server";

export interface InventoryRow {
    name: string;
    type: string;
    urn: string;
    product: string;
    updateFound: string;
    updateRequired: string;
    status: InventoryStatus;
    note: string;
    /** Integrations declared for the stack that concern this server (uc-features and exchange-um). */
    integrations: string;
}

export interface InventoryResource {
    urn: string;
    type: string;
    name: string;
    props: unknown;
    /** Property -> the resources its value depends on (stack exports have them); resolves vSphere tags. */
    propertyDependencies?: Record<string, InventoryResource[] | undefined>;
}

export function buildInventory(
    resources: InventoryResource[],
    catalog: Catalog,
    stackTags?: StackTags,
    config: Record<string, unknown> = {},
    today: string = new Date().toISOString().slice(0, 10),
): { umDeclaredBy: string; rows: InventoryRow[] } {
    const [policy] = policiesOf(catalog, minimumCumulativeUpdate);
    const settings = settingsOf(policy, config, catalog);
    const reading = readStackFacts(resources, catalog, settings);
    const servers = reading.facts.filter((f) => f.product !== undefined || f.productProblem !== undefined);
    const scope = buildScope("stack", reading.facts, stackTags, policy, settings, catalog, today);
    // Resources the pack cannot read yet (tags unknown until the update, tag IDs from outside the
    // stack) may be servers: an audit lists them instead of leaving them out, when the stack has
    // anything UC at all.
    const ucStack = servers.length > 0 || scope.umDeclarers.length > 0;
    const facts = [...servers, ...(ucStack ? reading.facts.filter((f) => !servers.includes(f) && f.unknown.length > 0) : [])];
    const context: RowContext = {
        catalog,
        settings,
        unsupported: new Set(policiesOf(catalog, unsupportedCommunicationsServer).flatMap((p) => p.params.products)),
        umApplies: declarersInScope(scope.umDeclarers, policy.params.documentedFor).length > 0,
        unreadable: new Map(reading.unreadable.map((u) => [u.resource.urn, u.where])),
        coexistence: coexistenceNotes(scope, settings, catalog),
    };
    // One declaration puts every server of the stack under an integration, as the policies read it.
    const declared = [
        ...(scope.umDeclarers.length > 0 ? ["exchange-um"] : []),
        ...new Set(scope.featureDeclarations.map((d) => d.feature.id)),
    ].join(", ");
    const rows: InventoryRow[] = facts.map((f) => ({
        ...withEndOfSupport(f, rowOf(f, context), today),
        integrations: f.product ? declared : "",
    }));
    if (ucStack) rows.push(...outsideStackRows(reading.unreadable, facts));
    return { umDeclaredBy: scope.umDeclarers.length > 0 ? describeDeclarers(scope.umDeclarers) : "", rows };
}

/** What every row is computed from: the estate as the minimum-CU policy reads it. */
interface RowContext {
    catalog: Catalog;
    settings: PolicySettings;
    /** Products no Exchange UM version is documented with (OCS 2007). */
    unsupported: Set<string>;
    umApplies: boolean;
    /** URN -> properties referring to tags outside the stack. */
    unreadable: Map<string, readonly string[]>;
    /** URN -> the Exchange server's coexistence status, when the stack mixes Exchange versions. */
    coexistence: Map<string, string>;
}

type Row = Omit<InventoryRow, "integrations">;

/** Resources whose tags refer only to tags or attributes outside the stack. */
function outsideStackRows(
    unreadable: Array<{ resource: { name: string; type: string; urn: string }; where: readonly string[] }>,
    facts: ResourceFacts[],
) {
    // A set, not a search per row: an estate of many unreadable servers made this quadratic (bench:report).
    const listed = new Set(facts.map((f) => f.resource.urn));
    return unreadable
        .filter((u) => !listed.has(u.resource.urn))
        .map(
            (u): InventoryRow => ({
                ...u.resource,
                product: "(unreadable)",
                updateFound: "",
                updateRequired: "",
                status: "unverifiable",
                note: `${u.where.join(", ")} refer to tags or attributes outside the stack`,
                integrations: "",
            }),
        );
}

function rowOf(f: ResourceFacts, context: RowContext): Row {
    const base = { name: f.resource.name, type: f.resource.type, urn: f.resource.urn };
    if (!f.product && !f.productProblem) {
        const extra = context.unreadable.get(f.resource.urn);
        return {
            ...base,
            product: "(unknown)",
            updateFound: "",
            updateRequired: "",
            status: "unverifiable",
            note: `${f.unknown.join(", ")} not known until the update runs${extra ? `; ${extra.join(", ")} refer to tags outside the stack` : ""}`,
        };
    }
    if (!f.product) {
        return {
            ...base,
            product: "(unresolved)",
            updateFound: "",
            updateRequired: "",
            status: "unverifiable",
            note: `tag '${f.productProblem!.where}' ${f.productProblem!.problem}`,
        };
    }
    const found = describeFound(f, context.catalog);
    const row = { ...base, product: f.product.name, updateFound: found.label };
    if (f.product.role !== "communications-server") {
        const notes = [f.umDeclared?.value ? "declares Exchange UM integration" : "", context.coexistence.get(f.resource.urn) ?? ""];
        return { ...row, updateRequired: "", status: "exchange-server", note: notes.filter(Boolean).join("; ") };
    }
    return communicationsServerRow(f.product, found, row, context);
}

/** A communications server against the Exchange UM minimum, when UM is declared for a documented Exchange. */
function communicationsServerRow(
    product: ProductEntry,
    found: ReturnType<typeof describeFound>,
    row: Pick<Row, "name" | "type" | "urn" | "product" | "updateFound">,
    context: RowContext,
): Row {
    const { umApplies } = context;
    if (context.unsupported.has(product.id)) {
        return {
            ...row,
            updateRequired: "not supported",
            status: umApplies ? "unsupported" : "not-required",
            note: umApplies ? "not listed by Microsoft for Exchange 2013/2016 UM at any update" : "no Exchange UM integration declared",
        };
    }
    const required = minimumCumulativeUpdateOptions(context.settings).minimums.get(product.id);
    const updateRequired = required ? (required.update === 0 ? "none" : `${updateLabel(required.update)} or later`) : "";
    if (!umApplies || !required || required.update === 0) {
        const note = umApplies ? "no update required" : "no Exchange UM integration declared for Exchange 2013/2016";
        return { ...row, updateRequired, status: "not-required", note };
    }
    if (!found.level) return { ...row, updateRequired, status: "unverifiable", note: found.note };
    if (found.level.update >= required.update) return { ...row, updateRequired, status: "compliant", note: "" };
    if (found.level.below !== undefined && found.level.below <= required.update)
        return { ...row, updateRequired, status: "below-minimum", note: "" };
    return { ...row, updateRequired, status: "unverifiable", note: "the published builds do not place this build; tag the update label" };
}

function withEndOfSupport<T extends { note: string }>(f: ResourceFacts, row: T, today: string): T {
    const lifecycle = f.product?.lifecycle;
    if (lifecycle?.policy !== "fixed" || lifecycle.endOfSupport >= today) return row;
    return { ...row, note: [row.note, `past end of support (${lifecycle.endOfSupport})`].filter(Boolean).join("; ") };
}

function describeFound(f: ResourceFacts, catalog: Catalog): { label: string; level?: UpdateLevel; note: string } {
    const tag = f.updateTag;
    if (!tag) return { label: "(no tag)", note: "no cumulative update tag" };
    if (tag.kind === "unknown") return { label: "(unknown)", note: "unknown until the update runs" };
    if (tag.kind !== "text" || !f.product) return { label: "(unreadable)", note: `tag '${tag.where}' is not text` };
    const level = parseUpdateLevel(tag.text, f.product, catalog);
    if (level.kind !== "recognised")
        return {
            label: "(unreadable)",
            note: `tag '${tag.where}' ${level.kind === "reported" ? level.problem : "is not an update level"}`,
        };
    return { label: describeLevel(level.value, f.product), level: level.value, note: "" };
}
