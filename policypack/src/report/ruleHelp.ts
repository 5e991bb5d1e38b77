// What a reader of an alert needs about the policy behind it - what it enforces, why, how to fix
// it, the source - from the pack's rule catalog. Policies of other packs (or renamed ones) fall
// back to what the engine's events say, so a report never depends on today's policy names.
import { type Catalog, loadCatalog } from "../catalog/load";
import type { PolicyViolation } from "./eventLog";

export interface RuleHelp {
    id: string;
    description: string;
    severity: string;
    enforcementLevel: string;
    kind?: string;
    remediation: string[];
    source?: { title: string; url: string };
    seeAlso: Array<{ title: string; url: string }>;
}

/** GitHub's code scanning reads a CVSS-like score: over 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low. */
export const SECURITY_SEVERITY: Record<string, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "2.0" };

let cached: Catalog | undefined;

export function ruleHelp(policyName: string, seen: PolicyViolation[]): RuleHelp {
    cached ??= loadCatalog();
    const entry = cached.policies.find((p) => p.name === policyName);
    const example = seen.find((v) => v.policyName === policyName);
    const source = (id: string) => {
        const s = cached!.sources.get(id);
        return s ? { title: s.title, url: s.url } : undefined;
    };
    if (entry) {
        return {
            id: policyName,
            description: entry.description,
            severity: example?.severity || entry.severity,
            enforcementLevel: example?.enforcementLevel || entry.enforcementLevel,
            kind: entry.kind,
            remediation: entry.remediation,
            source: source(entry.source),
            // The pages the remediation steps rest on, besides the rule's own source.
            seeAlso: entry.remediationSources
                .filter((id) => id !== entry.source)
                .map(source)
                .filter((s): s is { title: string; url: string } => s !== undefined),
        };
    }
    return {
        id: policyName,
        description: example?.description || policyName,
        severity: example?.severity ?? "",
        enforcementLevel: example?.enforcementLevel ?? "",
        remediation: [],
        source: example?.sourceUrl ? { title: example.sourceUrl, url: example.sourceUrl } : undefined,
        seeAlso: [],
    };
}

export function helpText(help: RuleHelp): string {
    return [
        help.description,
        help.remediation.length > 0 ? `How to fix:\n${help.remediation.map((r) => `- ${r}`).join("\n")}` : "",
        help.source ? `Source: ${help.source.title} (${help.source.url})` : "",
        ...help.seeAlso.map((s) => `See also: ${s.title} (${s.url})`),
    ]
        .filter(Boolean)
        .join("\n\n");
}

export function helpMarkdown(help: RuleHelp): string {
    const link = (s: { title: string; url: string }) => `[${s.title.replace(/[[\]]/g, "")}](${s.url})`;
    return [
        `**${help.description}**`,
        help.severity || help.enforcementLevel ? `Enforcement: ${help.enforcementLevel || "-"}; severity: ${help.severity || "-"}.` : "",
        help.remediation.length > 0 ? `### How to fix\n\n${help.remediation.map((r) => `- ${r}`).join("\n")}` : "",
        help.source ? `### Source\n\n${link(help.source)}` : "",
        ...help.seeAlso.map((s) => `See also: ${link(s)}`),
    ]
        .filter(Boolean)
        .join("\n\n");
}
