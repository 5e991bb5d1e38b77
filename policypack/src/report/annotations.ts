// GitHub Actions workflow commands (::error / ::warning), for teams without code scanning: each
// finding becomes an annotation on the line that declares the resource. The runner shows at most
// 10 error and 10 warning annotations per step, so the most severe come first and a notice counts
// the rest. Text is escaped as the runner's parser expects (data: % CR LF; properties also : and ,),
// so a message can never start a command of its own.
import { isMandatory, type PolicyRun, resourceName, stackLabel, STATUS_TEXT } from "./eventLog";
import type { ProjectLayout } from "./locations";

const PER_LEVEL = 10;

export function toAnnotations(runs: PolicyRun[], layout: ProjectLayout): string {
    const errors: string[] = [];
    const warnings: string[] = [];
    for (const run of runs) {
        const label = stackLabel(run);
        if (run.status !== "complete") {
            const located = run.problems.find((p) => p.file);
            errors.push(
                command(
                    "error",
                    {
                        file: located?.file ? layout.fromProject(located.file) : layout.projectFile,
                        ...(located?.line ? { line: String(located.line) } : {}),
                        title: `Pulumi run ${run.status} (${label})`,
                    },
                    [`The Pulumi run of ${label} ${STATUS_TEXT[run.status]}.`, ...run.problems.map((p) => p.message)].join("\n"),
                ),
            );
        }
        for (const v of run.violations) {
            const where = layout.locate(v.resourceUrn);
            const line = command(
                isMandatory(v) ? "error" : "warning",
                {
                    file: where.file,
                    ...(where.line ? { line: String(where.line) } : {}),
                    title: `${v.policyName} (${v.enforcementLevel}) ${label} ${resourceName(v.resourceUrn)}`,
                },
                v.detail,
            );
            (isMandatory(v) ? errors : warnings).push(line);
        }
    }
    const omitted = Math.max(0, errors.length - PER_LEVEL) + Math.max(0, warnings.length - PER_LEVEL);
    const lines = [...errors.slice(0, PER_LEVEL), ...warnings.slice(0, PER_LEVEL)];
    if (omitted > 0)
        lines.push(
            command(
                "notice",
                { title: "More policy findings" },
                `${omitted} more finding${omitted === 1 ? "" : "s"} not annotated (GitHub shows 10 errors and 10 warnings per step); see the job summary or the SARIF report.`,
            ),
        );
    return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}

function command(kind: string, properties: Record<string, string>, message: string): string {
    const props = Object.entries(properties)
        .map(([key, value]) => `${key}=${escapeProperty(value)}`)
        .join(",");
    return `::${kind} ${props}::${escapeData(message)}`;
}

export function escapeData(text: string): string {
    return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(text: string): string {
    return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
