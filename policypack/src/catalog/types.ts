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

export interface PolicyEntry {
    name: string;
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
    /** Set when other policies check this integration (voice mail: the Exchange UM policies). */
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

export interface RawCatalog {
    sources: Record<string, SourceEntry>;
    families: FamilyEntry[];
    products: ProductEntry[];
    tagProperties: string[];
    tagKeys: TagKeys;
    toggle: { on: string[]; off: string[] };
    features: FeatureEntry[];
    integrations: IntegrationEntry[];
    policies: PolicyEntry[];
}
