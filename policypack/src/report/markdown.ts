// A Markdown summary for a pull-request comment or a job summary: one section per stack, whose
// headline says first whether the run completed, then the counts, then one row per finding.
import { RELEASE_VERSION } from "../release";
import { EngineProblem, isMandatory, PolicyRun, PolicyViolation, resourceName, stackLabel, STATUS_TEXT } from "./eventLog";

export function toMarkdown(runs: PolicyRun[]): string {
    const lines = [`### Pulumi policy results (uc-policy-report ${RELEASE_VERSION})`];
    for (const run of runs) {
        lines.push("", ...(runs.length > 1 ? [`#### ${cell(stackLabel(run))}`, ""] : []), headline(run));
        if (run.status !== "complete") {
            lines.push("", ...run.problems.map((p) => `> ${quote(p)}`));
        }
        if (run.packs.length > 0 && run.status === "complete") {
            lines.push(
                "",
                `Policy packs: ${run.packs.map((p) => `\`${cell(p.name)}\`${p.version ? ` ${cell(p.version)}` : ""} (${p.policies.length} polic${p.policies.length === 1 ? "y" : "ies"})`).join(", ")}.`,
            );
        }
        if (run.violations.length > 0) {
            lines.push("", "| Policy | Level | Severity | Resource | Message | Source |", "|---|---|---|---|---|---|");
            const ordered = [...run.violations].sort((a, b) => rank(b) - rank(a));
            for (const v of ordered) {
                const message = v.sourceUrl ? v.detail.replace(/ Source: https:\/\/\S+\s*$/, "") : v.detail;
                const source = v.sourceUrl ? `[source](${v.sourceUrl})` : "";
                lines.push(
                    `| \`${cell(v.policyName)}\` | ${cell(v.enforcementLevel)} | ${cell(v.severity)} | \`${cell(resourceName(v.resourceUrn))}\` | ${cell(message)} | ${source} |`,
                );
            }
        }
    }
    return `${lines.join("\n")}\n`;
}

function headline(run: PolicyRun): string {
    const mandatory = run.violations.filter(isMandatory).length;
    const advisory = run.violations.length - mandatory;
    const counts = `${mandatory} mandatory and ${advisory} advisory policy violation${run.violations.length === 1 ? "" : "s"}`;
    if (run.status !== "complete") {
        return `🛑 The Pulumi run of \`${cell(stackLabel(run))}\` ${STATUS_TEXT[run.status]}${run.violations.length > 0 ? ` (${counts} found before it stopped)` : ""}.`;
    }
    if (run.violations.length === 0) return "✅ No policy violations.";
    return `${mandatory > 0 ? "❌" : "⚠️"} ${counts}.`;
}

function quote(problem: EngineProblem): string {
    return `${cell(problem.message)}${problem.file ? ` (${cell(problem.file)}${problem.line ? ` line ${problem.line}` : ""})` : ""}`;
}

function rank(v: PolicyViolation): number {
    return v.enforcementLevel === "mandatory" ? 2 : v.enforcementLevel === "advisory" ? 1 : 0;
}

function cell(text: string): string {
    return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>").replace(/`/g, "'");
}
