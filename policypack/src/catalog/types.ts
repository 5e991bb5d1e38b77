// The shape of the rule catalog (rules/*.json, merged by scripts/build.js). The JSON Schema in
// rules/catalog.schema.json is the authority; these types mirror it for the compiler.

export interface SourceEntry {
    title: string;
    url: string;
    /** Microsoft, or the community where Microsoft published nothing. */
    publisher: "Microsoft" | "community";
    /** When the fact was last checked against the source (YYYY-MM-DD). */
    checked: string;
    repository?: string;
    path?: string;
    revision?: string;
    /** The page's own ms.date in the copy read. */
    msDate?: string;
    /** Which public copy of the page was read, when it is not (only) the revision above. */
    copyRead?: string;
    /** The text was read only in a syndicated copy at this address, not at Microsoft's own. */
    copy?: "syndicated";
    note?: string;
}

export interface FamilyEntry {
    id: string;
    name: string;
    /** Matched against the normalised product value (see normalizeToken). */
    pattern: string;
}

export interface BuildEntry {
    update: number;
    /** Microsoft's name for the update when it is not "Cumulative Update N". */
    name?: string;
    build?: string;
    /** The build is one build of this update (a hotfix), not its release build. */
    within?: boolean;
    /** Microsoft's short name when the product names updates by service pack and rollup ("SP3 RU11"). */
    label?: string;
    /** Other names Microsoft gives the same update (Exchange 2013 "SP1" is Cumulative Update 4). */
    aliases?: string[];
    released?: string;
    kb?: string;
    source: string;
}

/** A paid Extended Security Update period after a product's end of support (rules/lifecycle.json). */
export interface EsuPeriod {
    name: string;
    start: string;
    /** The last day the period covers. */
    end: string;
    source: string;
    note?: string;
}

export interface EsuProgramme {
    products: string[];
    periods: EsuPeriod[];
}

export type Lifecycle =
    | { policy: "fixed"; endOfSupport: string; source: string; alsoSources?: string[] }
    | { policy: "modern"; released?: string; source: string; alsoSources?: string[] };

export interface ProductEntry {
    id: string;
    name: string;
    family: string;
    role: "communications-server" | "exchange-server";
    aliases: string[];
    nameSource: string;
    builds: {
        prefix: string;
        prefixSource?: string;
        unmappedReason?: string;
        table?: BuildEntry[];
        /** The table lists every update Microsoft published for the product. */
        complete?: { source: string; note: string };
    };
    lifecycle: Lifecycle;
    /** The supported successor and the migration path Microsoft documents to it. */
    successor?: {
        product: string;
        route: string;
        source: string;
        alsoSources?: string[];
        /** The update a server must run before the route opens (update 0: the route is open from any update). */
        upgradeFrom?: { update: number; text: string; source: string };
    };
}

export interface FeatureEntry {
    id: string;
    name: string;
    aliases: string[];
    /** Limitations that apply only where a server of one of these products remains. */
    limitations: Array<{ products: string[]; text: string }>;
    source: string;
}

export type PolicyTopic =
    | "unified-messaging"
    | "cumulative-updates"
    | "supported-versions"
    | "exchange-integration"
    | "features"
    | "end-of-support";

/**
 * What every catalog policy has. What its kind reads is `params`, whose shape and JSON Schema the
 * kind's module declares (rules/<kind>.ts); the build composes the catalog schema from them, so the
 * catalog layer never lists a kind's fields. `Kind` and `Params` are narrowed by the kind's module.
 */
export interface PolicyEntry<Kind extends string = string, Params = unknown> {
    name: string;
    /** The name Pulumi Cloud shows. */
    displayName: string;
    topics: PolicyTopic[];
    /** A kind registered in rules/kinds.ts. */
    kind: Kind;
    description: string;
    enforcementLevel: "advisory" | "mandatory" | "disabled";
    severity: "low" | "medium" | "high" | "critical";
    remediation: string[];
    remediationSources: string[];
    source: string;
    /** This policy's config carries the estate-wide settings every policy uses. */
    ownsEstateSettings?: true;
    /** The kind's own data, validated against its module's paramsSchema (absent for kinds that take none). */
    params: Params;
}

export type IntegrationStatus = "supported" | "limited" | "not-supported" | "conflicting" | "not-documented";

/**
 * How a cell was read from Microsoft's sentence (docs/integrations.md, "Reading rules"): direct, the
 * sentence names both versions; unversioned, it names a product without its version; indirect, it is a
 * general statement, or a statement about another version carried over by code equivalence (via).
 */
export type IntegrationBasis = "direct" | "unversioned" | "indirect";

/** A sentence of a Microsoft page, word for word, that cells of the matrix rest on. */
export interface IntegrationQuote {
    source: string;
    text: string;
    /** What the sentence says, once, for the cells it reaches (a code-equivalence sentence, used as via, has none). */
    reads?: QuoteReading[];
}

/** One answer of a sentence: for these features, servers and Exchange versions, this status, read this way. */
export interface QuoteReading {
    features: string[];
    servers: string[];
    exchange: string[];
    status: "supported" | "limited" | "not-supported";
    basis: IntegrationBasis;
    /** The minimum update of the communications server the sentence requires. */
    update?: number;
}

/** A supported cell that needs a minimum update on the row's communications server or the column's Exchange server. */
export interface CellCondition {
    on: "server" | "exchange";
    update: number;
    quote: string;
    /**
     * Why the sentence's update number may not name this version's update (it was written before the
     * version existed): below it, the finding is advice, not a violation.
     */
    unconfirmed?: string;
}

export interface IntegrationCell {
    status: IntegrationStatus;
    basis?: IntegrationBasis;
    /** The sentences the cell rests on (ids in RawCatalog.quotes), the deciding one first. */
    quotes?: string[];
    /** Code-equivalence sentences that carry another version's cell to this one. */
    via?: string[];
    condition?: CellCondition;
    note?: string;
    /** Filled by the loader: the sources of the quotes, via and condition, in that order. */
    sources?: string[];
}

/** What Microsoft documents for one integration, per communications server and Exchange version. */
export interface IntegrationEntry {
    feature: string;
    /** Other policies that also check this integration, for the docs (voice mail: the Exchange UM policies). */
    checkedBy?: string;
    rows: Array<{ server: string; cells: Record<string, IntegrationCell> }>;
    prerequisites: Array<{ text: string; source: string }>;
    clients?: { text: string; source: string };
}

export interface TagKeys {
    product: string[];
    cumulativeUpdate: string[];
    exchangeUm: string[];
    ucFeatures: string[];
}

/** Where a provider keeps tags (rules/providers.json). */
export type TagShape = "map" | "list" | "namespaced-map" | "reference-list" | "reference-keyed-map";

export interface TagReferences {
    /** The type of the resources whose IDs the property holds (vsphere:index/tag:Tag). */
    type: string;
    /** Properties holding a referenced resource's ID, in order; "id" when absent. */
    idProperties?: string[];
    /** The property of the referenced resource that holds the tag value. */
    value?: string;
    /** Where the tag key is: a property of the referenced resource, or of a resource it references. */
    key: { property: string; via?: string; type?: string };
}

export interface TagPropertyEntry {
    property: string;
    shape: TagShape;
    /** For lists of objects: the field holding the key ("key" and "Key" when absent). */
    keyField?: string;
    /** For reference lists of objects: the field holding the referenced ID. */
    elementField?: string;
    references?: TagReferences;
}

export interface ProviderSchemaSource {
    repository: string;
    path: string;
    version: string;
    commit?: string;
    checkedVia?: string;
    note?: string;
}

export interface TagModelEntry {
    id: string;
    name: string;
    schema: ProviderSchemaSource;
    resources: Array<{ types?: string[]; typePattern?: string; tagProperties: TagPropertyEntry[] }>;
}

export interface UntaggableProviderEntry {
    id: string;
    name: string;
    schema?: ProviderSchemaSource;
    reason: string;
}

export interface RawCatalog {
    sources: Record<string, SourceEntry>;
    families: FamilyEntry[];
    products: ProductEntry[];
    tagProperties: string[];
    tagModels: TagModelEntry[];
    untaggableProviders?: UntaggableProviderEntry[];
    tagKeys: TagKeys;
    toggle: { on: string[]; off: string[] };
    features: FeatureEntry[];
    integrations: IntegrationEntry[];
    quotes: Record<string, IntegrationQuote>;
    extendedSecurityUpdates: EsuProgramme[];
    policies: PolicyEntry[];
}
