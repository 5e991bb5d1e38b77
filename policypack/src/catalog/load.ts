// Loads the rule catalog compiled into the pack and indexes it for the parsers and rules.
// scripts/build.js checks the catalog in full (its JSON Schema, the references, every kind's
// checks) and then records the digest of the file it checked. A pack whose catalog file still has
// that digest is indexed without checking it again - the checks are a tenth of the pack's start-up
// and the precompiled validator alone is half of the pack's code. A file with another digest (an
// installed pack edited by hand, a damaged install) or with none is checked in full, so it stops
// the pack with a clear error instead of running with wrong or no rules.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type validateCatalogShapeType from "../generated/validate-catalog";
import { isCalendarDate, normalizeToken } from "../text";
import { findReferences, locateInstance, type ReferenceKind } from "./references";
import { compareBuilds, parseBuild } from "./builds";
import { TagModels } from "./tagModels";
import type {
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

/** The catalog file and the digest scripts/build.js writes beside it once the file passed every check. */
export const CATALOG_FILE = "catalog.json";
export const CHECKED_DIGEST_FILE = "catalog-checked.json";

export interface PackagedCatalog {
    raw: unknown;
    /** The file is byte for byte the one scripts/build.js checked in full: its digest is the recorded one. */
    checkedAtBuild: boolean;
}

export function catalogDigest(text: string): string {
    return createHash("sha256").update(text).digest("hex");
}

/** Reads the catalog compiled into the pack (from `dir`, the pack's generated/ folder unless a test says). */
export function readPackagedCatalog(dir = path.join(__dirname, "..", "generated")): PackagedCatalog {
    const file = path.join(dir, CATALOG_FILE);
    let raw: unknown;
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
        raw = JSON.parse(text);
    } catch (e) {
        throw new CatalogError([`${file} cannot be read as JSON (${(e as Error).message}); reinstall the pack`]);
    }
    return { raw, checkedAtBuild: catalogDigest(text) === recordedDigest(dir) };
}

function recordedDigest(dir: string): string | undefined {
    try {
        const { sha256 } = JSON.parse(fs.readFileSync(path.join(dir, CHECKED_DIGEST_FILE), "utf8"));
        return typeof sha256 === "string" ? sha256 : undefined;
    } catch {
        return undefined; // no record (a build that failed its checks writes none): check in full
    }
}

let packaged: PackagedCatalog | undefined;
/** The pack's own catalog, read once per process. */
export function packagedCatalog(): PackagedCatalog {
    packaged ??= readPackagedCatalog();
    return packaged;
}

/**
 * Indexes a catalog, checking what the JSON Schema cannot: references, collisions and order. The
 * references are not walked again for a catalog the build checked (`checkedAtBuild`); the other
 * checks are part of indexing and cost nothing extra.
 */
export function indexCatalog(raw: RawCatalog, { checkedAtBuild = false } = {}): Catalog {
    const problems: string[] = [];
    if (!checkedAtBuild) checkReferences(raw, problems);
    const { products, productsByAlias, buildTables } = indexProducts(raw.products, problems);
    const families = indexFamilies(raw, problems);
    const featuresByAlias = indexFeatures(raw.features, problems);
    const integrations = indexIntegrations(raw, products, buildTables, problems);
    const extendedSecurityUpdates = indexExtendedSecurityUpdates(raw, products, problems);
    const toggleOn = new Set(raw.toggle.on.map(normalizeToken));
    const toggleOff = new Set(raw.toggle.off.map(normalizeToken));
    for (const word of toggleOn) if (toggleOff.has(word)) problems.push(`'${word}' is both an on and an off value`);
    checkPolicyNames(raw.policies, problems);
    const owners = raw.policies.filter((p) => p.ownsEstateSettings);
    if (owners.length !== 1) {
        problems.push(`exactly one policy must carry the estate-wide settings (ownsEstateSettings), found ${owners.length}`);
    }
    const tagModels = new TagModels(raw.tagModels, raw.tagProperties, problems);

    if (problems.length > 0) throw new CatalogError(problems);
    return {
        sources: new Map(Object.entries(raw.sources)),
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

type BuildTables = Map<string, Array<BuildEntry & { parts: number[] }>>;

function indexProducts(entries: ProductEntry[], problems: string[]) {
    const products = new Map<string, ProductEntry>();
    const productsByAlias = new Map<string, ProductEntry>();
    const buildTables: BuildTables = new Map();
    for (const product of entries) {
        if (products.has(product.id)) problems.push(`product '${product.id}' is defined twice`);
        products.set(product.id, product);
        for (const alias of [product.name, product.id, ...product.aliases]) {
            const key = normalizeToken(alias);
            const owner = productsByAlias.get(key);
            if (owner && owner !== product) problems.push(`alias '${alias}' of '${product.id}' also names '${owner.id}'`);
            productsByAlias.set(key, product);
        }
        const date = product.lifecycle.policy === "fixed" ? product.lifecycle.endOfSupport : product.lifecycle.released;
        if (date !== undefined && !isCalendarDate(date)) problems.push(`product '${product.id}' has an impossible lifecycle date ${date}`);
        const table = buildTableOf(product, problems);
        if (table.length > 0) buildTables.set(product.id, table);
    }
    return { products, productsByAlias, buildTables };
}

/** A product's update table with its builds parsed, checked to ascend in updates and in builds. */
function buildTableOf(product: ProductEntry, problems: string[]): Array<BuildEntry & { parts: number[] }> {
    const table = (product.builds.table ?? []).map((entry) => ({ ...entry, parts: entry.build ? parseBuild(entry.build) : [] }));
    let previousBuild: (BuildEntry & { parts: number[] }) | undefined;
    table.forEach((entry, i) => {
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
    return table;
}

function indexFamilies(raw: RawCatalog, problems: string[]): Family[] {
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
        if (family && !family.pattern.test(normalizeToken(product.name))) {
            problems.push(`the pattern of family '${family.id}' does not match its own product '${product.name}'`);
        }
    }
    return families;
}

function indexFeatures(features: FeatureEntry[], problems: string[]): Map<string, FeatureEntry> {
    const featuresByAlias = new Map<string, FeatureEntry>();
    for (const feature of features) {
        for (const alias of [feature.id, feature.name, ...feature.aliases]) {
            const key = normalizeToken(alias);
            const owner = featuresByAlias.get(key);
            if (owner && owner !== feature) problems.push(`feature alias '${alias}' names both '${owner.id}' and '${feature.id}'`);
            featuresByAlias.set(key, feature);
        }
    }
    return featuresByAlias;
}

/**
 * The matrix is a complete grid: every row has a cell for every Exchange version the catalog knows,
 * so "not documented" is always a value someone wrote down, never a gap. Every documented cell rests
 * on quotes (Microsoft's sentences, word for word); its sources are those of its quotes.
 */
function indexIntegrations(
    raw: RawCatalog,
    products: Map<string, ProductEntry>,
    buildTables: BuildTables,
    problems: string[],
): Map<string, IntegrationEntry> {
    const exchangeIds = raw.products.filter((p) => p.role === "exchange-server").map((p) => p.id);
    const quoted = new Set<string>();
    const integrations = new Map<string, IntegrationEntry>();
    for (const integration of raw.integrations) {
        const where = `integration '${integration.feature}'`;
        const rows = integration.rows.map((row) => {
            const server = products.get(row.server);
            if (server && server.role !== "communications-server")
                problems.push(`${where} has a row for '${row.server}', which is not a communications server`);
            if (integration.rows.filter((r) => r.server === row.server).length > 1)
                problems.push(`${where} has two rows for '${row.server}'`);
            for (const id of exchangeIds)
                if (!row.cells[id])
                    problems.push(`${where} has no cell for '${row.server}' with '${id}' (write not-documented if Microsoft says nothing)`);
            const cells: Record<string, IntegrationCell> = {};
            for (const [id, cell] of Object.entries(row.cells)) {
                const at = `${where} cell '${row.server}' x '${id}'`;
                if (products.has(id) && !exchangeIds.includes(id))
                    problems.push(`${where} has a cell for '${id}', which is not an Exchange version`);
                checkCondition(cell, cell.condition?.on === "server" ? row.server : id, at, products, buildTables, problems);
                const cited = [...(cell.quotes ?? []), ...(cell.via ?? []), ...(cell.condition ? [cell.condition.quote] : [])];
                for (const quote of cited) quoted.add(quote);
                // Unknown quotes are reported with every other reference (checkReferences).
                const sources = [...new Set(cited.map((quote) => raw.quotes[quote]?.source).filter((s): s is string => s !== undefined))];
                cells[id] = cell.status === "not-documented" ? cell : { ...cell, sources };
            }
            return { ...row, cells };
        });
        integrations.set(integration.feature, { ...integration, rows });
    }
    for (const id of Object.keys(raw.quotes))
        if (!quoted.has(id)) problems.push(`quote '${id}' supports no cell of the matrix; remove it or cite it`);
    return integrations;
}

/** A condition sits on a supported cell and names an update Microsoft published for its product. */
function checkCondition(
    cell: IntegrationCell,
    product: string,
    at: string,
    products: Map<string, ProductEntry>,
    buildTables: BuildTables,
    problems: string[],
): void {
    const condition = cell.condition;
    if (!condition) return;
    if (cell.status !== "supported") problems.push(`${at} has a condition but is not supported`);
    const table = buildTables.get(product);
    if (condition.update > 0 && table && products.get(product)?.builds.complete && !table.some((e) => e.update === condition.update))
        problems.push(`${at} requires CU${condition.update} of '${product}', which Microsoft's update list for it lacks`);
}

/** Extended Security Update periods: products past a fixed end of support, dates in order. */
function indexExtendedSecurityUpdates(raw: RawCatalog, products: Map<string, ProductEntry>, problems: string[]): Map<string, EsuPeriod[]> {
    const extendedSecurityUpdates = new Map<string, EsuPeriod[]>();
    for (const programme of raw.extendedSecurityUpdates) {
        for (const id of programme.products) {
            const product = products.get(id);
            const where = `the Extended Security Update periods of '${id}'`;
            // An unknown product is reported with every other reference (checkReferences).
            if (product && product.lifecycle.policy !== "fixed")
                problems.push(`${where} belong to a product without a fixed end of support`);
            if (extendedSecurityUpdates.has(id)) problems.push(`${where} are given twice`);
            let previousEnd = product?.lifecycle.policy === "fixed" ? product.lifecycle.endOfSupport : "";
            for (const period of programme.periods) {
                for (const date of [period.start, period.end])
                    if (!isCalendarDate(date)) problems.push(`${where} (${period.name}) have an impossible date ${date}`);
                if (period.start <= previousEnd || period.end < period.start)
                    problems.push(`${where} are not in date order after the end of support at ${period.name}`);
                previousEnd = period.end;
            }
            extendedSecurityUpdates.set(id, programme.periods);
        }
    }
    return extendedSecurityUpdates;
}

function checkPolicyNames(policies: PolicyEntry[], problems: string[]): void {
    const policyNames = new Set<string>();
    for (const policy of policies) {
        if (policyNames.has(policy.name)) problems.push(`policy '${policy.name}' is defined twice`);
        policyNames.add(policy.name);
    }
}

/**
 * The pack's own catalog (no argument) or the given one, indexed. A catalog the build did not check
 * byte for byte is first validated with the validator precompiled at build time, loaded only then.
 */
export function loadCatalog(raw?: unknown): Catalog {
    if (raw === undefined) {
        const { raw: own, checkedAtBuild } = packagedCatalog();
        if (checkedAtBuild) return indexCatalog(own as RawCatalog, { checkedAtBuild });
        raw = own;
    }
    const validateCatalogShape: typeof validateCatalogShapeType = require("../generated/validate-catalog");
    if (!validateCatalogShape(raw)) {
        const errors = (validateCatalogShape.errors ?? []).map(
            (e) =>
                `${locateInstance(raw, e.instancePath)} ${e.message ?? "is invalid"}${typeof e.params?.additionalProperty === "string" ? ` ('${e.params.additionalProperty}')` : ""}`,
        );
        throw new CatalogError(errors.length > 0 ? errors : ["it does not match rules/catalog.schema.json"]);
    }
    return indexCatalog(raw as RawCatalog);
}

/**
 * Every reference the schema declares points at an entry that exists, and every source supports a fact.
 * Each problem names the entry and field ("policy 'x' minimums[1].source cites unknown source 'y'").
 */
function checkReferences(raw: RawCatalog, problems: string[]): void {
    const known: Record<ReferenceKind, Set<string>> = {
        source: new Set(Object.keys(raw.sources)),
        product: new Set(raw.products.map((p) => p.id)),
        feature: new Set(raw.features.map((f) => f.id)),
        family: new Set(raw.families.map((f) => f.id)),
        quote: new Set(Object.keys(raw.quotes)),
    };
    const cited = new Set<string>();
    for (const { kind, id, owner, field } of findReferences(raw)) {
        if (kind === "source") cited.add(id);
        if (known[kind].has(id)) continue;
        const verb = kind === "source" ? "cites" : "names";
        problems.push(`${owner}${field ? ` ${field}` : ""} ${verb} unknown ${kind} '${id}'`);
    }
    for (const id of known.source)
        if (!cited.has(id)) problems.push(`source '${id}' supports no fact of the catalog; remove it or cite it`);
}
