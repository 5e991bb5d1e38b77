// SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer).
// - One run per policy pack and stack, with its own automationDetails.id, so a pack that now
//   passes uploads an empty run in its category and GitHub closes the alerts it fixed.
// - One "run status" run per stack (tool uc-policy-report): empty when the run completed, one error
//   result when it did not. An incomplete run writes no pack runs at all, so an upload can never
//   replace the last complete analysis with a partial one and close alerts that are still real.
// - Every result has a repository-relative location (the resource's line in a Pulumi YAML program)
//   and a fingerprint that depends on what was found, not on where the line is.
import { createHash } from "node:crypto";
import { type EngineProblem, type PolicyRun, type PolicyViolation, resourceName, stackLabel, STATUS_TEXT } from "./eventLog";
import { findingKey } from "./gate";
import type { Location, ProjectLayout } from "./locations";
import { RELEASE_VERSION } from "../release";
import { helpMarkdown, helpText, ruleHelp, SECURITY_SEVERITY } from "./ruleHelp";

const LEVEL: Record<string, string> = { mandatory: "error", remediate: "error", advisory: "warning", disabled: "none" };
export const RUN_STATUS_RULE = "pulumi-run-incomplete";
const TOOL_NAME = "uc-policy-report";

export function fingerprint(...parts: string[]): string {
    return createHash("sha256").update(parts.join("\u0000")).digest("hex");
}

/** A --baseline's findings (gate.ts findingKey): results say whether they are new or unchanged. */
export function toSarif(runs: PolicyRun[], layout: ProjectLayout, baseline?: Set<string>): object {
    return {
        $schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: runs.flatMap((run) => [
            statusRun(run, layout),
            ...(run.status === "complete" ? run.packs.map((pack) => packRun(run, pack.name, layout, baseline)) : []),
        ]),
    };
}

function category(run: PolicyRun, part: string): string {
    // Everything before the last "/" is GitHub's category; a trailing "/" leaves the run id empty.
    return `pulumi-policy/${stackLabel(run).replace(/[^\w.\-/]/g, "_")}/${part}/`;
}

function packRun(run: PolicyRun, packName: string, layout: ProjectLayout, baseline: Set<string> | undefined): object {
    const pack = run.packs.find((p) => p.name === packName)!;
    const mine = run.violations.filter((v) => v.policyPackName === packName);
    const ruleIds = [...new Set([...pack.policies, ...mine.map((v) => v.policyName)])].sort();
    return {
        tool: {
            driver: {
                name: packName,
                ...(pack.version ? { version: pack.version } : {}),
                informationUri: "https://www.pulumi.com/docs/iac/using-pulumi/crossguard/",
                rules: ruleIds.map((id) => rule(id, mine)),
            },
        },
        automationDetails: { id: category(run, packName) },
        invocations: [{ executionSuccessful: true }],
        results: mine.map((v) => ({
            ruleId: v.policyName,
            ruleIndex: ruleIds.indexOf(v.policyName),
            level: LEVEL[v.enforcementLevel] ?? "warning",
            message: { text: v.detail },
            locations: [location(layout.locate(v.resourceUrn), v.resourceUrn)],
            partialFingerprints: {
                primaryLocationLineHash: `${fingerprint(run.project, run.stack, packName, v.policyName, v.resourceUrn).slice(0, 16)}:1`,
            },
            properties: { enforcementLevel: v.enforcementLevel, stack: stackLabel(run), ...(v.severity ? { severity: v.severity } : {}) },
            // An exemption of the pack's config is an accepted suppression, not a silent one.
            ...(v.exemption
                ? {
                      suppressions: [
                          {
                              kind: "external",
                              status: "accepted",
                              justification: `${v.exemption.reason} (exempt until ${v.exemption.until})`,
                          },
                      ],
                  }
                : {}),
            ...(baseline ? { baselineState: baseline.has(findingKey(v)) ? "unchanged" : "new" } : {}),
        })),
    };
}

function rule(id: string, seen: PolicyViolation[]): object {
    const help = ruleHelp(id, seen);
    const text = (s: string) => (s.length > 1024 ? `${s.slice(0, 1021)}...` : s);
    const securitySeverity = SECURITY_SEVERITY[help.severity];
    return {
        id,
        name: id,
        shortDescription: { text: text(help.description) },
        fullDescription: { text: text(help.description) },
        help: { text: helpText(help), markdown: helpMarkdown(help) },
        ...(help.source ? { helpUri: help.source.url } : {}),
        defaultConfiguration: { level: LEVEL[help.enforcementLevel] ?? "warning" },
        properties: {
            tags: [
                "security",
                "pulumi-policy",
                ...(help.kind ? [help.kind] : []),
                ...(help.enforcementLevel ? [help.enforcementLevel] : []),
            ],
            precision: "very-high",
            ...(securitySeverity ? { "security-severity": securitySeverity } : {}),
        },
    };
}

function statusRun(run: PolicyRun, layout: ProjectLayout): object {
    const complete = run.status === "complete";
    const headline = `The Pulumi run of ${stackLabel(run)} ${STATUS_TEXT[run.status]}.`;
    const where = (problem: EngineProblem): Location =>
        problem.file ? { file: layout.fromProject(problem.file), line: problem.line } : { file: layout.projectFile };
    const located = run.problems.find((p) => p.file) ?? run.problems[0];
    return {
        tool: {
            driver: {
                name: TOOL_NAME,
                version: RELEASE_VERSION,
                informationUri: "https://www.pulumi.com/docs/iac/using-pulumi/crossguard/",
                rules: [
                    {
                        id: RUN_STATUS_RULE,
                        name: RUN_STATUS_RULE,
                        shortDescription: { text: "The Pulumi run did not complete, so its policy results are incomplete." },
                        fullDescription: {
                            text: "The program, a provider or the engine failed, the run was cancelled, its event log is truncated, or no policy pack ran. The policy results of this stack were not updated.",
                        },
                        help: {
                            text: "The Pulumi run that the policy report was made from did not complete. Fix what the engine reports (the alert message quotes it), then run the pipeline again; the policy alerts of this stack keep their last complete state until then.",
                            markdown:
                                "**The Pulumi run did not complete.**\n\nFix what the engine reports (the alert message quotes it), then run the pipeline again. The policy alerts of this stack keep their last complete state until then.",
                        },
                        defaultConfiguration: { level: "error" },
                        properties: { tags: ["pulumi-policy", "run-status"], precision: "very-high" },
                    },
                ],
            },
        },
        automationDetails: { id: category(run, "run-status") },
        invocations: [
            {
                executionSuccessful: complete,
                toolExecutionNotifications: run.problems.map((problem) => ({
                    level: "error",
                    message: { text: problem.message },
                    ...(problem.file ? { locations: [location(where(problem), "")] } : {}),
                })),
            },
        ],
        results: complete
            ? []
            : [
                  {
                      ruleId: RUN_STATUS_RULE,
                      ruleIndex: 0,
                      level: "error",
                      message: { text: [headline, ...run.problems.map((p) => p.message)].join("\n") },
                      locations: [location(located ? where(located) : { file: layout.projectFile }, "")],
                      partialFingerprints: {
                          primaryLocationLineHash: `${fingerprint(run.project, run.stack, RUN_STATUS_RULE).slice(0, 16)}:1`,
                      },
                      properties: { status: run.status, stack: stackLabel(run) },
                  },
              ],
    };
}

function location(where: Location, urn: string): object {
    return {
        physicalLocation: {
            artifactLocation: { uri: where.file },
            ...(where.line ? { region: { startLine: where.line } } : {}),
        },
        ...(urn ? { logicalLocations: [{ name: resourceName(urn), fullyQualifiedName: urn, kind: "resource" }] } : {}),
    };
}
