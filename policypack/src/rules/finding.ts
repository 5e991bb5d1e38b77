import type { Catalog } from "../catalog/load";
import type { PolicyEntry } from "../catalog/types";
import type { ResourceRef } from "../model/facts";
import type { Scope } from "../model/scope";
import type { KindConfig, PolicySettings } from "../settings";

/** Every kind of finding the pack can report; stable, so Analyze and AnalyzeStack can tell repeats apart. */
export type FindingCode =
    // Input the pack cannot use: configuration, stack tags, resource tags.
    | "config"
    | "invalid-stack-tag"
    | "invalid-features"
    | "invalid-um-flag"
    | "invalid-update"
    | "missing-update"
    | "unresolved-product"
    | "unknown-tags"
    | "unknown-update"
    | "unreadable-tags"
    // What the rules conclude.
    | "below-minimum"
    | "unverifiable-update"
    | "no-documented-requirement"
    | "not-applicable"
    | "unsupported"
    | "um-declared"
    | "legacy-server"
    | "end-of-support"
    | "integration-not-supported"
    | "integration-below-minimum"
    | "integration-not-documented"
    | "no-exchange"
    | "coexistence-not-supported"
    | "coexistence-not-documented"
    | "coexistence-unconfirmed"
    | "coexistence-inconsistent"
    | "coexistence-blocked";

/**
 * "policy": reported at the policy's enforcement level (mandatory or advisory, as configured);
 * "advisory": a note whatever that level is (nothing is violated, or the pack cannot tell yet).
 */
export type FindingLevel = "policy" | "advisory";

export interface Finding {
    /** The resource the finding is about; absent for stack-wide findings (a bad stack tag). */
    resource?: ResourceRef;
    code: FindingCode;
    /** The catalog id the finding is about besides the resource (the integration of a matrix finding). */
    topic?: string;
    level: FindingLevel;
    /** What was found, what is required and what to do, without the source (see renderMessage). */
    text: string;
    /** The catalog source the conclusion rests on; absent when the finding is about unusable input. */
    source?: string;
    /**
     * The conclusion rests on something being absent from the whole stack (no UM declaration, no
     * other server), so only stack validation may report it; resource validation sees too little.
     */
    wholeStackOnly?: boolean;
}

export type RuleCheck = (policy: PolicyEntry, scope: Scope, settings: PolicySettings, catalog: Catalog) => Finding[];

/** A policy kind: its check, and its own configuration if it takes any. */
export interface RuleKind {
    check: RuleCheck;
    config?: KindConfig<unknown>;
}
