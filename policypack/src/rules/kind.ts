// What a policy kind is: one module (rules/<kind>.ts) exporting one PolicyKind, registered with one
// line in rules/kinds.ts. The module holds the kind's check, the JSON Schema and TypeScript type of
// the catalog data it reads (`params` of its policies in rules/policies.json), the finding codes
// only it reports, its own configuration if it takes any, and what its params need checked beyond
// the schema. Nothing else names the kind: the build composes the catalog schema from paramsSchema,
// and the loader checks every reference that schema declares ($ref productId, sourceId, ...).
import type { Catalog } from "../catalog/load";
import type { PolicyEntry } from "../catalog/types";
import type { Scope } from "../model/scope";
import type { KindConfig, PolicySettings } from "../settings";
import type { Finding, SharedFindingCode } from "./finding";

/** A JSON Schema object; `$ref`s resolve against rules/catalog.schema.json (its `definitions`). */
export type JsonSchema = { readonly [keyword: string]: unknown };

export interface PolicyKind<Kind extends string = string, Params = unknown, Code extends string = string> {
    kind: Kind;
    /** What the kind does, for the catalog schema's `kind` description. */
    summary: string;
    /** The schema of `params`; absent: the kind takes no catalog data, and a policy giving some is refused. */
    paramsSchema?: JsonSchema;
    /** The codes only this kind reports (SharedFindingCode lists the others). */
    findingCodes: readonly Code[];
    /** A pure check: findings as data (phrase them with model/messages.ts). */
    check(
        policy: PolicyEntry<Kind, Params>,
        scope: Scope,
        settings: PolicySettings,
        catalog: Catalog,
    ): Array<Finding<Code | SharedFindingCode>>;
    /** The kind's own configuration: schema properties and how they are read. */
    config?: KindConfig<unknown, PolicyEntry<Kind, Params>>;
    /** What the schema cannot say about a policy's params (an order, an update Microsoft published), as problems naming the policy. */
    checkParams?(policy: PolicyEntry<Kind, Params>, catalog: Catalog): string[];
}

/** Declares a kind, inferring its name, params and codes from the module (no list to keep in step). */
export function definePolicyKind<const Kind extends string, Params, const Code extends string>(
    kind: PolicyKind<Kind, Params, Code>,
): PolicyKind<Kind, Params, Code> {
    return kind;
}

/** A finding of a kind whose own codes are `Codes` (the module's findingCodes, `as const`). */
export type FindingOf<Codes extends readonly string[]> = Finding<Codes[number] | SharedFindingCode>;

/** The catalog's policies of one kind, typed by its module (the schema validated their params). */
export function policiesOf<Kind extends string, Params, Code extends string>(
    catalog: Catalog,
    kind: PolicyKind<Kind, Params, Code>,
): Array<PolicyEntry<Kind, Params>> {
    return catalog.policies.filter((policy): policy is PolicyEntry<Kind, Params> => policy.kind === kind.kind);
}
