// GitLab Code Quality report (artifacts:reports:codequality), the format of the merge request
// widget: a JSON array of issues with description, check_name, fingerprint, severity and
// location.path/lines.begin. The widget compares fingerprints with the target branch, so they
// depend only on what was found (stack, pack, policy, resource). A run that did not complete is a
// "blocker" issue of its own, so the widget never shows a failed run as "no changes".
import { type PolicyRun, resourceName, stackLabel, STATUS_TEXT } from "./eventLog";
import type { ProjectLayout } from "./locations";
import { fingerprint } from "./sarif";

const SEVERITY: Record<string, string> = { critical: "blocker", high: "critical", medium: "major", low: "minor" };

export function toCodeQuality(runs: PolicyRun[], layout: ProjectLayout): string {
    const issues = runs.flatMap((run) => {
        const label = stackLabel(run);
        const found = run.violations.map((v) => {
            const where = layout.locate(v.resourceUrn);
            const severity = v.enforcementLevel === "advisory" ? "info" : (SEVERITY[v.severity] ?? "major");
            return {
                description: `[${label}] ${v.policyName} (${v.enforcementLevel}) ${resourceName(v.resourceUrn)}: ${v.detail}`,
                check_name: v.policyName,
                fingerprint: fingerprint(run.project, run.stack, v.policyPackName, v.policyName, v.resourceUrn),
                severity,
                location: { path: where.file, lines: { begin: where.line ?? 1 } },
            };
        });
        if (run.status === "complete") return found;
        const located = run.problems.find((p) => p.file);
        return [
            {
                description: `[${label}] The Pulumi run ${STATUS_TEXT[run.status]}. ${run.problems.map((p) => p.message).join(" ")}`,
                check_name: "pulumi-run-incomplete",
                fingerprint: fingerprint(run.project, run.stack, "pulumi-run-incomplete"),
                severity: "blocker",
                location: located?.file
                    ? { path: layout.fromProject(located.file), lines: { begin: located.line ?? 1 } }
                    : { path: layout.projectFile, lines: { begin: 1 } },
            },
            ...found,
        ];
    });
    return `${JSON.stringify(issues, null, 2)}\n`;
}
