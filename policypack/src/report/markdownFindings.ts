// The findings of one run as the Markdown report lists them: by policy (mandatory first), each
// policy's sources once, and within a policy the findings that say the same thing of different
// resources as one message with the list of those resources, sorted by name. A 150-server estate
// below its minimum is one message and 150 names, not 150 rows repeating the message and the source.
import { isMandatory, type PolicyRun, type PolicyViolation, resourceName } from "./eventLog";

export interface MessageGroup {
    level: string;
    /** The message with the resource's own name as '…' when it is said of several resources. */
    message: string;
    /** Names of the resources, sorted; "(stack)" for findings about the whole stack. */
    resources: string[];
}

export interface PolicyFindings {
    policy: string;
    severity: string;
    mandatory: boolean;
    sources: string[];
    groups: MessageGroup[];
}

const SOURCE = / Source: https:\/\/\S+\s*$/;
const byName = new Intl.Collator("en", { numeric: true }).compare;

export function findingsByPolicy(run: PolicyRun): PolicyFindings[] {
    const policies = new Map<string, PolicyViolation[]>();
    // Exempted findings have a section of their own (exemptionLines).
    for (const v of run.violations.filter((x) => !x.exemption)) {
        const list = policies.get(v.policyName);
        if (list) list.push(v);
        else policies.set(v.policyName, [v]);
    }
    return [...policies.entries()]
        .map(([policy, found]) => ({
            policy,
            severity: found.find((v) => v.severity)?.severity ?? "",
            mandatory: found.some(isMandatory),
            sources: [...new Set(found.map((v) => v.sourceUrl).filter((u): u is string => u !== undefined))],
            groups: groupMessages(found),
        }))
        .sort((a, b) => Number(b.mandatory) - Number(a.mandatory) || (a.policy < b.policy ? -1 : 1));
}

function groupMessages(found: PolicyViolation[]): MessageGroup[] {
    const groups = new Map<string, MessageGroup>();
    for (const v of found) {
        const name = resourceName(v.resourceUrn);
        const text = v.sourceUrl ? v.detail.replace(SOURCE, "") : v.detail;
        // Messages quote the resource's own name; the rest is what several resources share.
        const message = text.split(`'${name}'`).join("'…'");
        const level = isMandatory(v) ? "mandatory" : v.enforcementLevel;
        const key = `${level}\u0000${message}`;
        const group = groups.get(key) ?? { level, message, resources: [] };
        groups.set(key, group);
        group.resources.push(name);
    }
    for (const group of groups.values()) {
        group.resources = [...new Set(group.resources)].sort(byName);
        // One resource: the message as the engine said it.
        if (group.resources.length === 1) group.message = group.message.split("'…'").join(`'${group.resources[0]}'`);
    }
    return [...groups.values()].sort(
        (a, b) => Number(b.level === "mandatory") - Number(a.level === "mandatory") || byName(a.resources[0], b.resources[0]),
    );
}

/** Distinct resources with a mandatory finding, and the count of advisory findings, of one policy. */
export function failingOf(findings: PolicyFindings): { failing: string[]; advisories: number } {
    const failing = new Set<string>();
    let advisories = 0;
    for (const group of findings.groups) {
        if (group.level === "mandatory") for (const r of group.resources) failing.add(r);
        else advisories += group.resources.length;
    }
    return { failing: [...failing].sort(byName), advisories };
}

/** The exemptions in use, one row each: accepted findings, listed as such rather than as advisories. */
export function exemptionLines(run: PolicyRun, cell: (text: string) => string): string[] {
    const exempted = run.violations.filter((v) => v.exemption);
    if (exempted.length === 0) return [];
    const rows = exempted
        .map((v) => ({ v, name: resourceName(v.resourceUrn) }))
        .sort((a, b) => (a.v.policyName < b.v.policyName ? -1 : a.v.policyName > b.v.policyName ? 1 : byName(a.name, b.name)))
        .map(({ v, name }) => `| \`${cell(v.policyName)}\` | \`${cell(name)}\` | ${v.exemption!.until} | ${cell(v.exemption!.reason)} |`);
    return [
        `**Exemptions in use** (${exempted.length}): accepted by the pack's config, reported but not failing.`,
        "",
        "| Policy | Resource | Exempt until | Reason |",
        "|---|---|---|---|",
        ...rows,
    ];
}
