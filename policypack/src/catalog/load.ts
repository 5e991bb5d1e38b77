// Loads the rule catalog compiled into the pack and indexes it for the parsers and rules.
// The catalog was validated against its JSON Schema at build time; the precompiled validator
// runs again here (microseconds, no schema compilation) so a damaged install stops the pack
// with a clear error instead of running with no rules.
import rawCatalogJson from "../generated/catalog.json";
import validateCatalogShape from "../generated/validate-catalog";
import { normalizeToken } from "../text";
import { TagModels } from "./tagModels";
import {
    BuildEntry,
    FeatureEntry,
    PolicyEntry,
    ProductEntry,
    RawCatalog,
    SourceEntry,
    TagKeys,
} from "./types";

export class CatalogError extends Error {
    constructor(problems: string[]) {
        super(`the policy pack's rule catalog is invalid, so no policy can run:\n  ${problems.join("\n  ")}`);
        this.name = "CatalogError";
    }
}

export interface Family {
    id: string;
    name: string;
    pattern: RegExp;
    products: ProductEntry[];
}

export interface Catalog {
    sources: Map<string, SourceEntry>;
    products: Map<string, ProductEntry>;
    productsByAlias: Map<string, ProductEntry>;
    families: Family[];
    /** Build tables sorted ascending, parsed into numeric parts once. */
    buildTables: Map<string, Array<BuildEntry & { parts: number[] }>>;
    featuresByAlias: Map<string, FeatureEntry>;
    features: FeatureEntry[];
    toggleOn: Set<string>;
    toggleOff: Set<string>;
    /** The generic tag properties, for types no provider tag model names. */
    tagProperties: string[];
    tagModels: TagModels;
    tagKeys: TagKeys;
    policies: PolicyEntry[];
}

export function parseBuild(build: string): number[] {
    return build.split(".").map((part) => Number(part));
}

export function compareBuilds(a: number[], b: number[]): number {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
        const difference = (a[i] ?? 0) - (b[i] ?? 0);
        if (difference !== 0) return difference;
    }
    return 0;
}

/** Indexes a catalog, checking what the JSON Schema cannot: references, collisions and order. */
export function indexCatalog(raw: RawCatalog): Catalog {
    const problems: string[] = [];
    const sources = new Map(Object.entries(raw.sources));
    const requireSource = (id: string | undefined, where: string) => {
        if (id !== undefined && !sources.has(id)) problems.push(`${where} cites unknown source '${id}'`);
    };

    const products = new Map<string, ProductEntry>();
    const productsByAlias = new Map<string, ProductEntry>();
    const buildTables = new Map<string, Array<BuildEntry & { parts: number[] }>>();
    for (const product of raw.products) {
        if (products.has(product.id)) problems.push(`product '${product.id}' is defined twice`);
        products.set(product.id, product);
        for (const alias of [product.name, product.id, ...product.aliases]) {
            const key = normalizeToken(alias);
            const owner = productsByAlias.get(key);
            if (owner && owner !== product) problems.push(`alias '${alias}' of '${product.id}' also names '${owner.id}'`);
            productsByAlias.set(key, product);
        }
        requireSource(product.builds.source, `product '${product.id}' builds`);
        requireSource(product.endOfSupport?.source, `product '${product.id}' end of support`);
        if (product.endOfSupport && Number.isNaN(Date.parse(product.endOfSupport.date))) {
            problems.push(`product '${product.id}' has an invalid end-of-support date`);
        }
        const table = (product.builds.table ?? []).map((entry) => ({ ...entry, parts: parseBuild(entry.build) }));
        table.forEach((entry, i) => {
            if (!entry.build.startsWith(product.builds.prefix)) {
                problems.push(`build ${entry.build} of '${product.id}' does not start with its prefix ${product.builds.prefix}`);
            }
            const previous = table[i - 1];
            if (previous && (compareBuilds(previous.parts, entry.parts) >= 0 || previous.update >= entry.update)) {
                problems.push(`the build table of '${product.id}' is not in ascending order at ${entry.build}`);
            }
        });
        if (table.length > 0) buildTables.set(product.id, table);
    }

    const families: Family[] = [];
    for (const family of raw.families) {
        let pattern: RegExp;
        try {
            pattern = new RegExp(family.pattern, "u");
        } catch (e) {
            problems.push(`family '${family.id}' has an invalid pattern: ${(e as Error).message}`);
            continue;
        }
        families.push({ ...family, pattern, products: raw.products.filter((p) => p.family === family.id) });
    }
    for (const product of raw.products) {
        const family = families.find((f) => f.id === product.family);
        if (!family) problems.push(`product '${product.id}' names unknown family '${product.family}'`);
        else if (!family.pattern.test(normalizeToken(product.name))) {
            problems.push(`the pattern of family '${family.id}' does not match its own product '${product.name}'`);
        }
    }

    const featuresByAlias = new Map<string, FeatureEntry>();
    for (const feature of raw.features) {
        for (const alias of [feature.id, feature.name, ...feature.aliases]) {
            const key = normalizeToken(alias);
            const owner = featuresByAlias.get(key);
            if (owner && owner !== feature) problems.push(`feature alias '${alias}' names both '${owner.id}' and '${feature.id}'`);
            featuresByAlias.set(key, feature);
        }
    }

    const toggleOn = new Set(raw.toggle.on.map(normalizeToken));
    const toggleOff = new Set(raw.toggle.off.map(normalizeToken));
    for (const word of toggleOn) if (toggleOff.has(word)) problems.push(`'${word}' is both an on and an off value`);

    const policyNames = new Set<string>();
    for (const policy of raw.policies) {
        if (policyNames.has(policy.name)) problems.push(`policy '${policy.name}' is defined twice`);
        policyNames.add(policy.name);
        requireSource(policy.source, `policy '${policy.name}'`);
        for (const id of policy.seeAlso ?? []) requireSource(id, `policy '${policy.name}' seeAlso`);
        const referenced = [
            ...(policy.products ?? []),
            ...(policy.legacyProducts ?? []),
            ...(policy.documentedFor ?? []),
            ...(policy.minimums ?? []).map((m) => m.product),
        ];
        for (const id of referenced) {
            if (!products.has(id)) problems.push(`policy '${policy.name}' names unknown product '${id}'`);
        }
        for (const minimum of policy.minimums ?? []) {
            requireSource(minimum.source, `policy '${policy.name}' minimum for '${minimum.product}'`);
            const table = buildTables.get(minimum.product);
            if (minimum.update > 0 && table && !table.some((entry) => entry.update === minimum.update)) {
                problems.push(`policy '${policy.name}' requires CU${minimum.update} of '${minimum.product}', which its build table lacks`);
            }
        }
        if (policy.kind === "end-of-support") {
            for (const id of policy.products ?? []) {
                if (!products.get(id)?.endOfSupport) problems.push(`policy '${policy.name}' names '${id}', which has no end-of-support date`);
            }
        }
    }

    const tagModels = new TagModels(raw.tagModels, raw.tagProperties, problems);

    if (problems.length > 0) throw new CatalogError(problems);
    return {
        sources,
        products,
        productsByAlias,
        families,
        buildTables,
        featuresByAlias,
        features: raw.features,
        toggleOn,
        toggleOff,
        tagProperties: raw.tagProperties,
        tagModels,
        tagKeys: raw.tagKeys,
        policies: raw.policies,
    };
}

/** Validates the shape of a catalog with the validator precompiled at build time, then indexes it. */
export function loadCatalog(raw: unknown = rawCatalogJson): Catalog {
    if (!validateCatalogShape(raw)) {
        const errors = (validateCatalogShape.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
        throw new CatalogError(errors.length > 0 ? errors : ["it does not match rules/catalog.schema.json"]);
    }
    return indexCatalog(raw as RawCatalog);
}
