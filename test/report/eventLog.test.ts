// How the report tool reads an engine event log into a run's outcome, problems, packs and
// violations: the edge cases of real logs (older engines, colour codes, the engine's own errors,
// logs cut short or not logs at all), each as the report a CI user then sees. The logs are the real
// CLI's (test/fixtures/report) with single events changed, added or removed.
import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { EventLogError, readEventLog, resourceName, stackLabel } from "../../policypack/src/report/eventLog";
import { toMarkdown } from "../../policypack/src/report/markdown";

const REPO = path.resolve(__dirname, "..", "..", "..");
const read = (name: string) => fs.readFileSync(path.join(REPO, "test", "fixtures", "report", `${name}-preview.jsonl`), "utf8");
const linesOf = (name: string) => read(name).split("\n").filter(Boolean);
const event = (sequence: number, kind: string, body: unknown) => JSON.stringify({ sequence, timestamp: 1795784997, [kind]: body });
const STACK_URN = "urn:pulumi:noncompliant::uc-estate::pulumi:pulumi:Stack::uc-estate-noncompliant";
const OCS_URN = "urn:pulumi:noncompliant::uc-estate::gcp:compute/instance:Instance::ocs-r2-01";
const PACK = "uc-exchange-um-policies";
const NO_REASON_PREVIEW = "The preview failed (the log gives no reason; see the pulumi command's output).";

/** The non-compliant log with each line passed through `change` (return undefined to drop it). */
function noncompliantWith(change: (line: string) => string | string[] | undefined): string {
    return `${linesOf("noncompliant")
        .flatMap((line) => change(line) ?? [])
        .join("\n")}\n`;
}

/** The same log without its policy events: a preview that passed the policies. */
const withoutViolations = (line: string) => (line.includes('"policyEvent"') ? undefined : line);
const withSummary = (line: string, replace: (summary: Record<string, unknown>) => Record<string, unknown>) => {
    if (!line.includes('"summaryEvent"')) return line;
    const parsed = JSON.parse(line);
    return JSON.stringify({ ...parsed, summaryEvent: replace(parsed.summaryEvent) });
};
const diagnostic = (message: string, severity: string) => event(63, "diagnosticEvent", { message, color: "never", severity });

function thrown(text: string, file = "e.jsonl"): string {
    try {
        readEventLog(text, file);
    } catch (e) {
        assert.ok(e instanceof EventLogError, String(e));
        return (e as Error).message;
    }
    assert.fail("the log was accepted");
}

describe("CI report tool: what is not an event log", () => {
    it("refuses a line that is JSON but not an event object, naming the file and line", () => {
        const first = linesOf("noncompliant")[0];
        for (const foreign of ["[1]", "null", '"text"', "42"])
            assert.strictEqual(
                thrown(`${first}\n${foreign}\n${first}\n`),
                "e.jsonl:2: not an engine event (expected a JSON object)",
                foreign,
            );
    });

    it("refuses an object with no known event field, and a policy event without its policy or message", () => {
        const first = linesOf("noncompliant")[0];
        assert.strictEqual(
            thrown(`${first}\n{"sequence":1,"timestamp":2}\n`),
            "e.jsonl:2: not a Pulumi engine event (no known event field such as policyEvent or summaryEvent)",
        );
        const violation = JSON.parse(linesOf("noncompliant").find((l) => l.includes('"policyEvent"'))!);
        for (const field of ["policyName", "message"]) {
            const broken = { ...violation, policyEvent: { ...violation.policyEvent, [field]: "" } };
            assert.strictEqual(
                thrown(`${first}\n${first}\n${JSON.stringify(broken)}\n`),
                "e.jsonl:3: a policyEvent without policyName or message",
                field,
            );
        }
    });

    it("calls an empty or blank file empty, and a damaged single line damaged rather than cut short", () => {
        for (const text of ["", "\n", "  \n\n \n"])
            assert.strictEqual(thrown(text, "x.jsonl"), "x.jsonl: the event log is empty; did the pulumi command run with --event-log?");
        assert.match(thrown('{"sequence":0,"policyLo'), /^e\.jsonl:1: not JSON \(.*\); is this an engine event log\?$/);
        // Damage before the last line is damage, whatever follows.
        const lines = linesOf("compliant");
        assert.match(thrown([lines[0], "{oops", ...lines.slice(1)].join("\n")), /^e\.jsonl:2: not JSON \(/);
    });
});

describe("CI report tool: reading what a log says", () => {
    it("accepts every kind of event the engine writes, reading only those that say what happened", () => {
        const others = [
            event(5, "stdoutEvent", { message: "Previewing update (noncompliant)\n", color: "never" }),
            event(6, "progressEvent", { type: "plugin-download", id: "aws", message: "Downloading", received: 1, total: 2, done: false }),
            event(7, "startDebuggingEvent", { config: {} }),
            event(8, "policyRemediationEvent", { resourceUrn: OCS_URN, policyName: "x", policyPackName: PACK, before: {}, after: {} }),
            event(9, "resOpFailedEvent", { metadata: { op: "create", urn: OCS_URN }, status: 1, steps: 1 }),
        ];
        const run = readEventLog(
            noncompliantWith((l) => (l.includes('"preludeEvent"') ? [l, ...others] : l)),
            "n.jsonl",
        );
        assert.deepStrictEqual(run, readEventLog(read("noncompliant"), "n.jsonl"));
    });

    it("skips blank lines anywhere in the log, and a half-written last line before trailing blank lines is truncation", () => {
        const lines = linesOf("noncompliant");
        const spaced = readEventLog(`\n${lines.join("\n\n  \n")}\n\n`, "spaced.jsonl");
        const plain = readEventLog(read("noncompliant"), "plain.jsonl");
        assert.deepStrictEqual({ ...spaced, file: "" }, { ...plain, file: "" });
        const cut = readEventLog(`${lines.slice(0, 20).join("\n")}\n${lines[20].slice(0, 25)}\n\n\n`, "cut.jsonl");
        assert.strictEqual(cut.status, "truncated");
        assert.match(cut.problems[0].message, /^The event log ends at line 21 without the engine's summary/);
        // Cut after a whole line, with blank lines after it: the last line with content is named.
        const clean = readEventLog(`${lines.slice(0, 20).join("\n")}\n\n\n`, "cut.jsonl");
        assert.strictEqual(clean.status, "truncated");
        assert.match(clean.problems[0].message, /^The event log ends at line 20 without/);
    });

    it("reads an older engine's 'warning' level as advisory", () => {
        const run = readEventLog(
            noncompliantWith((l) => l.replace('"enforcementLevel":"advisory"', '"enforcementLevel":"warning"')),
            "old.jsonl",
        );
        assert.deepStrictEqual(
            run.violations.map((v) => v.enforcementLevel),
            ["advisory", "mandatory", "mandatory"],
        );
        assert.match(toMarkdown([run]), /❌ 2 mandatory and 1 advisory policy violations\./);
    });

    it("splits the engine's message into the policy's description and the finding, with its source", () => {
        const [eos] = readEventLog(read("noncompliant"), "n.jsonl").violations;
        assert.strictEqual(
            eos.description,
            "Office Communications Server 2007 and 2007 R2 are past Microsoft's end of support and receive no security updates.",
        );
        assert.match(eos.detail, /^Office Communications Server 2007 R2 server 'ocs-r2-01' is past .* Source: https:\/\/\S+$/);
        assert.strictEqual(
            eos.sourceUrl,
            "https://learn.microsoft.com/en-us/previous-versions/office/communications-server/bb803653(v=office.12)",
        );
        assert.deepStrictEqual(
            [eos.severity, eos.policyPackName, eos.policyPackVersion, eos.stack, eos.project],
            ["medium", PACK, "1.0.0", "noncompliant", "uc-estate"],
        );
        // Another pack's one-line message without a source: all of it is the finding, and no link.
        const single = readEventLog(
            noncompliantWith((l) =>
                l.includes('"policyEvent"') && l.includes("end-of-support")
                    ? event(43, "policyEvent", {
                          resourceUrn: OCS_URN,
                          message: "<{%fg 3%}>Disk not encrypted.<{%reset%}>  \n\n",
                          policyName: "disk-encryption",
                          policyPackName: "other-pack",
                          policyPackVersion: "0.3.0",
                          enforcementLevel: "advisory",
                      })
                    : l,
            ),
            "n.jsonl",
        );
        const other = single.violations.find((v) => v.policyName === "disk-encryption")!;
        assert.deepStrictEqual(
            [other.description, other.detail, other.sourceUrl, other.severity],
            ["", "Disk not encrypted.", undefined, ""],
        );
        // A source named in the middle of a message is not the finding's source.
        const mid = readEventLog(
            noncompliantWith((l) => l.replace(/ Source: (https:[^"]*?)\\n"/, ' Source: $1 and its errata apply here.\\n"')),
            "n.jsonl",
        );
        assert.deepStrictEqual(
            mid.violations.map((v) => v.sourceUrl),
            [undefined, undefined, undefined],
        );
        assert.match(mid.violations[0].detail, / Source: https:\/\/\S+ and its errata apply here\.$/);
        // A policy without a description: the engine's message starts with the line break.
        const bare = readEventLog(
            noncompliantWith((l) =>
                l.includes('"policyEvent"') && l.includes("end-of-support") ? l.replace(/"message":"[^\\]*\\n/, '"message":"\\n') : l,
            ),
            "n.jsonl",
        );
        assert.deepStrictEqual([bare.violations[0].description, bare.violations[0].detail], ["", eos.detail]);
        // A violation names its pack even when the log has no analysis summary of that pack.
        assert.deepStrictEqual(
            single.packs.map((p) => [p.name, p.version, p.policies.length]),
            [
                [PACK, "1.0.0", 5],
                ["other-pack", "0.3.0", 1],
            ],
        );
        assert.match(toMarkdown([single]), /\n- \[advisory\] `ocs-r2-01`: Disk not encrypted\.\n/);
    });

    it("takes the packs of pulumi policy analyze from its summary, by name, without the local path", () => {
        const summary = event(3, "summaryEvent", {
            PolicyPacks: { "uc-exchange-um-policies|local|/home/ci/policypack": "1.0.0", "other-pack": 7 },
            isPreview: false,
            result: "succeeded",
        });
        const run = readEventLog(`${summary}\n`, "audit.jsonl");
        assert.deepStrictEqual(run.packs, [
            { name: PACK, version: "1.0.0", policies: [] },
            { name: "other-pack", version: "", policies: [] },
        ]);
        assert.deepStrictEqual([run.status, run.stack, run.project], ["complete", "", ""]);
        assert.strictEqual(stackLabel(run), "audit.jsonl", "a log that names no stack is labelled by its file");
    });

    it("names the stack of an audit (pulumi policy analyze) from its violations, and keeps a violation that names no pack", () => {
        const audit = fs.readFileSync(path.join(REPO, "test", "fixtures", "report", "noncompliant-analyze.jsonl"), "utf8");
        const run = readEventLog(audit, "audit.jsonl");
        assert.deepStrictEqual([run.project, run.stack, stackLabel(run)], ["uc-estate", "noncompliant", "uc-estate/noncompliant"]);
        const anonymous = readEventLog(audit.replace(/"policyPackName":"uc-exchange-um-policies",/, ""), "audit.jsonl");
        assert.deepStrictEqual(
            anonymous.violations.map((v) => v.policyPackName),
            ["", PACK, PACK],
        );
        assert.match(toMarkdown([anonymous]), /❌ 2 mandatory and 1 advisory policy violations\./);
    });

    it("names the stack and project from the first resource of the log", () => {
        const run = readEventLog(
            noncompliantWith((l) =>
                l.includes('"preludeEvent"')
                    ? [
                          l,
                          event(1, "resourcePreEvent", {
                              metadata: { urn: "urn:pulumi:prod::billing::pulumi:pulumi:Stack::billing-prod" },
                          }),
                      ]
                    : l,
            ),
            "n.jsonl",
        );
        assert.deepStrictEqual([run.project, run.stack, stackLabel(run)], ["billing", "prod", "billing/prod"]);
        assert.ok(run.violations.every((v) => v.stack === "prod" && v.project === "billing"));
        // Resource events without a URN, and URNs of another form, are passed over.
        const odd = readEventLog(
            noncompliantWith((l) =>
                l.includes('"preludeEvent"')
                    ? [
                          l,
                          event(1, "resourcePreEvent", { metadata: { urn: 7 } }),
                          event(2, "resourcePreEvent", { metadata: { urn: "urn:other:x" } }),
                      ]
                    : l,
            ),
            "n.jsonl",
        );
        assert.deepStrictEqual([odd.project, odd.stack], ["uc-estate", "noncompliant"]);
    });

    it("lists each analysed resource once, in the order the engine reported them", () => {
        // The engine reports a resource again when a pack analyses it again (a replacement, say).
        const run = readEventLog(
            noncompliantWith((l) => (l.includes('"policyAnalyzeSummaryEvent"') ? [l, l] : l)),
            "n.jsonl",
        );
        assert.strictEqual(run.analyzedResources[0], STACK_URN);
        assert.strictEqual(run.analyzedResources.length, new Set(run.analyzedResources).size);
        assert.strictEqual(run.analyzedResources.length, 11);
        assert.deepStrictEqual(run.analyzedResources.map(resourceName).slice(-1), ["sfb-fe-01"]);
        assert.strictEqual(resourceName(""), "(stack)");
    });
});

describe("CI report tool: the outcome of a run and what went wrong", () => {
    it("keeps the engine's errors and the program's stderr, without colour codes, and leaves out debug and info output", () => {
        const run = readEventLog(
            noncompliantWith((l) =>
                l.includes('"summaryEvent"')
                    ? [
                          diagnostic("<{%fg 1%}>provider crashed<{%reset%}>\n\n", "error"),
                          diagnostic("panic: runtime error\n", "info#err"),
                          diagnostic("just saying\n", "info"),
                          diagnostic("careful\n", "warning"),
                          event(63, "errorEvent", { error: "engine: plugin exited\n" }),
                          l,
                      ]
                    : l,
            ),
            "n.jsonl",
        );
        assert.strictEqual(run.status, "failed", "mandatory violations do not explain errors of their own");
        assert.deepStrictEqual(run.problems, [
            { message: "provider crashed" },
            { message: "panic: runtime error" },
            { message: "engine: plugin exited" },
        ]);
    });

    it("attaches the file and line Pulumi YAML names to the error above it, and drops the quoted source line", () => {
        const run = readEventLog(read("failed"), "f.jsonl");
        assert.deepStrictEqual(run.problems, [
            { message: 'Error: resource, variable, or config value "missing-resource" not found', file: "Pulumi.yaml", line: 40 },
        ]);
        // A location with no error above it, and one after an error that has its location already, are errors of their own.
        const stray = readEventLog(
            read("failed")
                .split("\n")
                .map((l) => (l.includes('"sequence":8,') ? `${l}\n${diagnostic("  on Main.yaml line 7:\n", "info#err")}` : l))
                .join("\n"),
            "f.jsonl",
        );
        assert.deepStrictEqual(stray.problems.slice(1), [{ message: "on Main.yaml line 7:" }]);
        const first = readEventLog(
            read("failed")
                .split("\n")
                .map((l) => (l.includes('"sequence":6,') ? `${diagnostic("on X.yaml line 2:\n", "info#err")}\n${l}` : l))
                .join("\n"),
            "f.jsonl",
        );
        assert.deepStrictEqual(first.problems[0], { message: "on X.yaml line 2:" });
        // The location without its colon; and an error that merely ends with "on ... line N" is an error.
        const failedWith = (change: (line: string) => string) => readEventLog(read("failed").split("\n").map(change).join("\n"), "f.jsonl");
        assert.deepStrictEqual(failedWith((l) => l.replace("  on Pulumi.yaml line 40:", "on Pulumi.yaml line 40")).problems[0], {
            message: 'Error: resource, variable, or config value "missing-resource" not found',
            file: "Pulumi.yaml",
            line: 40,
        });
        assert.deepStrictEqual(
            failedWith((l) =>
                l.includes('"sequence":6,')
                    ? `${diagnostic("Error: first\n", "info#err")}\n${diagnostic("Error: bad token on Pulumi.yaml line 12\n", "info#err")}`
                    : l,
            ).problems,
            [{ message: "Error: first" }, { message: "Error: bad token on Pulumi.yaml line 12", file: "Pulumi.yaml", line: 40 }],
        );
    });

    it("leaves out the engine's closing 'preview failed' and empty messages, and says when the log gives no reason", () => {
        // The log of a preview that the engine failed for no reason it wrote down.
        const noReason = readEventLog(
            noncompliantWith(
                (l) => withoutViolations(l) && (l.includes('"policyAnalyzeStackSummaryEvent"') ? diagnostic("\n\n", "error") : l),
            ),
            "n.jsonl",
        );
        assert.deepStrictEqual([noReason.status, noReason.problems], ["failed", [{ message: NO_REASON_PREVIEW }]]);
        const update = readEventLog(
            noncompliantWith((l) => withoutViolations(l) && withSummary(l, (s) => ({ ...s, isPreview: false }))),
            "n.jsonl",
        );
        assert.deepStrictEqual(update.problems, [
            { message: "The update failed (the log gives no reason; see the pulumi command's output)." },
        ]);
        for (const generic of ["update failed", "destroy failed", "refresh failed", "import failed"]) {
            const run = readEventLog(
                noncompliantWith((l) => withoutViolations(l) && (l.includes('"preview failed') ? diagnostic(`${generic}\n`, "error") : l)),
                "n.jsonl",
            );
            assert.deepStrictEqual(run.problems, [{ message: NO_REASON_PREVIEW }], generic);
        }
        // Errors that only mention a failed preview are errors of their own.
        for (const message of ["the preview failed badly", "the update failed", "preview failed: provider crashed"]) {
            const notGeneric = readEventLog(
                noncompliantWith((l) => withoutViolations(l) && (l.includes('"preview failed') ? diagnostic(`${message}\n`, "error") : l)),
                "n.jsonl",
            );
            assert.deepStrictEqual(notGeneric.problems, [{ message }]);
        }
    });

    it("calls a run complete when mandatory violations alone failed it, once the packs analysed the whole stack", () => {
        assert.strictEqual(readEventLog(read("noncompliant"), "n.jsonl").status, "complete");
        // Without the stack analysis, the packs did not get to the end of the stack.
        const partial = readEventLog(
            noncompliantWith((l) => (l.includes('"policyAnalyzeStackSummaryEvent"') ? undefined : l)),
            "n.jsonl",
        );
        assert.deepStrictEqual([partial.status, partial.problems], ["failed", [{ message: NO_REASON_PREVIEW }]]);
        // A remediation is as mandatory as mandatory.
        const remediated = readEventLog(
            noncompliantWith((l) => l.replace(/"enforcementLevel":"mandatory"/g, '"enforcementLevel":"remediate"')),
            "n.jsonl",
        );
        assert.strictEqual(remediated.status, "complete");
        // Advisories never fail a run: a failed run with only advisories failed for another reason.
        const advisory = readEventLog(
            noncompliantWith((l) => l.replace(/"enforcementLevel":"mandatory"/g, '"enforcementLevel":"advisory"')),
            "n.jsonl",
        );
        assert.strictEqual(advisory.status, "failed");
    });

    it("calls a run with engine errors failed when the summary gives no result, and complete when it succeeded", () => {
        const errors = (result: unknown) =>
            readEventLog(
                noncompliantWith(
                    (l) =>
                        withoutViolations(l) &&
                        withSummary(l.includes('"preview failed') ? diagnostic("provider crashed\n", "error") : l, (s) => ({
                            ...s,
                            result,
                        })),
                ),
                "n.jsonl",
            );
        assert.deepStrictEqual([errors(undefined).status, errors(undefined).problems], ["failed", [{ message: "provider crashed" }]]);
        assert.strictEqual(errors("succeeded").status, "complete");
        const clean = readEventLog(
            noncompliantWith(
                (l) =>
                    withoutViolations(l) &&
                    (l.includes('"preview failed') ? undefined : withSummary(l, (s) => ({ ...s, result: undefined }))),
            ),
            "n.jsonl",
        );
        assert.deepStrictEqual([clean.status, clean.problems], ["complete", []]);
    });

    it("says why a run is incomplete: cancelled, stopped before the program, cut short, each with the engine's errors after", () => {
        const cancelled = readEventLog(
            noncompliantWith((l) =>
                withSummary(l.includes('"preview failed') ? diagnostic("interrupted\n", "error") : l, (s) => ({
                    ...s,
                    result: "canceled",
                })),
            ),
            "c.jsonl",
        );
        assert.deepStrictEqual(
            [cancelled.status, cancelled.problems],
            [
                "canceled",
                [{ message: "The run was cancelled before it finished, so not every resource was checked." }, { message: "interrupted" }],
            ],
        );
        // The engine stopped after loading the pack but before the program: the pack ran, the program did not.
        const stopped = readEventLog(
            `${[linesOf("noncompliant")[0], linesOf("noncompliant")[3], diagnostic("plugin failed\n", "error"), linesOf("noncompliant").at(-1)].join("\n")}\n`,
            "s.jsonl",
        );
        assert.deepStrictEqual(
            [stopped.status, stopped.problems],
            [
                "failed",
                [
                    {
                        message:
                            "The engine stopped before the program ran and wrote no summary (a policy pack that cannot be loaded stops it this way); the pulumi command's own output says why.",
                    },
                    { message: "plugin failed" },
                ],
            ],
        );
        const cut = readEventLog(
            noncompliantWith((l) => (l.includes('"summaryEvent"') || l.includes('"cancelEvent"') ? undefined : l)),
            "t.jsonl",
        );
        assert.match(
            toMarkdown([cut]),
            /^🛑 The Pulumi run of `uc-estate\/noncompliant` has a TRUNCATED event log: the results are incomplete \(2 mandatory/m,
        );
        assert.deepStrictEqual(
            [cut.status, cut.problems.map((p) => p.message)],
            [
                "truncated",
                [
                    "The event log ends at line 64 without the engine's summary: the pulumi command was stopped or the file is cut short, so the run's results are incomplete.",
                ],
            ],
        );
        // The closing cancelEvent half-written: the pulumi process was killed while writing the log.
        const lines = linesOf("noncompliant");
        const cutLast = readEventLog(`${[...lines.slice(0, -1), lines.at(-1)!.slice(0, 20)].join("\n")}\n`, "t.jsonl");
        assert.deepStrictEqual(
            [cutLast.status, cutLast.problems[0].message.slice(0, 33)],
            ["truncated", "The event log ends at line 66 wit"],
        );
        // A summary without the closing cancelEvent is a finished log (pulumi policy analyze writes none).
        const noCancel = readEventLog(
            noncompliantWith((l) => (l.includes('"cancelEvent"') ? undefined : l)),
            "n.jsonl",
        );
        assert.strictEqual(noCancel.status, "complete");
    });

    it("calls a finished run without any pack 'no policy pack ran', whatever else it says", () => {
        const run = readEventLog(read("withoutpack"), "w.jsonl");
        assert.deepStrictEqual(run.problems, [
            {
                message:
                    "No policy pack ran: the command had no --policy-pack and no pack is enabled for the stack, so nothing was checked.",
            },
        ]);
        assert.deepStrictEqual(run.packs, []);
    });
});
