// The gate on real CLI logs: --fail-on by level and by severity, --baseline (an earlier SARIF
// report or event log) so only new findings fail, and exemptions listed as such (their own
// Markdown section, SARIF suppressions) that never fail the gate.
import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "../../policypack/src/report/cli";
import { readEventLog } from "../../policypack/src/report/eventLog";
import { fails, findingKey, parseFailOn, readBaseline } from "../../policypack/src/report/gate";
import { tempDir } from "../harness/tempDir";

const REPO = path.resolve(__dirname, "..", "..", "..");
const FIXTURES = path.join(REPO, "test", "fixtures", "report");
const log = (name: string) => path.join(FIXTURES, `${name}.jsonl`);
const dir = tempDir("uc-gate-");
const MIN_CU = "exchange-um-communications-server-minimum-cu";

function cli(argv: string[]) {
    let stdout = "";
    let stderr = "";
    const code = main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr };
}

/** The real log with lync-fe-01's violation exempted, worded as the pack words it (rules/examples). */
function exemptedLog(): string {
    const example = JSON.parse(fs.readFileSync(path.join(REPO, "rules", "examples", `${MIN_CU}.json`), "utf8"));
    const message: string = JSON.stringify(example).match(/"('lync-fe-01' is exempt from policy [^"]*)"/)![1];
    const lines = fs.readFileSync(log("noncompliant-preview"), "utf8").split("\n");
    const file = path.join(dir, "exempted.jsonl");
    const changed = lines.map((line) => {
        if (!line.includes('"policyEvent"') || !line.includes("::lync-fe-01")) return line;
        const event = JSON.parse(line);
        const description = event.policyEvent.message.split("\n")[0];
        event.policyEvent.message = `${description}\n${message}`;
        event.policyEvent.enforcementLevel = "advisory";
        return JSON.stringify(event);
    });
    fs.writeFileSync(file, changed.join("\n"));
    return file;
}

describe("the gate: --fail-on by level and severity", () => {
    it("reads levels, severities and lists of them, and refuses anything else", () => {
        assert.deepStrictEqual(parseFailOn("mandatory"), { level: 2, severity: Infinity });
        assert.deepStrictEqual(parseFailOn("advisory"), { level: 1, severity: Infinity });
        assert.deepStrictEqual(parseFailOn("none"), { level: Infinity, severity: Infinity });
        assert.deepStrictEqual(parseFailOn("high"), { level: Infinity, severity: 3 });
        assert.deepStrictEqual(parseFailOn("mandatory, low,critical"), { level: 2, severity: 1 });
        for (const [value, message] of [
            ["sometimes", /not 'sometimes'$/],
            ["", /not ''$/],
            ["high,", /not 'high,'$/],
            ["none,high", /--fail-on none cannot be combined with other values \('none,high'\)$/],
        ] as Array<[string, RegExp]>)
            assert.throws(() => parseFailOn(value), message);
    });

    it("fails on a finding of the severity or more, whatever its level, and never on an exempted one", () => {
        const [eos, ocs] = readEventLog(fs.readFileSync(log("noncompliant-preview"), "utf8"), "n").violations;
        assert.deepStrictEqual(
            [eos.enforcementLevel, eos.severity, ocs.enforcementLevel, ocs.severity],
            ["advisory", "medium", "mandatory", "high"],
        );
        assert.deepStrictEqual(
            ["low", "medium", "high", "critical"].map((s) => [fails(eos, parseFailOn(s)), fails(ocs, parseFailOn(s))]),
            [
                [true, true],
                [true, true],
                [false, true],
                [false, false],
            ],
        );
        assert.strictEqual(fails({ ...eos, severity: "" }, parseFailOn("low")), false, "no severity: only the level gate applies");
        assert.strictEqual(fails({ ...ocs, exemption: { until: "2099-01-01", reason: "r" } }, parseFailOn("advisory")), false);
        assert.strictEqual(fails(ocs, { ...parseFailOn("mandatory"), baseline: new Set([findingKey(ocs)]) }), false);
    });

    it("gates the real CLI's logs by severity on the command line", () => {
        const cases: Array<[string, string, number]> = [
            ["compliant-preview", "medium", 1],
            ["compliant-preview", "high", 0],
            ["noncompliant-preview", "high", 1],
            ["noncompliant-preview", "critical", 0],
            ["noncompliant-preview", "critical,mandatory", 1],
            ["failed-preview", "critical", 3],
        ];
        for (const [name, failOn, code] of cases)
            assert.strictEqual(cli(["junit", "--fail-on", failOn, log(name)]).code, code, `${name} ${failOn}`);
        assert.match(
            cli(["help", "sarif"]).stdout,
            /Also a severity, low\|medium\|\n +high\|critical: findings of it or more, of any level;/,
        );
    });
});

describe("the gate: --baseline", () => {
    const sarifOf = (name: string) => {
        const file = path.join(dir, `${name}.sarif`);
        cli(["sarif", "--fail-on", "none", "--output", file, log(name)]);
        return file;
    };

    it("reads an earlier SARIF report's findings, or an event log's", () => {
        const fromSarif = readBaseline(fs.readFileSync(sarifOf("noncompliant-preview"), "utf8"), "b.sarif");
        const fromLog = readBaseline(fs.readFileSync(log("noncompliant-preview"), "utf8"), "b.jsonl");
        assert.strictEqual(fromSarif.size, 3);
        assert.deepStrictEqual([...fromSarif].sort(), [...fromLog].sort());
        assert.ok(
            fromSarif.has(
                findingKey({
                    policyPackName: "uc-exchange-um-policies",
                    policyName: MIN_CU,
                    resourceUrn: "urn:pulumi:noncompliant::uc-estate::azure-native:compute:VirtualMachine::lync-fe-01",
                }),
            ),
        );
        // An incomplete run's SARIF has no pack runs: nothing in it is known, everything stays new.
        assert.strictEqual(readBaseline(fs.readFileSync(sarifOf("failed-preview"), "utf8"), "f.sarif").size, 0);
        assert.throws(
            () => readBaseline("[1]", "x.json"),
            /x\.json: not a baseline: expected a SARIF report of uc-policy-report or an engine event log/,
        );
    });

    it("lets only new findings fail, says how many were known, and marks SARIF results new or unchanged", () => {
        const same = cli(["sarif", "--baseline", sarifOf("noncompliant-preview"), log("noncompliant-preview")]);
        assert.strictEqual(same.code, 0, same.stderr);
        assert.strictEqual(
            same.stderr,
            `uc-policy-report: baseline ${path.join(dir, "noncompliant-preview.sarif")}: 3 findings already in it, which do not fail the gate\n`,
        );
        const results = (sarif: string) =>
            JSON.parse(sarif).runs.flatMap((r: { results: Array<{ ruleId: string; baselineState?: string }> }) =>
                r.results.map((x) => `${x.ruleId} ${x.baselineState}`),
            );
        assert.deepStrictEqual(results(same.stdout), [
            "communications-server-end-of-support unchanged",
            `${MIN_CU} unchanged`,
            `${MIN_CU} unchanged`,
        ]);
        // Against the compliant run's report, the minimum-update violations are new.
        const newer = cli(["sarif", "--baseline", sarifOf("compliant-preview"), log("noncompliant-preview")]);
        assert.strictEqual(newer.code, 1);
        assert.match(newer.stderr, /: 0 findings already in it,/);
        assert.deepStrictEqual(results(newer.stdout), ["communications-server-end-of-support new", `${MIN_CU} new`, `${MIN_CU} new`]);
        assert.strictEqual(
            cli(["junit", "--baseline", log("noncompliant-preview"), log("noncompliant-preview")]).code,
            0,
            "an event log as the baseline",
        );
        assert.strictEqual(cli(["junit", "--baseline", sarifOf("failed-preview"), log("noncompliant-preview")]).code, 1);
        assert.strictEqual(
            cli(["junit", "--baseline", log("noncompliant-preview"), log("failed-preview")]).code,
            3,
            "an incomplete run still fails",
        );
        assert.ok(
            !results(cli(["sarif", log("noncompliant-preview")]).stdout).some((r: string) => !r.endsWith("undefined")),
            "no baseline, no state",
        );
        const missing = cli(["sarif", "--baseline", "/nonexistent.sarif", log("noncompliant-preview")]);
        assert.deepStrictEqual([missing.code, missing.stdout], [2, ""]);
        assert.match(missing.stderr, /\/nonexistent\.sarif: cannot read: ENOENT/);
        const one = cli(["junit", "--baseline", writeOne(), log("noncompliant-preview")]);
        assert.match(one.stderr, /: 1 finding already in it, which do not fail/);
    });
});

function writeOne(): string {
    const lines = fs.readFileSync(log("noncompliant-preview"), "utf8").split("\n");
    let kept = false;
    const file = path.join(dir, "one.jsonl");
    fs.writeFileSync(
        file,
        lines
            .filter((l) => {
                if (!l.includes('"policyEvent"')) return true;
                if (kept) return false;
                kept = true;
                return true;
            })
            .join("\n"),
    );
    return file;
}

describe("exemptions", () => {
    it("are read from the pack's wording, listed in their own Markdown section, and not among the findings", () => {
        const file = exemptedLog();
        const run = readEventLog(fs.readFileSync(file, "utf8"), file);
        const exempted = run.violations.filter((v) => v.exemption);
        assert.deepStrictEqual(
            exempted.map((v) => [v.policyName, v.exemption]),
            [[MIN_CU, { until: "2026-12-31", reason: "CU4 rollout, change CHG-1042" }]],
        );
        const markdown = cli(["markdown", file]).stdout;
        assert.ok(
            markdown.includes(
                [
                    "**Exemptions in use** (1): accepted by the pack's config, reported but not failing.",
                    "",
                    "| Policy | Resource | Exempt until | Reason |",
                    "|---|---|---|---|",
                    `| \`${MIN_CU}\` | \`lync-fe-01\` | 2026-12-31 | CU4 rollout, change CHG-1042 |`,
                ].join("\n"),
            ),
            markdown,
        );
        assert.ok(!markdown.includes("- [advisory] `lync-fe-01`"), "not listed again as an advisory");
        assert.match(
            markdown,
            new RegExp(`\\| \`${MIN_CU}\` \\| mandatory, high \\| 1 \\| Office Communications Server 2007 R2: 1 \\| 0 \\|`),
        );
    });

    it("are SARIF suppressions (accepted, with the reason), and fail no gate", () => {
        const file = exemptedLog();
        const sarif = cli(["sarif", "--fail-on", "advisory", file]);
        const results = JSON.parse(sarif.stdout).runs.flatMap((r: { results: unknown[] }) => r.results) as Array<Record<string, any>>;
        const suppressed = results.filter((r) => r.suppressions);
        assert.strictEqual(suppressed.length, 1);
        assert.deepStrictEqual(suppressed[0].suppressions, [
            { kind: "external", status: "accepted", justification: "CU4 rollout, change CHG-1042 (exempt until 2026-12-31)" },
        ]);
        assert.strictEqual(suppressed[0].locations[0].logicalLocations[0].name, "lync-fe-01");
        // Still 1: the end-of-support advisory and the OCS violation fail --fail-on advisory.
        assert.strictEqual(sarif.code, 1);
        const onlyExempted = path.join(dir, "only.jsonl");
        fs.writeFileSync(
            onlyExempted,
            fs
                .readFileSync(file, "utf8")
                .split("\n")
                .filter((l) => !l.includes('"policyEvent"') || l.includes("is exempt from policy"))
                // Without mandatory violations the engine's preview succeeds (as compliant-preview.jsonl records).
                .map((l) => l.replace('"result":"failed"', '"result":"succeeded"'))
                .join("\n"),
        );
        assert.strictEqual(cli(["sarif", "--fail-on", "advisory", onlyExempted]).code, 0);
        assert.strictEqual(cli(["sarif", "--fail-on", "low", onlyExempted]).code, 0);
    });
});
