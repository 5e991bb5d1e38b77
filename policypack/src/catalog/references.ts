// The catalog's references, found from what the schema declares (generated/references.json, written by
// scripts/build.js from every $ref to sourceId, productId, featureId, familyId or quoteId), so a new field that
// names another entry is checked as soon as its schema says what it names - nothing listed by hand.
import declaredReferences from "../generated/references.json";
import { isPlainObject } from "../text";

export type ReferenceKind = "source" | "product" | "feature" | "family" | "quote";

export interface ReferenceDeclaration {
    /** Data path; "*" is any array item or object key, "<key>" means the keys of the object there are the references. */
    path: string[];
    kind: ReferenceKind;
}

export interface Reference {
    kind: ReferenceKind;
    id: string;
    /** The entry that holds the reference, by name: "policy 'exchange-um-...'". */
    owner: string;
    /** Where in that entry: "minimums[1].source". */
    field: string;
}

export const REFERENCE_DECLARATIONS = declaredReferences as ReferenceDeclaration[];

/** Every reference the catalog holds, at each path the schema declares. */
export function findReferences(raw: unknown, declarations: ReferenceDeclaration[] = REFERENCE_DECLARATIONS): Reference[] {
    const found: Reference[] = [];
    for (const { path, kind } of declarations) {
        for (const { at, value } of valuesAt(raw, path, [])) {
            if (typeof value === "string") found.push({ kind, id: value, owner: ownerOf(raw, at), field: fieldOf(at) });
        }
    }
    return found;
}

function valuesAt(node: unknown, path: string[], at: string[]): Array<{ at: string[]; value: unknown }> {
    if (path.length === 0) return [{ at, value: node }];
    const [step, ...rest] = path;
    if (step === "<key>") return isPlainObject(node) ? Object.keys(node).map((key) => ({ at: [...at, key], value: key })) : [];
    if (Array.isArray(node)) return step === "*" ? node.flatMap((item, i) => valuesAt(item, rest, [...at, String(i)])) : [];
    if (!isPlainObject(node)) return [];
    if (step === "*") return Object.entries(node).flatMap(([key, child]) => valuesAt(child, rest, [...at, key]));
    return step in node ? valuesAt(node[step], rest, [...at, step]) : [];
}

const ENTRY_NAMES: Record<string, string> = {
    sources: "source",
    families: "family",
    products: "product",
    features: "feature",
    integrations: "integration",
    policies: "policy",
    tagModels: "tag model",
    quotes: "quote",
    extendedSecurityUpdates: "Extended Security Update programme",
};

/** The catalog entry a data path is inside, by its name ("policy 'x'"), or the path's first step. */
export function ownerOf(raw: unknown, at: string[]): string {
    const [collection, key] = at;
    const label = ENTRY_NAMES[collection];
    if (!label || key === undefined || !isPlainObject(raw)) return collection ?? "the catalog";
    const entries = raw[collection];
    if (!Array.isArray(entries)) return `${label} '${key}'`;
    const entry = entries[Number(key)];
    const name = isPlainObject(entry) ? (entry.id ?? entry.name ?? entry.feature ?? entry.provider) : undefined;
    return typeof name === "string" ? `${label} '${name}'` : `${label} #${Number(key) + 1}`;
}

function fieldOf(at: string[]): string {
    return at
        .slice(2)
        .map((step, i) => (/^\d+$/.test(step) ? `[${step}]` : i === 0 ? step : `.${step}`))
        .join("");
}

/** A schema error's location as a person reads it: "policy 'x' (/policies/3/minimums)". */
export function locateInstance(raw: unknown, instancePath: string): string {
    if (instancePath === "") return "/";
    const at = instancePath.split("/").slice(1);
    const owner = at.length >= 2 ? ownerOf(raw, at) : undefined;
    return owner && owner !== at[0] ? `${owner} (${instancePath})` : instancePath;
}
