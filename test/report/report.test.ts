// The CI report tool on event logs the real CLI wrote (test/fixtures/report: non-compliant,
// compliant, a failed program, a pack that could not load, no pack at all) and on logs cut short or
// cancelled. Each format is read back the way its consumer reads it: SARIF against the OASIS
// schema and GitHub's upload rules, JUnit through GitLab's and Azure DevOps' parsing rules, Code
// Quality through GitLab's required fields, annotations through the runner's command syntax.
import * as assert from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import AjvDraft04 from "ajv-draft-04";
import { XMLParser } from "fast-xml-parser";
import { toAnnotations } from "../../policypack/src/report/annotations";
import { main } from "../../policypack/src/report/cli";
import { toCodeQuality } from "../../policypack/src/report/codeQuality";
import { type PolicyRun, readEventLog } from "../../policypack/src/report/eventLog";
import { toJunit } from "../../policypack/src/report/junit";
import { projectLayout, sourcePositions, yamlResourceLines } from "../../policypack/src/report/locations";
import { toMarkdown } from "../../policypack/src/report/markdown";
import { RELEASE_VERSION } from "../../policypack/src/release";
import { toSarif } from "../../policypack/src/report/sarif";
import { tempDir as makeTempDir } from "../harness/tempDir";

const REPO = path.resolve(__dirname, "..", "..", "..");
const fixtures = path.join(REPO, "test", "fixtures");
const fixture = (name: string) => path.join(fixtures, "report", `${name}-preview.jsonl`);
const read = (name: string) => fs.readFileSync(fixture(name), "utf8");
const cli = path.join(REPO, "policypack", "bin", "report", "cli.js");
const COEXISTENCE =
    "https://learn.microsoft.com/en-us/exchange/coexistence-with-office-communications-server-2007-r2-and-lync-server-exchange-2013-help";
const EOS = "https://learn.microsoft.com/en-us/previous-versions/office/communications-server/bb803653(v=office.12)";
const MIN_CU = "exchange-um-communications-server-minimum-cu";
const PACK = "uc-exchange-um-policies";
const LYNC_MESSAGE = `Lync Server 2010 server 'lync-fe-01' is at CU2; Exchange UM integration (declared by 'exch-mbx-01') requires CU3 or later (build 4.0.7577.166). Source: ${COEXISTENCE}`;
const OCS_MESSAGE = `Office Communications Server 2007 R2 server 'ocs-r2-01' is at CU9; Exchange UM integration (declared by 'exch-mbx-01') requires CU10 or later. Source: ${COEXISTENCE}`;
const EOS_MESSAGE = `Office Communications Server 2007 R2 server 'ocs-r2-01' is past Microsoft's end of support (2018-01-09) and receives no security updates. Source: ${EOS}`;

function tempDir(): string {
    return makeTempDir("uc-report-");
}

function tempLog(content: string): string {
    const file = path.join(tempDir(), "events.jsonl");
    fs.writeFileSync(file, content);
    return file;
}

/** A repository whose Pulumi project (the program the fixture logs were made from) is in infra/uc. */
function repository(program = "Pulumi.yaml"): string {
    const root = tempDir();
    fs.mkdirSync(path.join(root, "infra", "uc"), { recursive: true });
    fs.copyFileSync(path.join(fixtures, "report", program), path.join(root, "infra", "uc", "Pulumi.yaml"));
    return root;
}

/** The command in this process (so mutation testing sees which test reaches which code). */
function runCli(args: string[]) {
    let stdout = "";
    let stderr = "";
    const code = main(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
    return { code, stdout, stderr };
}

/** The installed bin as a separate process, as a pipeline runs it. */
function spawnCli(args: string[], cwd = REPO) {
    const result = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", cwd });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The real log with the engine's summary saying the run was cancelled (as Ctrl-C leaves it). */
function cancelledLog(): string {
    return read("noncompliant")
        .split("\n")
        .map((line) => line.replace('"result":"failed"', '"result":"canceled"'))
        .join("\n");
}

const runs = {
    noncompliant: readEventLog(read("noncompliant"), "noncompliant.jsonl"),
    compliant: readEventLog(read("compliant"), "compliant.jsonl"),
    failed: readEventLog(read("failed"), "failed.jsonl"),
};
const layout = projectLayout(repository(), "infra/uc");

type SarifRun = {
    tool: { driver: { name: string; rules: Array<Record<string, any>> } };
    automationDetails: { id: string };
    invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications?: Array<{ message: { text: string } }> }>;
    results: Array<Record<string, any>>;
};
const sarifOf = (list: PolicyRun[]) => toSarif(list, layout) as { runs: SarifRun[] };

describe("CI report tool: reading event logs", () => {
    it("reads the violations, packs, policies and stack of a real non-compliant preview as complete", () => {
        const run = runs.noncompliant;
        assert.strictEqual(run.status, "complete", "mandatory violations fail the preview; the run itself completed");
        assert.deepStrictEqual([run.project, run.stack], ["uc-estate", "noncompliant"]);
        assert.deepStrictEqual(
            run.violations.map((v) => `${v.enforcementLevel} ${v.policyName} ${v.resourceUrn.split("::").pop()}`),
            ["advisory communications-server-end-of-support ocs-r2-01", `mandatory ${MIN_CU} ocs-r2-01`, `mandatory ${MIN_CU} lync-fe-01`],
        );
        assert.strictEqual(run.violations[2].detail, LYNC_MESSAGE);
        assert.strictEqual(run.violations[2].sourceUrl, COEXISTENCE);
        assert.deepStrictEqual(run.packs, [
            {
                name: PACK,
                version: "1.0.0",
                policies: [
                    "communications-server-end-of-support",
                    "exchange-2019-unified-messaging-removed",
                    MIN_CU,
                    "exchange-um-unsupported-communications-server",
                    "lync-2013-features-on-legacy-servers",
                ],
            },
        ]);
    });

    it("tells a failed program from policy violations, keeping the engine's error and the line it names", () => {
        assert.strictEqual(runs.failed.status, "failed");
        assert.deepStrictEqual(runs.failed.problems, [
            { message: 'Error: resource, variable, or config value "missing-resource" not found', file: "Pulumi.yaml", line: 40 },
        ]);
        assert.deepStrictEqual(runs.failed.violations, []);
    });

    it("reads an update stopped by mandatory violations (pulumi up) as complete, not as a failed run", () => {
        const up = readEventLog(fs.readFileSync(path.join(fixtures, "report", "noncompliant-up.jsonl"), "utf8"), "up.jsonl");
        assert.deepStrictEqual([up.status, up.stack, up.violations.length], ["complete", "upnc", 3]);
    });

    it("reads the JSON events of pulumi policy analyze (no analysis summaries) as a complete audit", () => {
        const audit = readEventLog(fs.readFileSync(path.join(fixtures, "report", "noncompliant-analyze.jsonl"), "utf8"), "audit.jsonl");
        assert.strictEqual(audit.status, "complete");
        assert.deepStrictEqual(audit.packs, [{ name: PACK, version: "1.0.0", policies: ["communications-server-end-of-support", MIN_CU] }]);
        assert.strictEqual(audit.violations.length, 3);
    });

    it("calls a pack that could not load, and a run with no pack, 'no policy pack ran'", () => {
        const nopack = readEventLog(read("nopack"), "nopack.jsonl");
        assert.strictEqual(nopack.status, "no-policy-pack");
        assert.match(nopack.problems[0].message, /stopped before the program ran .*a policy pack that cannot be loaded/);
        const withoutPack = readEventLog(read("withoutpack"), "withoutpack.jsonl");
        assert.strictEqual(withoutPack.status, "no-policy-pack");
        assert.match(withoutPack.problems[0].message, /^No policy pack ran/);
    });

    it("strips the CLI's colour directives from messages when the command ran without --color never", () => {
        const coloured = read("noncompliant").replace(
            "Lync Server 2010 server 'lync-fe-01' is at CU2",
            "<{%fg 1%}>Lync Server 2010 server 'lync-fe-01'<{%reset%}> is at CU2",
        );
        assert.notStrictEqual(coloured, read("noncompliant"));
        assert.strictEqual(readEventLog(coloured, "coloured.jsonl").violations[2].detail, LYNC_MESSAGE);
    });

    it("calls a log cut mid-line or before the summary 'truncated', and a cancelled run 'canceled'", () => {
        const lines = read("noncompliant").split("\n").filter(Boolean);
        const midLine = readEventLog(`${lines.slice(0, 40).join("\n")}\n${lines[40].slice(0, 30)}`, "cut.jsonl");
        assert.strictEqual(midLine.status, "truncated");
        assert.strictEqual(
            midLine.problems[0].message,
            "The event log ends at line 41 without the engine's summary: the pulumi command was stopped or the file is cut short, so the run's results are incomplete.",
        );
        assert.strictEqual(readEventLog(lines.slice(0, 40).join("\n"), "cut.jsonl").status, "truncated");
        assert.strictEqual(readEventLog(cancelledLog(), "cancelled.jsonl").status, "canceled");
    });
});

describe("CI report tool: exit codes", () => {
    it("gives each outcome its own exit code, and --fail-on governs only violations", () => {
        const lines = read("noncompliant").split("\n").filter(Boolean);
        const cases: Array<[string[], number]> = [
            [["sarif", fixture("noncompliant")], 1],
            [["sarif", "--fail-on", "none", fixture("noncompliant")], 0],
            [["markdown", "--fail-on", "advisory", fixture("compliant")], 1],
            [["markdown", fixture("compliant")], 0],
            [["junit", "--fail-on", "none", fixture("failed")], 3],
            [["junit", "--fail-on", "none", tempLog(cancelledLog())], 4],
            [["junit", "--fail-on", "none", tempLog(lines.slice(0, 40).join("\n"))], 5],
            [["junit", "--fail-on", "none", fixture("nopack")], 6],
            [["junit", "--fail-on", "none", fixture("withoutpack")], 6],
            // Several logs: an incomplete one decides, whatever the others say.
            [["sarif", fixture("noncompliant"), fixture("failed")], 3],
            [["sarif", fixture("compliant"), fixture("noncompliant")], 1],
        ];
        for (const [args, code] of cases) assert.strictEqual(runCli(args).code, code, args.join(" "));
    });

    it("still writes the report for an incomplete run, saying what happened", () => {
        const result = runCli(["markdown", fixture("failed")]);
        assert.strictEqual(result.code, 3);
        assert.strictEqual(
            result.stdout,
            [
                "<!-- uc-policy-report: pulumi policy results -->",
                `### Pulumi policy results (uc-policy-report ${RELEASE_VERSION})`,
                "",
                "🛑 The Pulumi run of `uc-estate/compliant` FAILED before the policy check could finish: the results are incomplete.",
                "",
                '> Error: resource, variable, or config value "missing-resource" not found (Pulumi.yaml line 40)',
                "",
            ].join("\n"),
        );
    });

    it("refuses damaged or foreign files with the line number and exits 2 without a report", () => {
        const lines = read("noncompliant").split("\n").filter(Boolean);
        const cases: Array<[string, RegExp]> = [
            [tempLog([...lines.slice(0, 4), '{"sequence": 4, "policyEv', ...lines.slice(5)].join("\n")), /:5: not JSON \(/],
            [tempLog(`${lines[0]}\n{"hello": "world"}\n`), /:2: not a Pulumi engine event/],
            [tempLog(""), /the event log is empty/],
            ["/nonexistent/events.jsonl", /cannot read: ENOENT/],
        ];
        for (const [file, expected] of cases) {
            const result = runCli(["sarif", file]);
            assert.strictEqual(result.code, 2, file);
            assert.strictEqual(result.stdout, "", "no partial report");
            assert.match(result.stderr, expected);
        }
        assert.match(runCli(["pdf", fixture("noncompliant")]).stderr, /unknown command 'pdf'\nusage:/);
        assert.match(
            runCli(["sarif", "--fail-on", "sometimes", fixture("noncompliant")]).stderr,
            /--fail-on takes mandatory, advisory, none, low, medium, high or critical/,
        );
    });

    it("answers --help for the tool and every command with exit 0, listing the exit codes", () => {
        for (const args of [
            ["--help"],
            ["-h"],
            ["help"],
            ...["sarif", "junit", "markdown", "codequality", "annotations", "inventory"].flatMap((c) => [
                [c, "--help"],
                ["help", c],
            ]),
        ]) {
            const result = runCli(args);
            assert.strictEqual(result.code, 0, args.join(" "));
            assert.match(result.stdout, /^usage: uc-policy-report /, args.join(" "));
            if (!args.includes("inventory")) assert.match(result.stdout, / {2}3 {2}a run failed/, args.join(" "));
        }
        assert.strictEqual(runCli([]).code, 2, "no command at all is a usage error");
    });
});

describe("CI report tool: SARIF for GitHub code scanning", () => {
    const schema = JSON.parse(fs.readFileSync(path.join(fixtures, "sarif-schema-2.1.0.json"), "utf8"));
    const validate = new AjvDraft04({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
    const all = [
        runs.noncompliant,
        runs.compliant,
        runs.failed,
        readEventLog(read("nopack"), "nopack.jsonl"),
        readEventLog(cancelledLog(), "c.jsonl"),
    ];

    it("is valid against the OASIS schema and GitHub's upload rules, for every kind of run", () => {
        for (const run of all) {
            const sarif = sarifOf([run]) as unknown as { $schema: string; version: string; runs: SarifRun[] };
            assert.ok(validate(sarif), JSON.stringify(validate.errors, null, 2));
            assert.strictEqual(sarif.version, "2.1.0");
            assert.ok(sarif.runs.length >= 1 && sarif.runs.length <= 20, "GitHub rejects a file without runs or with more than 20");
            const categories = sarif.runs.map((r) => r.automationDetails.id);
            assert.strictEqual(new Set(categories).size, categories.length, "GitHub rejects two runs with the same category in one upload");
            for (const r of sarif.runs) {
                assert.ok(Array.isArray(r.results), "the upload action requires a results array in every run");
                assert.ok(r.tool.driver.name);
                for (const rule of r.tool.driver.rules) {
                    for (const field of ["shortDescription", "fullDescription"])
                        assert.ok(rule[field].text.length > 0 && rule[field].text.length <= 1024, `${rule.id} ${field}`);
                    assert.ok(rule.help.text.length > 0, `${rule.id}: GitHub requires help.text`);
                    assert.ok(rule.properties.tags.length <= 20);
                    const score = rule.properties["security-severity"];
                    if (score !== undefined)
                        assert.ok(
                            /^\d+(\.\d+)?$/.test(score) && Number(score) > 0 && Number(score) <= 10,
                            `${rule.id}: security-severity must be a number in (0, 10]`,
                        );
                }
                for (const result of r.results) {
                    const uri = result.locations[0].physicalLocation.artifactLocation.uri as string;
                    assert.ok(uri !== "" && !/^[a-z]+:|^\//i.test(uri), `a non-empty repository-relative path, not '${uri}'`);
                    assert.ok(typeof result.partialFingerprints.primaryLocationLineHash === "string");
                }
            }
        }
    });

    it("gives every rule its help (what, remediation, source), security-severity and tags from the catalog", () => {
        const rules = sarifOf([runs.noncompliant]).runs[1].tool.driver.rules;
        assert.deepStrictEqual(
            rules.map((r) => r.id),
            [
                "communications-server-end-of-support",
                "exchange-2019-unified-messaging-removed",
                MIN_CU,
                "exchange-um-unsupported-communications-server",
                "lync-2013-features-on-legacy-servers",
            ],
        );
        const minCu = rules[2];
        assert.strictEqual(
            minCu.shortDescription.text,
            "Communications servers integrated with Exchange Unified Messaging must run Microsoft's minimum cumulative update.",
        );
        assert.strictEqual(minCu.helpUri, COEXISTENCE);
        assert.match(
            minCu.help.text,
            /^Communications servers integrated with Exchange Unified Messaging must run Microsoft's minimum cumulative update\.\n\nHow to fix:\n- Install the required cumulative update/,
        );
        assert.match(
            minCu.help.text,
            /\n\nSource: Coexistence with Office Communications Server 2007 R2 and Lync Server .*\(https:\/\/learn\.microsoft\.com\/en-us\/exchange\/coexistence-with/,
        );
        assert.match(minCu.help.markdown, /### How to fix\n\n- Install the required cumulative update/);
        assert.match(minCu.help.markdown, /### Source\n\n\[Coexistence with Office Communications Server 2007 R2 and Lync Server/);
        assert.deepStrictEqual(minCu.properties, {
            tags: ["security", "pulumi-policy", "minimum-cumulative-update", "mandatory"],
            precision: "very-high",
            "security-severity": "8.0",
        });
        assert.deepStrictEqual(minCu.defaultConfiguration, { level: "error" });
        assert.strictEqual(rules[0].properties["security-severity"], "5.5", "medium");
    });

    it("locates each result at the line of the resource in the YAML program, relative to the repository", () => {
        const results = sarifOf([runs.noncompliant]).runs[1].results;
        assert.deepStrictEqual(
            results.map((r) => [
                r.ruleId,
                r.level,
                r.locations[0].physicalLocation.artifactLocation.uri,
                r.locations[0].physicalLocation.region?.startLine,
                r.locations[0].logicalLocations[0].name,
                r.message.text,
            ]),
            [
                ["communications-server-end-of-support", "warning", "infra/uc/Pulumi.yaml", 49, "ocs-r2-01", EOS_MESSAGE],
                [MIN_CU, "error", "infra/uc/Pulumi.yaml", 49, "ocs-r2-01", OCS_MESSAGE],
                [MIN_CU, "error", "infra/uc/Pulumi.yaml", 40, "lync-fe-01", LYNC_MESSAGE],
            ],
        );
    });

    it("writes one run per pack and stack and a run status, so an upload of a fixed stack closes its alerts", () => {
        const before = sarifOf([runs.noncompliant]).runs;
        const after = sarifOf([runs.compliant]).runs;
        assert.deepStrictEqual(
            before.map((r) => [r.tool.driver.name, r.automationDetails.id, r.results.length]),
            [
                ["uc-policy-report", "pulumi-policy/uc-estate/noncompliant/run-status/", 0],
                [PACK, `pulumi-policy/uc-estate/noncompliant/${PACK}/`, 3],
            ],
        );
        assert.deepStrictEqual(
            after.map((r) => [r.tool.driver.name, r.automationDetails.id, r.results.map((x) => x.ruleId)]),
            [
                ["uc-policy-report", "pulumi-policy/uc-estate/compliant/run-status/", []],
                [PACK, `pulumi-policy/uc-estate/compliant/${PACK}/`, ["communications-server-end-of-support"]],
            ],
        );
        assert.deepStrictEqual(before[0].invocations, [{ executionSuccessful: true, toolExecutionNotifications: [] }]);
    });

    it("keeps a finding's fingerprint when its line moves, and tells stacks apart", () => {
        const fingerprints = (run: PolicyRun, where = layout) =>
            (toSarif([run], where) as { runs: SarifRun[] }).runs[1].results.map((r) => r.partialFingerprints.primaryLocationLineHash);
        const root = repository();
        const moved = path.join(root, "infra", "uc", "Pulumi.yaml");
        fs.writeFileSync(moved, fs.readFileSync(moved, "utf8").replace("resources:\n", "resources:\n  # a comment moves every line\n"));
        const movedLayout = projectLayout(root, "infra/uc");
        assert.strictEqual(movedLayout.locate("lync-fe-01").line, 41);
        assert.deepStrictEqual(fingerprints(runs.noncompliant, movedLayout), fingerprints(runs.noncompliant));
        assert.strictEqual(new Set(fingerprints(runs.noncompliant)).size, 3);
        const otherStack = readEventLog(read("noncompliant").replace(/urn:pulumi:noncompliant::/g, "urn:pulumi:prod::"), "prod.jsonl");
        assert.notDeepStrictEqual(fingerprints(otherStack), fingerprints(runs.noncompliant));
    });

    it("makes a failed run an error with the engine's message, and writes no pack run that could close alerts", () => {
        const sarif = sarifOf([runs.failed]).runs;
        assert.strictEqual(sarif.length, 1, "only the run status");
        const [status] = sarif;
        assert.deepStrictEqual(status.invocations, [
            {
                executionSuccessful: false,
                toolExecutionNotifications: [
                    {
                        level: "error",
                        message: { text: 'Error: resource, variable, or config value "missing-resource" not found' },
                        locations: [{ physicalLocation: { artifactLocation: { uri: "infra/uc/Pulumi.yaml" }, region: { startLine: 40 } } }],
                    },
                ],
            },
        ] as unknown);
        assert.deepStrictEqual(
            status.results.map((r) => [r.ruleId, r.level, r.message.text, r.locations[0].physicalLocation]),
            [
                [
                    "pulumi-run-incomplete",
                    "error",
                    'The Pulumi run of uc-estate/compliant FAILED before the policy check could finish: the results are incomplete.\nError: resource, variable, or config value "missing-resource" not found',
                    { artifactLocation: { uri: "infra/uc/Pulumi.yaml" }, region: { startLine: 40 } },
                ],
            ],
        );
    });

    it("warns when a file has more runs than GitHub accepts in one upload (20)", () => {
        const dir = tempDir();
        const logs = Array.from({ length: 11 }, (_, i) => {
            const file = path.join(dir, `stack${i}.jsonl`);
            fs.writeFileSync(file, read("compliant").replace(/urn:pulumi:compliant::/g, `urn:pulumi:s${i}::`));
            return file;
        });
        const result = runCli(["sarif", "--output", path.join(dir, "all.sarif"), ...logs]);
        assert.strictEqual(result.code, 0);
        assert.strictEqual(
            result.stderr,
            "uc-policy-report: warning: this SARIF file has 22 runs; GitHub code scanning rejects an upload with more than 20 - write one file per stack (or fewer stacks per file)\n",
        );
        assert.strictEqual(runCli(["sarif", "--output", path.join(dir, "some.sarif"), ...logs.slice(0, 10)]).stderr, "");
    });

    it("reports several stacks in one file with a category each", () => {
        assert.deepStrictEqual(
            sarifOf([runs.noncompliant, runs.compliant]).runs.map((r) => r.automationDetails.id),
            [
                "pulumi-policy/uc-estate/noncompliant/run-status/",
                `pulumi-policy/uc-estate/noncompliant/${PACK}/`,
                "pulumi-policy/uc-estate/compliant/run-status/",
                `pulumi-policy/uc-estate/compliant/${PACK}/`,
            ],
        );
        const twice = runCli(["sarif", fixture("compliant"), fixture("failed")]);
        assert.strictEqual(twice.code, 2, "two logs of one stack would give GitHub two runs of one category");
        assert.match(
            twice.stderr,
            /failed-preview.jsonl and .*compliant-preview.jsonl are both logs of uc-estate\/compliant; give one log per stack/,
        );
    });
});

/** Reads JUnit the way GitLab's parser (lib/gitlab/ci/parsers/test/junit.rb) and Azure DevOps'
 * JUnit reader (Agent.Worker TestResults JunitResultReader) do: status from failure, then error,
 * then skipped, else success; the text GitLab shows (failure/error body, skipped body or message;
 * system-out only with a failure or error); Azure's outcome and error message (the message
 * attribute of failure/error, skipped@message). */
function readJunit(xml: string) {
    const parsed = new XMLParser({
        ignoreAttributes: false,
        attributeNamePrefix: "",
        htmlEntities: true,
        isArray: (name) => ["testsuite", "testcase"].includes(name),
        textNodeName: "#text",
    }).parse(xml);
    const body = (node: unknown) =>
        typeof node === "string" ? node : node && typeof node === "object" ? ((node as Record<string, string>)["#text"] ?? "") : "";
    return (parsed.testsuites.testsuite as Array<Record<string, any>>).flatMap((suite) =>
        (suite.testcase ?? []).map((tc: Record<string, any>) => {
            const gitlab = "failure" in tc ? "failed" : "error" in tc ? "error" : "skipped" in tc ? "skipped" : "success";
            const shown =
                gitlab === "failed"
                    ? body(tc.failure)
                    : gitlab === "error"
                      ? body(tc.error)
                      : gitlab === "skipped"
                        ? body(tc.skipped) || tc.skipped?.message || ""
                        : "";
            const azure = tc.failure || tc.error ? "Failed" : "skipped" in tc ? "NotExecuted" : "Passed";
            const azureMessage = (tc.failure ?? tc.error ?? tc.skipped)?.message ?? "";
            return {
                suite: suite.name as string,
                classname: tc.classname as string,
                name: tc.name as string,
                gitlab,
                shown,
                azure,
                azureMessage,
            };
        }),
    );
}

describe("CI report tool: JUnit for GitLab and Azure DevOps", () => {
    it("shows a failure per violating server, advisories with their text, and every passed check", () => {
        const cases = readJunit(toJunit([runs.noncompliant]));
        const line = (c: ReturnType<typeof readJunit>[number]) => `${c.gitlab}/${c.azure} ${c.name}`;
        assert.deepStrictEqual(cases.filter((c) => c.gitlab !== "success").map(line), [
            "skipped/NotExecuted noncompliant: communications-server-end-of-support ocs-r2-01",
            `failed/Failed noncompliant: ${MIN_CU} lync-fe-01`,
            `failed/Failed noncompliant: ${MIN_CU} ocs-r2-01`,
        ]);
        assert.strictEqual(
            cases.length,
            26,
            "the servers test, then 5 policies x 5 UC servers (other resources, providers and the stack resource left out)",
        );
        assert.ok(cases.every((c) => c.suite === `uc-estate/noncompliant: ${PACK}` && c.classname === c.suite));
        const lync = cases.find((c) => c.name === `noncompliant: ${MIN_CU} lync-fe-01`)!;
        assert.strictEqual(lync.azureMessage, LYNC_MESSAGE);
        assert.strictEqual(
            lync.shown,
            `Communications servers integrated with Exchange Unified Messaging must run Microsoft's minimum cumulative update.\n[mandatory, severity high] ${LYNC_MESSAGE}`,
        );
        const eos = cases.find((c) => c.gitlab === "skipped")!;
        assert.strictEqual(eos.shown, `[advisory, severity medium] ${EOS_MESSAGE}`);
        assert.strictEqual(eos.azureMessage, eos.shown);
    });

    it("shows a fixed violation as the same test passing, and a compliant run as passed tests", () => {
        const cases = readJunit(toJunit([runs.compliant]));
        assert.strictEqual(cases.length, 26);
        assert.strictEqual(cases.filter((c) => c.gitlab === "success").length, 25);
        assert.deepStrictEqual(
            cases.filter((c) => c.name.endsWith(" lync-fe-01") && c.name.includes(MIN_CU)).map((c) => `${c.gitlab} ${c.name}`),
            [`success compliant: ${MIN_CU} lync-fe-01`],
        );
    });

    it("makes a failed run an error test, with no passing tests to mistake it for a clean run", () => {
        const xml = toJunit([runs.failed]);
        assert.deepStrictEqual(
            readJunit(xml).map((c) => [c.suite, c.name, c.gitlab, c.azure, c.azureMessage, c.shown]),
            [
                [
                    "uc-estate/compliant: pulumi run",
                    "compliant: the pulumi run completed",
                    "error",
                    "Failed",
                    "The Pulumi run of uc-estate/compliant FAILED before the policy check could finish: the results are incomplete.",
                    'The Pulumi run of uc-estate/compliant FAILED before the policy check could finish: the results are incomplete.\nError: resource, variable, or config value "missing-resource" not found\n  at Pulumi.yaml:40',
                ],
            ],
        );
        assert.match(xml, /<testsuites name="pulumi policy" tests="1" failures="0" errors="1" time="2">/);
    });

    it("gives several stacks their own suites and distinct test names", () => {
        const cases = readJunit(toJunit([runs.noncompliant, runs.compliant]));
        assert.deepStrictEqual(
            [...new Set(cases.map((c) => c.suite))],
            [`uc-estate/noncompliant: ${PACK}`, `uc-estate/compliant: ${PACK}`],
        );
        assert.strictEqual(
            new Set(cases.map((c) => `${c.classname} ${c.name}`)).size,
            cases.length,
            "GitLab keeps only the first of duplicate names",
        );
        assert.strictEqual(new Set(cases.map((c) => c.name)).size, cases.length, "Azure keys results by name");
    });

    it("escapes text for XML, keeping line breaks in attributes", () => {
        const run = { ...runs.noncompliant, violations: [{ ...runs.noncompliant.violations[1], detail: 'a <b> & \u0001 "c"\nnext' }] };
        const cases = readJunit(toJunit([run]));
        assert.strictEqual(cases.find((c) => c.gitlab === "failed")!.azureMessage, 'a <b> & \uFFFD "c"\nnext');
    });
});

describe("CI report tool: GitLab Code Quality, GitHub annotations, Markdown", () => {
    it("writes Code Quality issues with GitLab's required fields, stable fingerprints and the resource's line", () => {
        const issues = JSON.parse(toCodeQuality([runs.noncompliant], layout)) as Array<Record<string, any>>;
        assert.deepStrictEqual(
            issues.map((i) => [i.check_name, i.severity, i.location.path, i.location.lines.begin, i.description]),
            [
                [
                    "communications-server-end-of-support",
                    "info",
                    "infra/uc/Pulumi.yaml",
                    49,
                    `[uc-estate/noncompliant] communications-server-end-of-support (advisory) ocs-r2-01: ${EOS_MESSAGE}`,
                ],
                [
                    MIN_CU,
                    "critical",
                    "infra/uc/Pulumi.yaml",
                    49,
                    `[uc-estate/noncompliant] ${MIN_CU} (mandatory) ocs-r2-01: ${OCS_MESSAGE}`,
                ],
                [
                    MIN_CU,
                    "critical",
                    "infra/uc/Pulumi.yaml",
                    40,
                    `[uc-estate/noncompliant] ${MIN_CU} (mandatory) lync-fe-01: ${LYNC_MESSAGE}`,
                ],
            ],
        );
        for (const issue of issues) assert.match(issue.fingerprint, /^[0-9a-f]{64}$/);
        assert.strictEqual(new Set(issues.map((i) => i.fingerprint)).size, 3, "the widget merges issues with one fingerprint");
        assert.deepStrictEqual(
            JSON.parse(toCodeQuality([runs.compliant], layout)).map((i: { check_name: string }) => i.check_name),
            ["communications-server-end-of-support"],
        );
    });

    it("gives every Code Quality issue the fields GitLab requires, for every kind of run", () => {
        const logs = [
            runs.noncompliant,
            runs.compliant,
            runs.failed,
            readEventLog(read("nopack"), "nopack.jsonl"),
            readEventLog(cancelledLog(), "c.jsonl"),
        ];
        const text = toCodeQuality(logs, layout);
        assert.ok(!text.startsWith("\uFEFF"), "GitLab's parser refuses a byte order mark");
        const issues = JSON.parse(text) as Array<Record<string, any>>;
        // 3 + 1 findings, a blocker each for the failed and the pack-less run, a blocker and 3 findings for the cancelled one.
        assert.ok(Array.isArray(issues) && issues.length === 10);
        for (const issue of issues) {
            for (const field of ["description", "check_name", "fingerprint"])
                assert.ok(typeof issue[field] === "string" && issue[field] !== "", field);
            assert.ok(["info", "minor", "major", "critical", "blocker"].includes(issue.severity), issue.severity);
            assert.ok(typeof issue.location.path === "string" && !/^[a-z]+:|^\//i.test(issue.location.path), issue.location.path);
            assert.ok(Number.isInteger(issue.location.lines.begin) && issue.location.lines.begin >= 1);
        }
        assert.strictEqual(
            new Set(issues.map((i) => i.fingerprint)).size,
            issues.length - 3,
            "the cancelled and the complete log of one stack share only their 3 findings' fingerprints",
        );
    });

    it("makes a failed run a blocker issue at the line the engine names", () => {
        const failedLayout = projectLayout(repository("failed-Pulumi.yaml"), "infra/uc");
        assert.deepStrictEqual(
            JSON.parse(toCodeQuality([runs.failed], failedLayout)).map((i: Record<string, any>) => [
                i.check_name,
                i.severity,
                i.location,
                i.description,
            ]),
            [
                [
                    "pulumi-run-incomplete",
                    "blocker",
                    { path: "infra/uc/Pulumi.yaml", lines: { begin: 40 } },
                    '[uc-estate/compliant] The Pulumi run FAILED before the policy check could finish: the results are incomplete. Error: resource, variable, or config value "missing-resource" not found',
                ],
            ],
        );
    });

    it("writes ::error/::warning annotations on the declaring line, escaped as the runner parses them", () => {
        assert.strictEqual(
            toAnnotations([runs.noncompliant, runs.failed], layout),
            [
                `::error file=infra/uc/Pulumi.yaml,line=49,title=${MIN_CU} (mandatory) uc-estate/noncompliant ocs-r2-01::${OCS_MESSAGE}`,
                `::error file=infra/uc/Pulumi.yaml,line=40,title=${MIN_CU} (mandatory) uc-estate/noncompliant lync-fe-01::${LYNC_MESSAGE}`,
                '::error file=infra/uc/Pulumi.yaml,line=40,title=Pulumi run failed (uc-estate/compliant)::The Pulumi run of uc-estate/compliant FAILED before the policy check could finish: the results are incomplete.%0AError: resource, variable, or config value "missing-resource" not found',
                `::warning file=infra/uc/Pulumi.yaml,line=49,title=communications-server-end-of-support (advisory) uc-estate/noncompliant ocs-r2-01::${EOS_MESSAGE}`,
                "",
            ].join("\n"),
        );
        const hostile = {
            ...runs.noncompliant,
            stack: "a,b:c",
            violations: [{ ...runs.noncompliant.violations[1], detail: "100% done\r\n::error::injected" }],
        };
        assert.match(
            toAnnotations([hostile], layout),
            /title=exchange-um-communications-server-minimum-cu \(mandatory\) uc-estate\/a%2Cb%3Ac ocs-r2-01::100%25 done%0D%0A::error::injected\n$/,
        );
    });

    it("annotates at most 10 errors and 10 warnings and counts the rest in a notice", () => {
        const many = { ...runs.noncompliant, violations: Array.from({ length: 12 }, () => runs.noncompliant.violations).flat() };
        const lines = toAnnotations([many], layout).trim().split("\n");
        assert.deepStrictEqual(
            [lines.filter((l) => l.startsWith("::error ")).length, lines.filter((l) => l.startsWith("::warning ")).length],
            [10, 10],
        );
        assert.strictEqual(
            lines[lines.length - 1],
            "::notice title=More policy findings::16 more findings not annotated (GitHub shows 10 errors and 10 warnings per step); see the job summary or the SARIF report.",
        );
    });

    it("writes a Markdown summary per stack, mandatory first, with source links and escaped cells", () => {
        const markdown = toMarkdown([runs.noncompliant, runs.compliant, runs.failed]);
        assert.deepStrictEqual(
            markdown.split("\n").filter((l) => l.startsWith("#### ") || /^(✅|❌|⚠️|🛑)/u.test(l)),
            [
                "#### uc-estate/noncompliant",
                "❌ 2 mandatory and 1 advisory policy violations.",
                "#### uc-estate/compliant",
                "⚠️ 0 mandatory and 1 advisory policy violation.",
                "#### uc-estate/compliant",
                "🛑 The Pulumi run of `uc-estate/compliant` FAILED before the policy check could finish: the results are incomplete.",
                "#### Findings: uc-estate/noncompliant",
                "#### Findings: uc-estate/compliant",
            ],
        );
        const rows = toMarkdown([runs.noncompliant])
            .split("\n")
            .filter((l) => l.startsWith("- "));
        assert.strictEqual(
            rows[1],
            "- `ocs-r2-01`: Office Communications Server 2007 R2 server 'ocs-r2-01' is at CU9; Exchange UM integration (declared by 'exch-mbx-01') requires CU10 or later.",
        );
        assert.ok(toMarkdown([runs.noncompliant]).includes(`\nSource: <${COEXISTENCE}>\n`));
        const escaped = { ...runs.noncompliant, violations: [{ ...runs.noncompliant.violations[0], detail: "a | b\nc" }] };
        assert.ok(toMarkdown([escaped]).includes("a \\| b<br>c"));
        const clean = { ...runs.compliant, violations: [] };
        assert.match(toMarkdown([clean]), /✅ No policy violations\./);
    });
});

describe("CI report tool: locations in the program", () => {
    it("finds each resource's key line under resources:, and a name: option's logical name", () => {
        const text = [
            "name: p",
            "runtime: yaml",
            "plugins:",
            "  providers:",
            "    - name: aws",
            "resources:",
            "  # comment",
            "  first:",
            "    type: a:b:C",
            "    properties:",
            "      name: not-a-logical-name",
            "  'quoted-one':",
            "    type: a:b:C",
            "    name: logical-x",
            "outputs:",
            "  first: 1",
            "",
        ].join("\n");
        assert.deepStrictEqual(
            [...yamlResourceLines(text)],
            [
                ["first", 8],
                ["quoted-one", 12],
                ["logical-x", 12],
            ],
        );
    });

    it("points at the project file, without a line, when the program is not YAML", () => {
        const root = tempDir();
        fs.writeFileSync(path.join(root, "Pulumi.yaml"), "name: p\nruntime: nodejs\n");
        assert.deepStrictEqual(projectLayout(root, ".").locate("lync-fe-01"), { file: "Pulumi.yaml" });
    });

    it("takes source positions from a stack export when they point into the project, not the YAML host's own code", () => {
        const exported = JSON.parse(fs.readFileSync(path.join(fixtures, "report", "noncompliant-export.json"), "utf8"));
        const lyncUrn = "urn:pulumi:noncompliant::uc-estate::azure-native:compute:VirtualMachine::lync-fe-01";
        // The real export of the YAML program: every position lies in pulumi-yaml's Go source.
        assert.match(
            exported.deployment.resources.find((r: { urn: string }) => r.urn === lyncUrn).sourcePosition,
            /^project:\/\/\/\.\.\/.*pulumi-yaml@v1\.38\.1\/pkg\/pulumiyaml\/run\.go#\d+$/,
        );
        assert.deepStrictEqual([...sourcePositions(exported)], []);
        assert.deepStrictEqual(projectLayout(repository(), "infra/uc", sourcePositions(exported)).locate(lyncUrn), {
            file: "infra/uc/Pulumi.yaml",
            line: 40,
        });
        // An SDK that records the user's code (Node.js: project:///index.ts#12,5) is used as is.
        exported.deployment.resources.find((r: { urn: string }) => r.urn === lyncUrn).sourcePosition = "project:///src/servers.ts#12,5";
        assert.deepStrictEqual(projectLayout(repository(), "infra/uc", sourcePositions(exported)).locate(lyncUrn), {
            file: "infra/uc/src/servers.ts",
            line: 12,
        });
        const file = path.join(tempDir(), "state.json");
        fs.writeFileSync(file, JSON.stringify(exported));
        const result = runCli([
            "annotations",
            "--repo-root",
            repository(),
            "--project-dir",
            "infra/uc",
            "--stack-export",
            file,
            fixture("noncompliant"),
        ]);
        assert.match(
            result.stdout,
            /^::error file=infra\/uc\/src\/servers.ts,line=12,title=exchange-um-communications-server-minimum-cu \(mandatory\) uc-estate\/noncompliant lync-fe-01::/m,
        );
    });

    it("uses --repo-root and --project-dir from the command line", () => {
        const root = repository();
        const result = runCli(["annotations", "--repo-root", root, "--project-dir", "infra/uc", fixture("noncompliant")]);
        assert.strictEqual(result.code, 1);
        assert.match(result.stdout, /^::error file=infra\/uc\/Pulumi.yaml,line=49,/);
    });
});

describe("CI report tool: inventory", () => {
    it("lists the UC servers of the event log's stack for an audit", () => {
        const result = runCli(["inventory", "--format", "csv", fixture("noncompliant")]);
        assert.strictEqual(result.code, 1, "servers below their minimum");
        assert.deepStrictEqual(
            result.stdout
                .trim()
                .split("\n")
                .map((l) => l.split(",").slice(0, 6).join(",")),
            [
                "name,type,product,updateFound,updateRequired,status",
                "exch-mbx-01,aws:ec2/instance:Instance,Exchange Server 2013,CU23,,exchange-server",
                "lync-fe-01,azure-native:compute:VirtualMachine,Lync Server 2010,CU2,CU3 or later,below-minimum",
                "lync13-edge,aws:autoscaling/group:Group,Lync Server 2013,(no tag),none,not-required",
                "ocs-r2-01,gcp:compute/instance:Instance,Office Communications Server 2007 R2,CU9,CU10 or later,below-minimum",
                // This log was recorded from the earlier sample, whose vSphere VM carried a string in `tags`;
                // vSphere keeps tag IDs there, and an ID no Tag resource of the stack has cannot be read:
                // the server is listed as unreadable, not left out.
                "sfb-fe-01,vsphere:index/virtualMachine:VirtualMachine,(unreadable),,,unverifiable",
            ],
        );
    });

    it("refuses an inventory from a truncated log or a failed run, which would look like a whole stack", () => {
        const lines = read("noncompliant").split("\n").filter(Boolean);
        const result = runCli(["inventory", tempLog(lines.slice(0, 40).join("\n"))]);
        assert.strictEqual(result.code, 2);
        assert.match(result.stderr, /log is truncated, so the inventory would be incomplete; use --stack-export instead/);
        const failed = runCli(["inventory", fixture("failed")]);
        assert.strictEqual(failed.code, 2);
        assert.match(failed.stderr, /the run failed, so the inventory would be incomplete/);
    });
});

describe("CI report tool: the installed bin, as a pipeline runs it", () => {
    it("passes the exit code through the process, with the report on stdout and messages on stderr", () => {
        const violations = spawnCli(["sarif", fixture("noncompliant")]);
        assert.strictEqual(violations.code, 1);
        assert.strictEqual(violations.stderr, "");
        assert.strictEqual((JSON.parse(violations.stdout) as { runs: unknown[] }).runs.length, 2);
        assert.strictEqual(spawnCli(["junit", "--fail-on", "none", fixture("failed")]).code, 3);
        assert.strictEqual(spawnCli(["markdown", fixture("compliant")]).code, 0);
        const usage = spawnCli(["sarif", "--fail-on", "sometimes", fixture("noncompliant")]);
        assert.deepStrictEqual([usage.code, usage.stdout], [2, ""]);
        assert.match(
            usage.stderr,
            /^uc-policy-report: --fail-on takes mandatory, advisory, none, low, medium, high or critical \(several joined by commas\), not 'sometimes'\nusage: uc-policy-report COMMAND/,
        );
        assert.strictEqual(spawnCli([]).code, 2, "no command at all is a usage error");
    });

    it("takes report paths relative to the directory it runs in when --repo-root is not given", () => {
        const result = spawnCli(["annotations", "--project-dir", "infra/uc", fixture("noncompliant")], repository());
        assert.strictEqual(result.code, 1);
        assert.match(result.stdout, /^::error file=infra\/uc\/Pulumi.yaml,line=49,/);
    });
});
