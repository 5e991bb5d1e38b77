import { Catalog } from "../catalog/load";
import { PolicyEntry } from "../catalog/types";
import { ResourceRef } from "../model/facts";
import { Scope } from "../model/scope";
import { PolicySettings } from "../settings";

export interface Finding {
    /** The resource the finding is about; absent for stack-wide findings (a bad stack tag). */
    resource?: ResourceRef;
    /** Stable kind of finding, used to avoid reporting the same thing from Analyze and AnalyzeStack. */
    code: string;
    message: string;
    /** Reported as advisory whatever the policy's enforcement level (a note, not a violation). */
    advisory?: boolean;
    /**
     * The conclusion rests on something being absent from the whole stack (no UM declaration, no
     * other server), so only stack validation may report it; resource validation sees too little.
     */
    wholeStackOnly?: boolean;
}

export type RuleCheck = (policy: PolicyEntry, scope: Scope, settings: PolicySettings, catalog: Catalog) => Finding[];
