// Loads the rule catalog compiled into the pack and indexes it for the parsers and rules.
// The catalog was validated against its JSON Schema at build time; the precompiled validator
// runs again here (microseconds, no schema compilation) so a damaged install stops the pack
// with a clear error instead of running with no rules.
import rawCatalogJson from "../generated/catalog.json";
import validateCatalogShape from "../generated/validate-catalog";
import { isCalendarDate, normalizeToken } from "../text";
import { TagModels } from "./tagModels";
import {
    BuildEntry,
    EsuPeriod,
    FeatureEntry,
    IntegrationCell,
    IntegrationEntry,
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
    /** The policy whose config carries the estate-wide settings (named in the catalog). */
    estateSettingsOwner: string;
    /** The integration matrix by feature id; every documented cell carries the sources of its quotes. */
    integrations: Map<string, IntegrationEntry>;
    /** Microsoft's paid Extended Security Update periods by product id, in date order. */
    extendedSecurityUpdates: Map<string, EsuPeriod[]>;
    /** The catalog as written, validated: for the docs generator, which lists entries in file order. */
    raw: RawCatalog;
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
    const cited = new Set<string>();
    // Every fact names the source entry that supports it; every source entry supports a fact.
    const requireSource = (id: string | undefined, where: string) => {
        if (id === undefined) return;
        cited.add(id);
        if (!sources.has(id)) problems.push(`${where} cites unknown source '${id}'`);
    };
    const requireSources = (ids: string[] | undefined, where: string) => {
        for (const id of ids ?? []) requireSource(id, where);
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
        requireSource(product.nameSource, `product '${product.id}' name`);
        requireSource(product.builds.prefixSource, `product '${product.id}' build prefix`);
        requireSource(product.builds.complete?.source, `product '${product.id}' update list`);
        requireSource(product.lifecycle.source, `product '${product.id}' lifecycle`);
        requireSources(product.lifecycle.alsoSources, `product '${product.id}' lifecycle`);
        requireSource(product.successor?.source, `product '${product.id}' successor`);
        requireSources(product.successor?.alsoSources, `product '${product.id}' successor`);
        const dates = [product.lifecycle.policy === "fixed" ? product.lifecycle.endOfSupport : product.lifecycle.released];
        for (const date of dates)
            if (date !== undefined && !isCalendarDate(date))
                problems.push(`product '${product.id}' has an impossible lifecycle date ${date}`);
        const table = (product.builds.table ?? []).map((entry) => ({ ...entry, parts: entry.build ? parseBuild(entry.build) : [] }));
        let previousBuild: (BuildEntry & { parts: number[] }) | undefined;
        table.forEach((entry, i) => {
            requireSource(entry.source, `product '${product.id}' update ${entry.update}`);
            if (i > 0 && table[i - 1].update >= entry.update)
                problems.push(`the update table of '${product.id}' is not in ascending order at update ${entry.update}`);
            if (!entry.build) return;
            if (!entry.build.startsWith(product.builds.prefix)) {
                problems.push(`build ${entry.build} of '${product.id}' does not start with its prefix ${product.builds.prefix}`);
            }
            if (previousBuild && compareBuilds(previousBuild.parts, entry.parts) >= 0) {
                problems.push(`the build table of '${product.id}' is not in ascending order at ${entry.build}`);
            }
            previousBuild = entry;
        });
        if (table.length > 0) buildTables.set(product.id, table);
    }
    for (const product of raw.products) {
        if (product.successor && !products.has(product.successor.product)) {
            problems.push(`product '${product.id}' names unknown successor '${product.successor.product}'`);
        }
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
        requireSource(feature.source, `feature '${feature.id}'`);
        for (const limitation of feature.limitations) {
            for (const id of limitation.products)
                if (!products.has(id)) problems.push(`feature '${feature.id}' names unknown product '${id}'`);
        }
        for (const alias of [feature.id, feature.name, ...feature.aliases]) {
            const key = normalizeToken(alias);
            const owner = featuresByAlias.get(key);
            if (owner && owner !== feature) problems.push(`feature alias '${alias}' names both '${owner.id}' and '${feature.id}'`);
            featuresByAlias.set(key, feature);
        }
    }

    // The matrix is a complete grid: every row has a cell for every Exchange version the catalog
    // knows, so "not documented" is always a value someone wrote down, never a gap. Every documented
    // cell rests on quotes (Microsoft's sentences, word for word); its sources are those of its quotes.
    const exchangeIds = raw.products.filter((p) => p.role === "exchange-server").map((p) => p.id);
    const quotes = new Map(Object.entries(raw.quotes));
    const quoted = new Set<string>();
    for (const [id, quote] of quotes) requireSource(quote.source, `quote '${id}'`);
    const sourcesOfQuotes = (ids: string[], where: string): string[] =>
        ids.map((id) => {
            quoted.add(id);
            const quote = quotes.get(id);
            if (!quote) problems.push(`${where} cites unknown quote '${id}'`);
            return quote?.source ?? id;
        });
    const integrations = new Map<string, IntegrationEntry>();
    for (const integration of raw.integrations) {
        const where = `integration '${integration.feature}'`;
        if (!raw.features.some((f) => f.id === integration.feature)) problems.push(`${where} is not a feature of the tag contract`);
        for (const prerequisite of integration.prerequisites) requireSource(prerequisite.source, `${where} prerequisite`);
        requireSource(integration.clients?.source, `${where} clients`);
        const rows = integration.rows.map((row) => {
            if (products.get(row.server)?.role !== "communications-server")
                problems.push(`${where} has a row for '${row.server}', which is not a communications server`);
            if (integration.rows.filter((r) => r.server === row.server).length > 1)
                problems.push(`${where} has two rows for '${row.server}'`);
            for (const id of exchangeIds)
                if (!row.cells[id])
                    problems.push(`${where} has no cell for '${row.server}' with '${id}' (write not-documented if Microsoft says nothing)`);
            const cells: Record<string, IntegrationCell> = {};
            for (const [id, cell] of Object.entries(row.cells)) {
                const at = `${where} cell '${row.server}' x '${id}'`;
                if (!exchangeIds.includes(id)) problems.push(`${where} has a cell for '${id}', which is not an Exchange version`);
                const condition = cell.condition;
                if (condition) {
                    if (cell.status !== "supported") problems.push(`${at} has a condition but is not supported`);
                    const product = condition.on === "server" ? row.server : id;
                    const table = buildTables.get(product);
                    if (
                        condition.update > 0 &&
                        table &&
                        products.get(product)?.builds.complete &&
                        !table.some((e) => e.update === condition.update)
                    )
                        problems.push(`${at} requires CU${condition.update} of '${product}', which Microsoft's update list for it lacks`);
                }
                const cited = [...(cell.quotes ?? []), ...(cell.via ?? []), ...(condition ? [condition.quote] : [])];
                const sourceIds = [...new Set(sourcesOfQuotes(cited, at))];
                requireSources(sourceIds, at);
                cells[id] = cell.status === "not-documented" ? cell : { ...cell, sources: sourceIds };
            }
            return { ...row, cells };
        });
        integrations.set(integration.feature, { ...integration, rows });
    }
    for (const id of quotes.keys())
        if (!quoted.has(id)) problems.push(`quote '${id}' supports no cell of the matrix; remove it or cite it`);

    // Extended Security Update periods: known products past a fixed end of support, dates in order.
    const extendedSecurityUpdates = new Map<string, EsuPeriod[]>();
    for (const programme of raw.extendedSecurityUpdates) {
        for (const id of programme.products) {
            const product = products.get(id);
            const where = `the Extended Security Update periods of '${id}'`;
            if (!product) problems.push(`${where} name an unknown product`);
            else if (product.lifecycle.policy !== "fixed") problems.push(`${where} belong to a product without a fixed end of support`);
            if (extendedSecurityUpdates.has(id)) problems.push(`${where} are given twice`);
            let previousEnd = product?.lifecycle.policy === "fixed" ? product.lifecycle.endOfSupport : "";
            for (const period of programme.periods) {
                requireSource(period.source, `${where} (${period.name})`);
                for (const date of [period.start, period.end])
                    if (!isCalendarDate(date)) problems.push(`${where} (${period.name}) have an impossible date ${date}`);
                if (period.start <= previousEnd || period.end < period.start)
                    problems.push(`${where} are not in date order after the end of support at ${period.name}`);
                previousEnd = period.end;
            }
            extendedSecurityUpdates.set(id, programme.periods);
        }
    }

    const toggleOn = new Set(raw.toggle.on.map(normalizeToken));
    const toggleOff = new Set(raw.toggle.off.map(normalizeToken));
    for (const word of toggleOn) if (toggleOff.has(word)) problems.push(`'${word}' is both an on and an off value`);

    const policyNames = new Set<string>();
    for (const policy of raw.policies) {
        if (policyNames.has(policy.name)) problems.push(`policy '${policy.name}' is defined twice`);
        policyNames.add(policy.name);
        const where = `policy '${policy.name}'`;
        requireSource(policy.source, where);
        requireSources(policy.remediationSources, `${where} remediation`);
        requireSources(policy.documentedForSources, `${where} documented versions`);
        for (const removal of policy.removedFrom ?? []) {
            requireSource(removal.source, `${where} removal from '${removal.product}'`);
            requireSources(removal.alsoSources, `${where} removal from '${removal.product}'`);
        }
        requireSource(policy.voicemail?.source, `${where} voice-mail table`);
        const referenced = [
            ...(policy.products ?? []),
            ...(policy.legacyProducts ?? []),
            ...(policy.documentedFor ?? []),
            ...(policy.listed ?? []),
            ...(policy.minimums ?? []).map((m) => m.product),
            ...(policy.removedFrom ?? []).map((r) => r.product),
            ...(policy.voicemail?.exchange ?? []),
            ...(policy.voicemail?.rows ?? []).flatMap((row) => [row.server, ...Object.keys(row.options)]),
        ];
        for (const id of policy.features ?? [])
            if (!raw.features.some((f) => f.id === id)) problems.push(`${where} names unknown feature '${id}'`);
        for (const id of referenced) {
            if (!products.has(id)) problems.push(`${where} names unknown product '${id}'`);
        }
        for (const minimum of policy.minimums ?? []) {
            requireSource(minimum.source, `${where} minimum for '${minimum.product}'`);
            const table = buildTables.get(minimum.product);
            if (
                minimum.update > 0 &&
                table &&
                products.get(minimum.product)?.builds.complete &&
                !table.some((entry) => entry.update === minimum.update)
            ) {
                problems.push(`${where} requires CU${minimum.update} of '${minimum.product}', which Microsoft's update list for it lacks`);
            }
        }
    }
    const owners = raw.policies.filter((p) => p.ownsEstateSettings);
    if (owners.length !== 1) {
        problems.push(`exactly one policy must carry the estate-wide settings (ownsEstateSettings), found ${owners.length}`);
    }
    for (const id of sources.keys()) {
        if (!cited.has(id)) problems.push(`source '${id}' supports no fact of the catalog; remove it or cite it`);
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
        estateSettingsOwner: owners[0]?.name ?? "",
        integrations,
        extendedSecurityUpdates,
        raw,
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
