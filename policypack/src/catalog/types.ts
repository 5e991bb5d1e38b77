// The shape of the rule catalog (rules/*.json, merged by scripts/build.js). The JSON Schema in
// rules/catalog.schema.json is the authority; these types mirror it for the compiler.

export interface SourceEntry {
    title: string;
    url: string;
    repository?: string;
    path?: string;
}

export interface FamilyEntry {
    id: string;
    name: string;
    /** Matched against the normalised product value (see normalizeToken). */
    pattern: string;
}

export interface BuildEntry {
    update: number;
    build: string;
    released?: string;
    kb?: string;
}

export interface ProductEntry {
    id: string;
    name: string;
    family: string;
    role: "communications-server" | "exchange-server";
    aliases: string[];
    builds: {
        prefix: string;
        source?: string;
        unmappedReason?: string;
        table?: BuildEntry[];
    };
    endOfSupport?: { date: string; source: string };
}

export interface FeatureEntry {
    id: string;
    name: string;
    aliases: string[];
    limitation: string;
}

export type PolicyKind =
    | "minimum-cumulative-update"
    | "unsupported-communications-server"
    | "unified-messaging-removed"
    | "feature-requires-newer-servers"
    | "end-of-support";

export interface MinimumEntry {
    product: string;
    update: number;
    source: string;
}

export interface PolicyEntry {
    name: string;
    kind: PolicyKind;
    description: string;
    enforcementLevel: "advisory" | "mandatory" | "disabled";
    severity: "low" | "medium" | "high" | "critical";
    remediation: string[];
    source: string;
    seeAlso?: string[];
    documentedFor?: string[];
    products?: string[];
    legacyProducts?: string[];
    requires?: string;
    minimums?: MinimumEntry[];
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
    policies: PolicyEntry[];
}
