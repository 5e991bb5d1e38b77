// Turns each catalog policy into a CrossGuard policy. Every policy validates both single
// resources (Analyze: early feedback, before a resource is created) and the whole stack
// (AnalyzeStack: declarations made by other resources), under one name, so one config entry
// governs the rule wherever it fires. What Analyze already reported is not repeated by AnalyzeStack.
//
// Cost: @pulumi/policy deserializes every resource of the stack again for each stack policy, which
// dominates AnalyzeStack. So the policy that owns the estate-wide settings (named in the catalog by
// ownsEstateSettings, and registered first) leads: it reads the stack once, runs every
// policy's rule, and lets the SDK skip (through its by-type fast path) each other policy that has
// nothing to report beyond what its Analyze calls already reported (the engine analyzes every
// resource before the stack). A policy with something new runs normally and reports it itself,
// under its own name and enforcement level. The leader also carries the estate-wide settings (tag
// keys, declarations) every policy uses.
import {
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { Catalog } from "./catalog/load";
import { PolicyEntry } from "./catalog/types";
import { readFacts, ResourceFacts } from "./model/facts";
import { citation } from "./model/messages";
import { buildScope, StackTags } from "./model/scope";
import { readStackFacts, Unreadable } from "./model/stack";
import { ruleChecks } from "./rules";
import { Finding } from "./rules/finding";
import { configSchemaFor, parseSettings, PolicySettings } from "./settings";
import { listInEnglish, printable, quoted } from "./text";

export interface PolicyOptions {
    /** Today's date as YYYY-MM-DD (UTC), for exemption expiry; injectable for tests. */
    today?: () => string;
    /**
     * Let the leader mark policies with nothing new as skippable (default true). Off, every policy
     * runs its own stack validation: the same diagnostics, slower - the property tests compare both.
     */
    stackShortcut?: boolean;
}

type CatalogPolicy = ResourceValidationPolicy & StackValidationPolicy;
type StackValidation = StackValidationPolicy["validateStack"] & { __pulumiType?: string };

/** A resource type no stack has: the SDK then skips the policy without deserializing anything. */
export const NOTHING_TO_CHECK = "uc-exchange-um-policies:no-server-this-policy-checks:InThisStack";

interface Evaluator {
    entry: PolicyEntry;
    /** Findings Analyze reported in this process (one engine operation), keyed by resource and kind. */
    reportedByAnalyze: Set<string>;
    /**
     * The policy's configuration as the SDK last handed it over, or undefined before the SDK did:
     * `pulumi policy analyze` and empty stacks call AnalyzeStack without any Analyze first.
     */
    lastConfig: Record<string, unknown> | undefined;
    settingsFor(config: Record<string, unknown>): PolicySettings;
    evaluate(resources: ResourceFacts[], stackTags: StackTags | undefined, settings: PolicySettings, mode: "resource" | "stack"): Finding[];
    validateStack: StackValidation;
}

export function buildPolicies(catalog: Catalog, options: PolicyOptions = {}): CatalogPolicy[] {
    const today = options.today ?? (() => new Date().toISOString().slice(0, 10));
    // The leader's settings as last seen; the SDK calls policies in order, the leader first.
    let estate: PolicySettings | undefined;
    const evaluators: Evaluator[] = [];
    // The note about unreadable tag references is the leader's; when the leader is disabled (it
    // never runs), the first policy that runs says it instead, still once.
    let leaderStackRuns = 0;
    let notedByFollower = false;

    // The policy that owns the estate-wide settings runs first (the SDK calls policies in the
    // order they are registered), so every other policy sees the settings it parsed.
    const ordered = [...catalog.policies].sort(
        (a, b) => Number(b.name === catalog.estateSettingsOwner) - Number(a.name === catalog.estateSettingsOwner),
    );
    return ordered.map((entry) => {
        const isLeader = entry.name === catalog.estateSettingsOwner;
        const check = ruleChecks[entry.kind];
        const cache = new Map<string, { estate?: PolicySettings; settings: PolicySettings }>();
        const reportedByAnalyze = new Set<string>();

        const evaluator: Evaluator = {
            entry,
            reportedByAnalyze,
            lastConfig: undefined,
            settingsFor(config) {
                const key = JSON.stringify(config);
                const base = isLeader ? undefined : estate;
                let cached = cache.get(key);
                if (!cached || cached.estate !== base) {
                    cached = { estate: base, settings: parseSettings(entry, config, catalog, base) };
                    cache.set(key, cached);
                }
                if (isLeader) estate = cached.settings;
                return cached.settings;
            },
            evaluate(resources, stackTags, settings, mode) {
                const date = today();
                const scope = buildScope(mode, resources, stackTags, entry, settings, catalog, date);
                return applyExemptions(check(entry, scope, settings, catalog), entry, settings, date);
            },
            validateStack: (args: StackValidationArgs, report: ReportViolation) => {
                evaluator.lastConfig = args.getConfig();
                const settings = evaluator.settingsFor(evaluator.lastConfig);
                const { facts, unreadable } = readStackFacts(args.resources, catalog, settings);
                const findings = evaluator.evaluate(facts, args.stackTags, settings, "stack");
                const configFindings: Finding[] = settings.problems.map((problem) => ({
                    code: "config",
                    message: `${problem} ${citation(catalog, entry.source)}`,
                }));
                // Said once per stack: a note per VM would bury the findings.
                if (isLeader) leaderStackRuns++;
                if (unreadable.length > 0 && (isLeader || (leaderStackRuns === 0 && !notedByFollower))) {
                    configFindings.push(unreadableNote(unreadable, settings));
                    if (!isLeader) notedByFollower = true;
                }
                for (const finding of [...configFindings, ...findings]) {
                    if (isNewToStack(finding, reportedByAnalyze)) emit(entry, finding, report);
                }
                if (isLeader && options.stackShortcut !== false) scheduleFollowers(evaluators.slice(1), facts, args.stackTags);
            },
        };
        evaluators.push(evaluator);

        return {
            name: entry.name,
            description: entry.description,
            enforcementLevel: entry.enforcementLevel,
            severity: entry.severity,
            remediationSteps: entry.remediation.join("\n"),
            url: catalog.sources.get(entry.source)?.url,
            configSchema: configSchemaFor(entry, catalog, isLeader),

            validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
                evaluator.lastConfig = args.getConfig();
                const settings = evaluator.settingsFor(evaluator.lastConfig);
                const facts = readFacts({ urn: args.urn, name: args.name, type: args.type }, args.props, catalog, settings);
                if (!facts) return;
                for (const finding of evaluator.evaluate([facts], args.stackTags, settings, "resource")) {
                    // Stack-wide findings, and conclusions that need the whole stack, are AnalyzeStack's.
                    if (!finding.resource || finding.wholeStackOnly) continue;
                    reportedByAnalyze.add(findingKey(finding));
                    emit(entry, finding, report);
                }
            },

            validateStack: evaluator.validateStack,
        };
    });
}

/**
 * Runs each follower's rule on the leader's reading of the stack and lets the SDK skip the
 * followers with nothing new to report. The few that run read the stack again themselves.
 */
function scheduleFollowers(followers: Evaluator[], facts: ResourceFacts[], stackTags: StackTags | undefined) {
    for (const follower of followers) {
        // A follower whose config the pack has not seen cannot be judged on the leader's reading:
        // its exemptions and config problems are its own. It runs and reads the stack itself.
        if (follower.lastConfig === undefined) {
            follower.validateStack.__pulumiType = undefined;
            continue;
        }
        const settings = follower.settingsFor(follower.lastConfig);
        const hasNews =
            settings.problems.length > 0 ||
            follower.evaluate(facts, stackTags, settings, "stack").some((f) => isNewToStack(f, follower.reportedByAnalyze));
        follower.validateStack.__pulumiType = hasNews ? undefined : NOTHING_TO_CHECK;
    }
}

const MAX_NAMED_UNREADABLE = 3;

/**
 * Tags a resource refers to by ID (vSphere tag and custom attribute IDs) that no resource of the
 * stack has - typically looked up with vCenter data sources - cannot be read: the pack cannot tell
 * whether these resources are communications servers, and says so instead of passing them.
 */
function unreadableNote(unreadable: Unreadable[], settings: PolicySettings): Finding {
    const keys = [settings.tagKeys.product, settings.tagKeys.cumulativeUpdate, settings.tagKeys.exchangeUm, settings.tagKeys.ucFeatures]
        .map((k) => printable(k[0]))
        .join(", ");
    const named = unreadable.slice(0, MAX_NAMED_UNREADABLE).map(
        (u) =>
            `${quoted(printable(u.resource.name))} (${u.where
                .slice(0, 2)
                .map((w) => printable(w))
                .join(", ")}${u.where.length > 2 ? ", ..." : ""})`,
    );
    if (unreadable.length > MAX_NAMED_UNREADABLE) named.push(`${unreadable.length - MAX_NAMED_UNREADABLE} more`);
    const count = unreadable.length === 1 ? "1 resource refers" : `${unreadable.length} resources refer`;
    return {
        code: "unreadable-tags",
        advisory: true,
        message:
            `${count} to tags or custom attributes by IDs that no resource of this stack has: ${listInEnglish(named)}. ` +
            "They come from outside the stack (for example vCenter tags looked up with vsphere.getTag), so the pack cannot read their category and name and cannot tell whether these resources are communications servers. " +
            `Declare the UC tags (${keys}) as Tag and TagCategory resources of this stack - existing vCenter tags can be adopted with 'pulumi import vsphere:index/tag:Tag' - or as CustomAttribute resources, and refer to their IDs.`,
    };
}

/**
 * The one definition of what stack validation still has to say: stack-wide findings always, and a
 * resource's finding unless this policy's Analyze already reported it in this process.
 */
function isNewToStack(finding: Finding, reportedByAnalyze: Set<string>): boolean {
    return !finding.resource || !reportedByAnalyze.has(findingKey(finding));
}

function findingKey(finding: Finding): string {
    return `${finding.resource?.urn ?? ""}\u0000${finding.code}\u0000${finding.advisory ? "advisory" : "policy"}`;
}

function emit(entry: PolicyEntry, finding: Finding, report: ReportViolation) {
    if (finding.advisory) {
        // The object form keeps the policy's name but lowers this one diagnostic to advisory.
        report({ message: `${entry.description}\n${finding.message}`, enforcementLevel: "advisory", urn: finding.resource?.urn } as never);
    } else {
        report(finding.message, finding.resource?.urn);
    }
}

/** Exempted findings become advisory notes naming the exemption; expired exemptions say so. */
function applyExemptions(findings: Finding[], entry: PolicyEntry, settings: PolicySettings, today: string): Finding[] {
    if (settings.exemptions.length === 0) return findings;
    return findings.map((finding) => {
        const resource = finding.resource;
        if (!resource) return finding;
        const exemption = settings.exemptions.find((e) => e.resource === resource.name || e.resource === resource.urn);
        if (!exemption) return finding;
        const name = quoted(printable(resource.name));
        if (exemption.expires < today) {
            const note = `The exemption of ${name} from this policy expired on ${exemption.expires} and no longer applies (reason given: ${exemption.reason}).`;
            return { ...finding, message: insertBeforeSource(finding.message, note) };
        }
        return {
            ...finding,
            advisory: true,
            message: `${name} is exempt from policy ${quoted(entry.name)} until ${exemption.expires} (reason: ${exemption.reason}). Without the exemption: ${finding.message}`,
        };
    });
}

/** Messages end with "Source: <url>" (CI reports read it there), so notes go before it. */
function insertBeforeSource(message: string, note: string): string {
    const at = message.lastIndexOf(" Source: ");
    return at < 0 ? `${message} ${note}` : `${message.slice(0, at)} ${note}${message.slice(at)}`;
}
