// What the organisation-coexistence kind reads from the catalog: every pair of Exchange versions,
// whether Microsoft supports them in one organisation, at which updates, and from which update of
// the newer version Setup refuses the older one. Its schema says what JSON Schema can; checkParams
// says the rest (each pair written once, newer after older, minimums on a side of the pair and
// among the updates Microsoft published). Products and sources are references the schema declares,
// checked with every other reference by catalog/load.ts.
import type { Catalog } from "../catalog/load";
import type { PolicyEntry } from "../catalog/types";
import type { JsonSchema } from "./kind";

/** A minimum update one side of an Exchange version pair needs for the two to share an organisation. */
export interface CoexistenceMinimum {
    product: string;
    update: number;
    /** Which servers of that version the minimum covers, as Microsoft words it. */
    appliesTo: string;
    /** Microsoft's revisions disagree, or only a third party states the minimum: findings are advisory. */
    standing?: "documented-inconsistently" | "not-from-microsoft";
    /** Who states the minimum and what Microsoft's other text says. */
    basis?: string;
    /** The Setup readiness rule that enforces it, and what it checks. */
    setupRule?: string;
    source: string;
}

/** What Microsoft documents for two Exchange versions in one organisation. */
export interface CoexistenceEntry {
    newer: string;
    older: string;
    status: "supported" | "not-supported" | "not-documented";
    /** For not-supported and not-documented pairs: what Microsoft says, completing "<older server> ... : ". */
    text?: string;
    /** What to do with the older server. */
    advice?: string;
    minimums?: CoexistenceMinimum[];
    /** From this update of the newer version on, Setup no longer coexists with the older one. */
    blockedFrom?: { update: number; text: string; source: string };
    setupRule?: string;
    source: string;
    alsoSources?: string[];
    note?: string;
}

export interface OrganisationCoexistenceParams {
    coexistence: CoexistenceEntry[];
}

export type OrganisationCoexistencePolicy = PolicyEntry<"organisation-coexistence", OrganisationCoexistenceParams>;

const text = { $ref: "#/definitions/text" };
const productId = { $ref: "#/definitions/productId" };
const sourceId = { $ref: "#/definitions/sourceId" };
const updateLevel = { $ref: "#/definitions/updateLevel" };

const minimumSchema: JsonSchema = {
    type: "object",
    additionalProperties: false,
    required: ["product", "update", "appliesTo", "source"],
    properties: {
        product: productId,
        update: updateLevel,
        appliesTo: text,
        basis: text,
        setupRule: text,
        source: sourceId,
        standing: {
            enum: ["documented-inconsistently", "not-from-microsoft"],
            description:
                "documented-inconsistently: Microsoft's revisions disagree; not-from-microsoft: only a third party states it. Findings against either are advisory.",
        },
    },
    if: { required: ["standing"] },
    // biome-ignore lint/suspicious/noThenProperty: a JSON Schema keyword (if/then), never awaited
    then: { required: ["basis"] },
};

const entrySchema: JsonSchema = {
    type: "object",
    additionalProperties: false,
    required: ["newer", "older", "status", "source"],
    properties: {
        newer: productId,
        older: productId,
        status: { enum: ["supported", "not-supported", "not-documented"] },
        text,
        advice: text,
        minimums: { type: "array", minItems: 1, items: minimumSchema },
        blockedFrom: {
            type: "object",
            additionalProperties: false,
            required: ["update", "text", "source"],
            properties: { update: updateLevel, text, source: sourceId },
        },
        setupRule: text,
        source: sourceId,
        alsoSources: { type: "array", minItems: 1, uniqueItems: true, items: sourceId },
        note: text,
    },
    allOf: [
        // biome-ignore lint/suspicious/noThenProperty: a JSON Schema keyword (if/then), never awaited
        { if: { properties: { status: { const: "supported" } } }, then: { properties: { text: false } } },
        {
            if: { properties: { status: { enum: ["not-supported", "not-documented"] } } },
            // biome-ignore lint/suspicious/noThenProperty: a JSON Schema keyword (if/then), never awaited
            then: { required: ["text", "advice"], properties: { minimums: false, blockedFrom: false } },
        },
    ],
};

export const organisationCoexistenceParamsSchema: JsonSchema = {
    type: "object",
    additionalProperties: false,
    required: ["coexistence"],
    properties: {
        coexistence: {
            type: "array",
            minItems: 1,
            items: entrySchema,
            description: "Every pair of Exchange versions: whether Microsoft supports them in one organisation, and the minimum updates.",
        },
    },
};

export function checkCoexistenceTable(policy: OrganisationCoexistencePolicy, catalog: Catalog): string[] {
    const problems: string[] = [];
    const where = `policy '${policy.name}'`;
    const order = [...catalog.products.values()].filter((p) => p.role === "exchange-server").map((p) => p.id);
    const seen = new Set<string>();
    for (const entry of policy.params.coexistence) {
        const pair = `${where} pair '${entry.newer}' with '${entry.older}'`;
        if (!order.includes(entry.newer) || !order.includes(entry.older))
            problems.push(`${pair} names a product that is not an Exchange version`);
        else if (order.indexOf(entry.newer) <= order.indexOf(entry.older)) problems.push(`${pair} lists the older version first`);
        if (seen.has(`${entry.newer}/${entry.older}`)) problems.push(`${pair} is written twice`);
        seen.add(`${entry.newer}/${entry.older}`);
        for (const minimum of entry.minimums ?? []) {
            if (minimum.product !== entry.newer && minimum.product !== entry.older)
                problems.push(`${pair} has a minimum for '${minimum.product}', which is neither side of the pair`);
            const table = catalog.products.get(minimum.product)?.builds.table ?? [];
            if (!table.some((row) => row.update === minimum.update))
                problems.push(`${pair} requires update ${minimum.update} of '${minimum.product}', which its update table lacks`);
        }
    }
    for (const [i, older] of order.entries())
        for (const newer of order.slice(i + 1))
            if (!seen.has(`${newer}/${older}`))
                problems.push(`${where} has no entry for '${newer}' with '${older}' (write not-documented if Microsoft says nothing)`);
    return problems;
}
