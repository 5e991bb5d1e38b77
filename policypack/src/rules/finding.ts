import type { ResourceRef } from "../model/facts";

/**
 * Finding codes more than one kind reports: input the pack cannot use (configuration, stack tags,
 * resource tags) and update-level conclusions. A code only one kind reports is declared in that
 * kind's module (`findingCodes`); rules/kinds.ts unites them all as FindingCode. Codes are stable,
 * so Analyze and AnalyzeStack can tell repeats apart.
 */
export type SharedFindingCode =
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
    | "below-minimum"
    | "unverifiable-update";

/**
 * "policy": reported at the policy's enforcement level (mandatory or advisory, as configured);
 * "advisory": a note whatever that level is (nothing is violated, or the pack cannot tell yet).
 */
export type FindingLevel = "policy" | "advisory";

export interface Finding<Code extends string = string> {
    /** The resource the finding is about; absent for stack-wide findings (a bad stack tag). */
    resource?: ResourceRef;
    code: Code;
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
