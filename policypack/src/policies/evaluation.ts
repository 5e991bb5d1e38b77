// One catalog policy's evaluation, independent of the SDK: its settings from the configuration the
// SDK hands over, its rule run on a scope, its exemptions, and what its Analyze calls already
// reported in this process (so stack validation does not say it twice).
import type { Catalog } from "../catalog/load";
import type { PolicyEntry } from "../catalog/types";
import { applyExemptions } from "./diagnostics";
import type { ResourceFacts } from "../model/facts";
import { buildScope, type StackTags } from "../model/scope";
import { checkPolicy, settingsOf } from "../rules";
import type { Finding } from "../rules/finding";
import type { PolicySettings } from "../settings";

export class PolicyEvaluator {
    /** Findings Analyze reported in this process (one engine operation), keyed by resource and kind. */
    private readonly reportedByAnalyze = new Map<string, Set<string>>();
    private readonly settingsCache = new Map<string, { estate?: PolicySettings; settings: PolicySettings }>();
    /** The stack findings the leader's scheduling evaluated for this policy, for its own stack validation of the same request. */
    private evaluatedAhead:
        | { resources: ResourceFacts[]; stackTags: StackTags | undefined; settings: PolicySettings; date: string; findings: Finding[] }
        | undefined;
    /** The configuration settingsFor parsed last, with the estate-wide settings it was parsed with. */
    private lastParsed: { config: Record<string, unknown>; estate?: PolicySettings; settings: PolicySettings } | undefined;
    /**
     * The policy's configuration as the SDK last handed it over, or undefined before the SDK did:
     * `pulumi policy analyze` and empty stacks call AnalyzeStack without any Analyze first.
     */
    lastConfig: Record<string, unknown> | undefined;
    /** The settings parsed from lastConfig; the owner's are every other policy's estate-wide settings. */
    lastSettings: PolicySettings | undefined;

    constructor(
        readonly entry: PolicyEntry,
        private readonly catalog: Catalog,
        private readonly today: () => string,
        /** The estate-wide settings this policy takes (undefined: it owns them, or their owner never ran). */
        private readonly estate: () => PolicySettings | undefined,
    ) {}

    settingsFor(config: Record<string, unknown>): PolicySettings {
        this.lastConfig = config;
        const estate = this.estate();
        // The SDK hands over a fresh copy of the same configuration on every call (its values the
        // same objects until the engine configures again): compared shallowly first, so the common
        // case costs no serialisation (the profile of Analyze showed JSON.stringify here).
        const last = this.lastParsed;
        if (last && last.estate === estate && sameEntries(last.config, config)) {
            this.lastSettings = last.settings;
            return last.settings;
        }
        const key = JSON.stringify(config);
        let cached = this.settingsCache.get(key);
        if (!cached || cached.estate !== estate) {
            cached = { estate, settings: settingsOf(this.entry, config, this.catalog, estate) };
            this.settingsCache.set(key, cached);
        }
        this.lastParsed = { config, estate, settings: cached.settings };
        this.lastSettings = cached.settings;
        return cached.settings;
    }

    /** The rule's findings on a scope, exemptions applied. */
    evaluate(
        resources: ResourceFacts[],
        stackTags: StackTags | undefined,
        settings: PolicySettings,
        mode: "resource" | "stack",
    ): Finding[] {
        const date = this.today();
        const scope = buildScope(mode, resources, stackTags, this.entry, settings, this.catalog, date);
        return applyExemptions(checkPolicy(this.entry, scope, settings, this.catalog), this.entry, settings, date);
    }

    /**
     * Stack validation's findings: those new to the stack that the leader's scheduling evaluated
     * ahead on the same reading (sharedReading.ts scheduleFollowers - the reason this policy runs),
     * else all of them, evaluated now; the caller reports those new to the stack. Kept for one use,
     * and no longer than the next stack validation's scheduling.
     */
    stackFindings(resources: ResourceFacts[], stackTags: StackTags | undefined, settings: PolicySettings): Finding[] {
        const ahead = this.evaluatedAhead;
        this.evaluatedAhead = undefined;
        if (
            ahead &&
            ahead.resources === resources &&
            ahead.stackTags === stackTags &&
            ahead.settings === settings &&
            ahead.date === this.today()
        )
            return ahead.findings;
        return this.evaluate(resources, stackTags, settings, "stack");
    }

    /**
     * Evaluates the stack for the leader's scheduling and returns what is new to it (isNewToStack),
     * kept for this policy's own stack validation. Only those are kept: they are held while the SDK
     * deserializes the stack again for this policy, the peak of the process's memory, and the
     * others (already reported by Analyze) would be dropped then anyway.
     */
    evaluateStackAhead(resources: ResourceFacts[], stackTags: StackTags | undefined, settings: PolicySettings): Finding[] {
        const findings = this.evaluate(resources, stackTags, settings, "stack").filter((f) => this.isNewToStack(f));
        this.evaluatedAhead = { resources, stackTags, settings, date: this.today(), findings };
        return findings;
    }

    /** Drops the findings evaluateStackAhead kept (the policy will not run). */
    forgetStackAhead() {
        this.evaluatedAhead = undefined;
    }

    /** What resource validation reports for one resource; remembered, so stack validation does not repeat it. */
    resourceFindings(facts: ResourceFacts, stackTags: StackTags | undefined, settings: PolicySettings): Finding[] {
        // Stack-wide findings, and conclusions that need the whole stack, are stack validation's.
        const findings = this.evaluate([facts], stackTags, settings, "resource").filter((f) => f.resource && !f.wholeStackOnly);
        for (const finding of findings) {
            const urn = finding.resource!.urn;
            let kinds = this.reportedByAnalyze.get(urn);
            if (!kinds) {
                kinds = new Set();
                this.reportedByAnalyze.set(urn, kinds);
            }
            kinds.add(findingKind(finding));
        }
        return findings;
    }

    /**
     * The one definition of what stack validation still has to say: stack-wide findings always, and a
     * resource's finding unless this policy's Analyze already reported it in this process.
     */
    isNewToStack(finding: Finding): boolean {
        if (!finding.resource) return true;
        // By resource, then by kind: no key holding the URN is built for every stack finding.
        const kinds = this.reportedByAnalyze.get(finding.resource.urn);
        return !kinds?.has(findingKind(finding));
    }
}

/** Whether two configurations have the same keys holding the same values (objects by identity). */
function sameEntries(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
    if (a === b) return true;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    for (const key of keys) if (a[key] !== b[key] || !Object.hasOwn(b, key)) return false;
    return true;
}

/** What identifies a finding of one resource: its code, topic and level. */
function findingKind(finding: Finding): string {
    return `${finding.code}\u0000${finding.topic ?? ""}\u0000${finding.level}`;
}
