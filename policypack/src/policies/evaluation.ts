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
    private readonly reportedByAnalyze = new Set<string>();
    private readonly settingsCache = new Map<string, { estate?: PolicySettings; settings: PolicySettings }>();
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
        const key = JSON.stringify(config);
        const estate = this.estate();
        let cached = this.settingsCache.get(key);
        if (!cached || cached.estate !== estate) {
            cached = { estate, settings: settingsOf(this.entry, config, this.catalog, estate) };
            this.settingsCache.set(key, cached);
        }
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

    /** What resource validation reports for one resource; remembered, so stack validation does not repeat it. */
    resourceFindings(facts: ResourceFacts, stackTags: StackTags | undefined, settings: PolicySettings): Finding[] {
        // Stack-wide findings, and conclusions that need the whole stack, are stack validation's.
        const findings = this.evaluate([facts], stackTags, settings, "resource").filter((f) => f.resource && !f.wholeStackOnly);
        for (const finding of findings) this.reportedByAnalyze.add(findingKey(finding));
        return findings;
    }

    /**
     * The one definition of what stack validation still has to say: stack-wide findings always, and a
     * resource's finding unless this policy's Analyze already reported it in this process.
     */
    isNewToStack(finding: Finding): boolean {
        return !finding.resource || !this.reportedByAnalyze.has(findingKey(finding));
    }
}

function findingKey(finding: Finding): string {
    return [finding.resource?.urn ?? "", finding.code, finding.topic ?? "", finding.level].join("\u0000");
}
