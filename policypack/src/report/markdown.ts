// A Markdown summary for a pull-request comment: counts, then one row per violation.
import { PolicyViolation, resourceName } from "./eventLog";

export function toMarkdown(violations: PolicyViolation[]): string {
    const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory" || v.enforcementLevel === "remediate").length;
    const advisory = violations.length - mandatory;
    const headline = violations.length === 0
        ? "✅ No policy violations."
        : `${mandatory > 0 ? "❌" : "⚠️"} ${mandatory} mandatory and ${advisory} advisory policy violation${violations.length === 1 ? "" : "s"}.`;
    const lines = ["### Pulumi policy results", "", headline];
    if (violations.length > 0) {
        lines.push("", "| Policy | Level | Severity | Resource | Message | Source |", "|---|---|---|---|---|---|");
        const ordered = [...violations].sort((a, b) => rank(b) - rank(a));
        for (const v of ordered) {
            const message = v.sourceUrl ? v.detail.replace(/ Source: https:\/\/\S+\s*$/, "") : v.detail;
            const source = v.sourceUrl ? `[source](${v.sourceUrl})` : "";
            lines.push(`| \`${cell(v.policyName)}\` | ${cell(v.enforcementLevel)} | ${cell(v.severity)} | \`${cell(resourceName(v.resourceUrn))}\` | ${cell(message)} | ${source} |`);
        }
    }
    return `${lines.join("\n")}\n`;
}

function rank(v: PolicyViolation): number {
    return v.enforcementLevel === "mandatory" ? 2 : v.enforcementLevel === "advisory" ? 1 : 0;
}

function cell(text: string): string {
    return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>").replace(/`/g, "'");
}
