// A Markdown report for a pull-request comment or a job summary. It starts with a hidden marker (a
// CI step finds the comment it posted before and updates it in place), then for every stack the
// summary a person reads first: whether the run completed, how many UC servers were checked of how
// many resources, the failing servers per policy and product and the advisories, a picture of the
// estate. Then the findings, grouped by policy and by message, sorted by resource, long lists
// collapsed. GitHub refuses comment bodies over 65,536 characters, so the findings are cut to fit
// when they must: the summary always stays whole, and the report says what it left out and where
// the full report is.
import { RELEASE_VERSION } from "../release";
import { type EngineProblem, isMandatory, type PolicyRun, stackLabel, STATUS_TEXT } from "./eventLog";
import { exemptionLines, findingsByPolicy, type MessageGroup, type PolicyFindings } from "./markdownFindings";
import { cell, checkedLine, estateDiagram, summaryTable } from "./markdownSummary";

export const COMMENT_MARKER = "<!-- uc-policy-report: pulumi policy results -->";
export const GITHUB_COMMENT_LIMIT = 65_536;
/** Lists longer than this are collapsed in <details>. */
const INLINE_NAMES = 10;
/** Room kept for the note that says the report was cut. */
const CUT_NOTE_ROOM = 700;

export interface MarkdownOptions {
    /** The most characters the report may have (GitHub's comment limit by default); 0: no limit. */
    maxChars?: number;
    /** Where the full report is (a CI run's page), named when the report is cut. */
    reportUrl?: string;
}

interface Analysed {
    run: PolicyRun;
    policies: PolicyFindings[];
}

export function toMarkdown(runs: PolicyRun[], options: MarkdownOptions = {}): string {
    const limit = options.maxChars === 0 ? Infinity : (options.maxChars ?? GITHUB_COMMENT_LIMIT);
    const analysed = runs.map((run) => ({ run, policies: findingsByPolicy(run) }));
    const several = runs.length > 1;
    const head = [COMMENT_MARKER, `### Pulumi policy results (uc-policy-report ${RELEASE_VERSION})`];
    let summary = analysed.flatMap((a) => summaryOf(a, several, true));
    // Diagrams are the one part of the summary that can go when many stacks share one report.
    if (length([...head, ...summary]) + CUT_NOTE_ROOM > limit) summary = analysed.flatMap((a) => summaryOf(a, several, false));
    const budget = { left: limit - length([...head, ...summary]) - CUT_NOTE_ROOM, hidden: 0 };
    const findings = analysed.flatMap((a) => findingsOf(a, several, budget));
    const note = budget.hidden > 0 ? ["", cutNote(budget.hidden, limit, options.reportUrl)] : [];
    return `${[...head, ...summary, ...findings, ...note].join("\n")}\n`;
}

function length(lines: string[]): number {
    return lines.reduce((sum, line) => sum + line.length + 1, 0);
}

function summaryOf({ run, policies }: Analysed, several: boolean, withDiagram: boolean): string[] {
    const lines = ["", ...(several ? [`#### ${cell(stackLabel(run))}`, ""] : []), headline(run)];
    if (run.status !== "complete") lines.push("", ...run.problems.map((p) => `> ${quote(p)}`));
    if (run.packs.length === 0) return lines;
    if (run.status === "complete") {
        const packs = run.packs.map(
            (p) =>
                `\`${cell(p.name)}\`${p.version ? ` ${cell(p.version)}` : ""} (${p.policies.length} polic${p.policies.length === 1 ? "y" : "ies"})`,
        );
        lines.push("", `${checkedLine(run)} Policy packs: ${packs.join(", ")}.`);
    }
    const table = summaryTable(run, policies);
    if (table.length > 0) lines.push("", ...table);
    const exemptions = exemptionLines(run, cell);
    if (exemptions.length > 0) lines.push("", ...exemptions);
    const diagram = withDiagram && run.status === "complete" ? estateDiagram(run, policies) : [];
    if (diagram.length > 0) lines.push("", ...diagram);
    return lines;
}

function findingsOf({ run, policies }: Analysed, several: boolean, budget: { left: number; hidden: number }): string[] {
    if (policies.length === 0) return [];
    const lines = ["", `#### Findings${several ? `: ${cell(stackLabel(run))}` : ""}`];
    budget.left -= length(lines);
    for (const policy of policies) lines.push(...policySection(policy, budget));
    return lines;
}

function policySection(policy: PolicyFindings, budget: { left: number; hidden: number }): string[] {
    const sources = policy.sources.map((url) => `<${url}>`).join(", ");
    const lines = [
        "",
        `##### ${policy.mandatory ? "❌" : "⚠️"} \`${cell(policy.policy)}\`${policy.severity ? ` (severity ${cell(policy.severity)})` : ""}`,
        ...(sources ? ["", `Source${policy.sources.length === 1 ? "" : "s"}: ${sources}`] : []),
    ];
    if (length(lines) > budget.left) {
        budget.hidden += policy.groups.reduce((sum, g) => sum + g.resources.length, 0);
        return [];
    }
    lines.push("");
    budget.left -= length(lines);
    for (const group of policy.groups) lines.push(...groupLines(group, budget));
    return lines;
}

/** One message and the resources it is said of: inline when few, collapsed when many. */
function groupLines(group: MessageGroup, budget: { left: number; hidden: number }): string[] {
    const count = group.resources.length;
    const level = group.level === "mandatory" ? "" : `[${cell(group.level)}] `;
    const fixedText = `- ${level}**${count} resource${count === 1 ? "" : "s"}**: ${cell(group.message)}`;
    // The names left out are said in a line of its own; keep room for it.
    const room = budget.left - fixedText.length - 120;
    if (room < 0) {
        budget.hidden += count;
        return [];
    }
    const shown: string[] = [];
    let used = 0;
    for (const name of group.resources) {
        const cost = name.length + 4;
        if (used + cost > room) break;
        shown.push(`\`${cell(name)}\``);
        used += cost;
    }
    const more = count - shown.length;
    budget.hidden += more;
    const names = `${shown.join(", ")}${more > 0 ? `${shown.length > 0 ? ", " : ""}and ${more} more not listed here` : ""}`;
    const lines =
        count <= INLINE_NAMES
            ? [`- ${level}${names}: ${cell(group.message)}`]
            : [fixedText, "", `  <details><summary>${count} resources</summary>`, "", `  ${names}`, "", "  </details>", ""];
    budget.left -= length(lines);
    return lines;
}

function cutNote(hidden: number, limit: number, reportUrl: string | undefined): string {
    const where = reportUrl
        ? `The full report: ${reportUrl}`
        : "The full report is in the job summary and the SARIF report (code scanning)";
    return `✂️ **This report is cut** to fit ${limit.toLocaleString("en-US")} characters${limit === GITHUB_COMMENT_LIMIT ? " (GitHub's limit for a comment)" : ""}: ${hidden} finding${hidden === 1 ? " is" : "s are"} not listed by name; the counts above include them. ${where}; \`uc-policy-report markdown --max-chars 0\` writes the whole list.`;
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
