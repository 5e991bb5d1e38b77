// Turns each catalog policy into a CrossGuard policy. Every policy validates both single
// resources (Analyze: early feedback, before a resource is created) and the whole stack
// (AnalyzeStack: declarations made by other resources), under one name, so one config entry
// governs the rule wherever it fires. What Analyze already reported is not repeated by AnalyzeStack.
import { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { Catalog } from "./catalog/load";
import { PolicyEntry } from "./catalog/types";
import { readFacts, ResourceFacts } from "./model/facts";
import { citation } from "./model/messages";
import { buildScope } from "./model/scope";
import { ruleChecks } from "./rules";
import { Finding } from "./rules/finding";
import { configSchemaFor, parseSettings, PolicySettings } from "./settings";
import { printable, quoted } from "./text";

export interface PolicyOptions {
    /** Today's date as YYYY-MM-DD (UTC), for exemption expiry; injectable for tests. */
    today?: () => string;
}

type CatalogPolicy = ResourceValidationPolicy & StackValidationPolicy;

export function buildPolicies(catalog: Catalog, options: PolicyOptions = {}): CatalogPolicy[] {
    const today = options.today ?? (() => new Date().toISOString().slice(0, 10));
    return catalog.policies.map((entry) => buildPolicy(entry, catalog, today));
}

function buildPolicy(entry: PolicyEntry, catalog: Catalog, today: () => string): CatalogPolicy {
    const check = ruleChecks[entry.kind];
    const settingsCache = new Map<string, PolicySettings>();
    const settingsFor = (config: Record<string, unknown>): PolicySettings => {
        const key = JSON.stringify(config);
        let settings = settingsCache.get(key);
        if (!settings) {
            settings = parseSettings(entry, config, catalog);
            settingsCache.set(key, settings);
        }
        return settings;
    };
    // Findings Analyze reported in this process (one engine operation), keyed by resource and kind.
    const reportedByAnalyze = new Set<string>();

    return {
        name: entry.name,
        description: entry.description,
        enforcementLevel: entry.enforcementLevel,
        severity: entry.severity,
        remediationSteps: entry.remediation.join("\n"),
        url: catalog.sources.get(entry.source)?.url,
        configSchema: configSchemaFor(entry, catalog),

        validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
            const settings = settingsFor(args.getConfig());
            const resource = { urn: args.urn, name: args.name, type: args.type };
            const facts = readFacts(resource, args.props, catalog, settings);
            if (!facts) return;
            const scope = buildScope("resource", [facts], args.stackTags, entry, settings, catalog);
            const findings = applyExemptions(check(entry, scope, settings, catalog), entry, settings, today());
            for (const finding of findings) {
                // Stack-wide findings, and conclusions that need the whole stack, are AnalyzeStack's.
                if (!finding.resource || finding.wholeStackOnly) continue;
                reportedByAnalyze.add(findingKey(finding));
                emit(entry, finding, report);
            }
        },

        validateStack: (args: StackValidationArgs, report: ReportViolation) => {
            const settings = settingsFor(args.getConfig());
            const facts: ResourceFacts[] = [];
            for (const r of args.resources) {
                const f = readFacts({ urn: r.urn, name: r.name, type: r.type }, r.props, catalog, settings);
                if (f) facts.push(f);
            }
            const scope = buildScope("stack", facts, args.stackTags, entry, settings, catalog);
            const configFindings: Finding[] = settings.problems.map((problem) => ({ code: "config", message: `${problem} ${citation(catalog, entry.source)}` }));
            const findings = applyExemptions(check(entry, scope, settings, catalog), entry, settings, today());
            for (const finding of [...configFindings, ...findings]) {
                if (finding.resource && reportedByAnalyze.has(findingKey(finding))) continue;
                emit(entry, finding, report);
            }
        },
    };
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
