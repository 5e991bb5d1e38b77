// Turns each catalog policy into a CrossGuard policy. Every policy validates both single
// resources (Analyze: early feedback, before a resource is created) and the whole stack
// (AnalyzeStack: declarations made by other resources), under one name, so one config entry
// governs the rule wherever it fires. What Analyze already reported is not repeated by AnalyzeStack
// (evaluation.ts), and each resource and the stack are read once for all policies (sharedReading.ts).
import { policyTags } from "./metadata";
import type {
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import type { Catalog } from "../catalog/load";
import { reportFinding } from "./diagnostics";
import { PolicyEvaluator } from "./evaluation";
import type { Finding } from "../rules/finding";
import { configSchemaOf } from "../rules";
import { SharedReading, type Skippable, unreadableNote } from "./sharedReading";

export { NOTHING_TO_CHECK } from "./sharedReading";

export interface PolicyOptions {
    /** Today's date as YYYY-MM-DD (UTC), for exemption expiry and end of support; injectable for tests. */
    today?: () => string;
    /**
     * Share the leader's readings and let it mark policies with nothing new as skippable (default
     * true). Off, every policy reads for itself and runs its own stack validation: the same
     * diagnostics, slower - the property tests compare both.
     */
    stackShortcut?: boolean;
}

type CatalogPolicy = ResourceValidationPolicy & StackValidationPolicy;

const DAY_MILLISECONDS = 86_400_000;

/**
 * Today's date (YYYY-MM-DD, UTC), formatted once per day: every policy asks for it on every
 * resource, and formatting a Date each time showed in the profile of Analyze.
 */
function utcToday(): () => string {
    let day = "";
    let nextMidnight = Number.NEGATIVE_INFINITY;
    return () => {
        const now = Date.now();
        if (now >= nextMidnight) {
            day = new Date(now).toISOString().slice(0, 10);
            nextMidnight = (Math.floor(now / DAY_MILLISECONDS) + 1) * DAY_MILLISECONDS;
        }
        return day;
    };
}

export function buildPolicies(catalog: Catalog, options: PolicyOptions = {}): CatalogPolicy[] {
    const today = options.today ?? utcToday();
    const shared = new SharedReading(catalog, options.stackShortcut !== false);

    // The owner of the estate-wide settings runs first (the SDK calls policies in the order they
    // are registered), so every other policy sees the settings it parsed.
    const ordered = [...catalog.policies].sort(
        (a, b) => Number(b.name === catalog.estateSettingsOwner) - Number(a.name === catalog.estateSettingsOwner),
    );
    return ordered.map((entry) => {
        const evaluator: PolicyEvaluator = new PolicyEvaluator(entry, catalog, today, () => shared.estateFor(evaluator));

        const validateStack = (args: StackValidationArgs, report: ReportViolation) => {
            const settings = evaluator.settingsFor(args.getConfig());
            const { facts, unreadable } = shared.stackReading(evaluator, args.resources, settings);
            const findings: Finding[] = settings.problems.map((problem) => ({
                code: "config",
                level: "policy",
                text: problem,
                source: entry.source,
            }));
            // Said once per stack: a note per VM would bury the findings.
            if (shared.saysUnreadableNote(evaluator, unreadable)) findings.push(unreadableNote(unreadable, settings));
            findings.push(...evaluator.stackFindings(facts, args.stackTags, settings));
            for (const finding of findings) {
                if (evaluator.isNewToStack(finding)) reportFinding(entry, finding, catalog, report);
            }
            shared.scheduleFollowers(evaluator, facts, args.stackTags);
        };
        shared.register(evaluator, validateStack as Skippable);

        return {
            name: entry.name,
            displayName: entry.displayName,
            tags: policyTags(entry, catalog),
            description: entry.description,
            enforcementLevel: entry.enforcementLevel,
            severity: entry.severity,
            remediationSteps: entry.remediation.join("\n"),
            url: catalog.sources.get(entry.source)?.url,
            configSchema: configSchemaOf(entry, catalog, shared.isLeader(evaluator)),

            validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
                const settings = evaluator.settingsFor(args.getConfig());
                const facts = shared.resourceFacts(evaluator, { urn: args.urn, name: args.name, type: args.type }, args.props, settings);
                if (!facts) return;
                for (const finding of evaluator.resourceFindings(facts, args.stackTags, settings))
                    reportFinding(entry, finding, catalog, report);
            },

            validateStack,
        };
    });
}
