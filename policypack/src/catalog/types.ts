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
    released?: string;
    kb?: string;
    source: string;
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
    successor?: { product: string; route: string; source: string; alsoSources?: string[] };
}

export interface FeatureEntry {
    id: string;
    name: string;
    aliases: string[];
    /** Limitations that apply only where a server of one of these products remains. */
    limitations: Array<{ products: string[]; text: string }>;
    source: string;
}

export type PolicyKind =
    | "minimum-cumulative-update"
    | "unsupported-communications-server"
    | "unified-messaging-removed"
    | "feature-requires-newer-servers"
    | "end-of-support"
    | "integration-matrix";

export interface MinimumEntry {
    product: string;
    update: number;
    source: string;
}

export type VoicemailOption = "exchange-um" | "cloud-voicemail" | "not-supported";

export interface VoicemailMatrix {
    source: string;
    exchange: string[];
    rows: Array<{ server: string; options: Record<string, VoicemailOption> }>;
    notSupportedAdvice: string;
}

export type PolicyTopic =
    | "unified-messaging"
    | "cumulative-updates"
    | "supported-versions"
    | "exchange-integration"
    | "features"
    | "end-of-support";

export interface PolicyEntry {
    name: string;
    /** The name Pulumi Cloud shows. */
    displayName: string;
    topics: PolicyTopic[];
    kind: PolicyKind;
    description: string;
    enforcementLevel: "advisory" | "mandatory" | "disabled";
    severity: "low" | "medium" | "high" | "critical";
    remediation: string[];
    remediationSources: string[];
    source: string;
    /** This policy's config carries the estate-wide settings every policy uses. */
    ownsEstateSettings?: true;
    documentedFor?: string[];
    documentedForSources?: string[];
    products?: string[];
    /** The communications servers the source lists (unsupported-communications-server). */
    listed?: string[];
    removedFrom?: Array<{ product: string; basis?: string; source: string; alsoSources?: string[] }>;
    voicemail?: VoicemailMatrix;
    /** The features a feature-requires-newer-servers policy speaks for. */
    features?: string[];
    legacyProducts?: string[];
    requires?: string;
    minimums?: MinimumEntry[];
}

export type IntegrationStatus = "supported" | "limited" | "not-supported" | "conflicting" | "not-documented";

export interface IntegrationCell {
    status: IntegrationStatus;
    sources?: string[];
    note?: string;
    basis?: "indirect" | "unversioned";
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
    policies: PolicyEntry[];
}
