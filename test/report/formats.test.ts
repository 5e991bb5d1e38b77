// What each report format says in the cases a CI user meets beyond the plain runs of report.test.ts:
// the rule help GitHub shows beside an alert, policies of other packs, remediations, stack-wide
// findings, incomplete runs that found violations before they stopped, several packs, and the
// small wording differences (one finding, one policy) each format makes.
import { RELEASE_VERSION } from "../../policypack/src/release";
import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadCatalog } from "../../policypack/src/catalog/load";
import { escapeProperty, toAnnotations } from "../../policypack/src/report/annotations";
import { toCodeQuality } from "../../policypack/src/report/codeQuality";
import { type PolicyRun, type PolicyViolation, readEventLog } from "../../policypack/src/report/eventLog";
import { toJunit, xml } from "../../policypack/src/report/junit";
import { projectLayout } from "../../policypack/src/report/locations";
import { toMarkdown } from "../../policypack/src/report/markdown";
import { fingerprint, RUN_STATUS_RULE, toSarif } from "../../policypack/src/report/sarif";
import { tempDir } from "../harness/tempDir";

const REPO = path.resolve(__dirname, "..", "..", "..");
const fixtures = path.join(REPO, "test", "fixtures", "report");
const read = (name: string) => fs.readFileSync(path.join(fixtures, `${name}-preview.jsonl`), "utf8");
const catalog = loadCatalog();
const PACK = "uc-exchange-um-policies";
const MIN_CU = "exchange-um-communications-server-minimum-cu";
const EOS = "communications-server-end-of-support";
const noncompliant = readEventLog(read("noncompliant"), "noncompliant.jsonl");
const compliant = readEventLog(read("compliant"), "compliant.jsonl");
const failed = readEventLog(read("failed"), "failed.jsonl");

/** The repository of report.test.ts: the sample program in infra/uc. */
function layoutOf(program = "Pulumi.yaml") {
    const root = tempDir("uc-formats-");
    fs.mkdirSync(path.join(root, "infra", "uc"), { recursive: true });
    fs.copyFileSync(path.join(fixtures, program), path.join(root, "infra", "uc", "Pulumi.yaml"));
    return projectLayout(root, "infra/uc");
}
const layout = layoutOf();

/** A violation of another pack, as the engine reports one (its own description line, no catalog entry). */
function otherPack(change: Partial<PolicyViolation> = {}): PolicyViolation {
    return {
        resourceUrn: "urn:pulumi:noncompliant::uc-estate::azure-native:compute:VirtualMachine::lync-fe-01",
        policyName: "disk-encryption",
        policyPackName: "security-baseline",
        policyPackVersion: "2.1.0",
        enforcementLevel: "mandatory",
        severity: "critical",
        description: "Disks must be encrypted at rest.",
        detail: "Disk 'os' of 'lync-fe-01' is not encrypted. Source: https://example.com/baseline#disks",
        sourceUrl: "https://example.com/baseline#disks",
        stack: "noncompliant",
        project: "uc-estate",
        ...change,
    };
}

/** The non-compliant run with another pack beside ours, with the given violations of it. */
function withOtherPack(violations: PolicyViolation[], version = "2.1.0"): PolicyRun {
    return {
        ...noncompliant,
        packs: [...noncompliant.packs, { name: "security-baseline", version, policies: ["disk-encryption", "tls-only"] }],
        violations: [...noncompliant.violations, ...violations],
    };
}

type Sarif = { runs: Array<Record<string, any>> };
const sarif = (runs: PolicyRun[], where = layout) => toSarif(runs, where) as Sarif;

describe("CI report tool: SARIF rules and results in detail", () => {
    it("gives each catalog rule its help: description, how to fix, source, and the other pages the steps rest on", () => {
        const rules = sarif([noncompliant]).runs[1].tool.driver.rules as Array<Record<string, any>>;
        for (const rule of rules) {
            const entry = catalog.policies.find((p) => p.name === rule.id)!;
            const source = catalog.sources.get(entry.source)!;
            const seeAlso = entry.remediationSources.filter((id) => id !== entry.source).map((id) => catalog.sources.get(id)!);
            const steps = entry.remediation.map((r) => `- ${r}`).join("\n");
            assert.strictEqual(
                rule.help.text,
                [
                    entry.description,
                    `How to fix:\n${steps}`,
                    `Source: ${source.title} (${source.url})`,
                    ...seeAlso.map((s) => `See also: ${s.title} (${s.url})`),
                ].join("\n\n"),
                rule.id,
            );
            const level = rule.id === EOS || rule.id === "lync-2013-features-on-legacy-servers" ? "advisory" : "mandatory";
            const severity = level === "advisory" ? "medium" : "high";
            assert.strictEqual(
                rule.help.markdown,
                [
                    `**${entry.description}**`,
                    `Enforcement: ${level}; severity: ${severity}.`,
                    `### How to fix\n\n${steps}`,
                    `### Source\n\n[${source.title}](${source.url})`,
                    ...seeAlso.map((s) => `See also: [${s.title}](${s.url})`),
                ].join("\n\n"),
                rule.id,
            );
            assert.strictEqual(rule.name, rule.id);
            assert.strictEqual(rule.fullDescription.text, entry.description);
            assert.deepStrictEqual(rule.properties.tags, ["security", "pulumi-policy", entry.kind, level]);
            assert.strictEqual(rule.properties["security-severity"], { high: "8.0", medium: "5.5" }[severity]);
        }
        // The minimum-CU policy's steps rest on its own source only; the end-of-support steps on the roadmap too.
        assert.ok(!rules.find((r) => r.id === MIN_CU)!.help.text.includes("See also"));
        assert.match(rules.find((r) => r.id === EOS)!.help.text, /\n\nSee also: Exchange Server Roadmap Update/);
    });

    it("describes another pack's policy from what the engine said, and one it only passed by its name", () => {
        const run = withOtherPack([otherPack()]);
        const [, ours, theirs] = sarif([run]).runs;
        assert.strictEqual(ours.results.length, 3, "each pack's run has its own results only");
        assert.deepStrictEqual(
            [theirs.tool.driver.name, theirs.tool.driver.version, theirs.automationDetails.id],
            ["security-baseline", "2.1.0", "pulumi-policy/uc-estate/noncompliant/security-baseline/"],
        );
        const [disk, tls] = theirs.tool.driver.rules;
        assert.deepStrictEqual(disk, {
            id: "disk-encryption",
            name: "disk-encryption",
            shortDescription: { text: "Disks must be encrypted at rest." },
            fullDescription: { text: "Disks must be encrypted at rest." },
            help: {
                text: "Disks must be encrypted at rest.\n\nSource: https://example.com/baseline#disks (https://example.com/baseline#disks)",
                markdown:
                    "**Disks must be encrypted at rest.**\n\nEnforcement: mandatory; severity: critical.\n\n### Source\n\n[https://example.com/baseline#disks](https://example.com/baseline#disks)",
            },
            helpUri: "https://example.com/baseline#disks",
            defaultConfiguration: { level: "error" },
            properties: { tags: ["security", "pulumi-policy", "mandatory"], precision: "very-high", "security-severity": "9.5" },
        });
        assert.deepStrictEqual(tls, {
            id: "tls-only",
            name: "tls-only",
            shortDescription: { text: "tls-only" },
            fullDescription: { text: "tls-only" },
            help: { text: "tls-only", markdown: "**tls-only**" },
            defaultConfiguration: { level: "warning" },
            properties: { tags: ["security", "pulumi-policy"], precision: "very-high" },
        });
        assert.deepStrictEqual(
            theirs.results.map((r: Record<string, any>) => [r.ruleId, r.ruleIndex, r.level, r.properties]),
            [["disk-encryption", 0, "error", { enforcementLevel: "mandatory", stack: "uc-estate/noncompliant", severity: "critical" }]],
        );
        // A low advisory with no severity: a warning, no security-severity, and "-" for what the engine did not say.
        const low = sarif([withOtherPack([otherPack({ enforcementLevel: "advisory", severity: "", sourceUrl: undefined })], "")]).runs[2];
        assert.strictEqual(low.tool.driver.version, undefined, "no version when the engine gave none");
        assert.deepStrictEqual(low.tool.driver.rules[0].help, {
            text: "Disks must be encrypted at rest.",
            markdown: "**Disks must be encrypted at rest.**\n\nEnforcement: advisory; severity: -.",
        });
        assert.strictEqual(low.tool.driver.rules[0].properties["security-severity"], undefined);
        assert.deepStrictEqual(low.results[0].properties, { enforcementLevel: "advisory", stack: "uc-estate/noncompliant" });
        // Link text cannot hold brackets; the link keeps them.
        const bracketed = sarif([withOtherPack([otherPack({ sourceUrl: "https://example.com/rules?id[]=7" })])]).runs[2];
        assert.match(
            bracketed.tool.driver.rules[0].help.markdown,
            /\n\n### Source\n\n\[https:\/\/example\.com\/rules\?id=7\]\(https:\/\/example\.com\/rules\?id\[\]=7\)$/,
        );
        const unknown = sarif([withOtherPack([otherPack({ enforcementLevel: "", severity: "low", description: "" })])]).runs[2];
        assert.strictEqual(unknown.tool.driver.rules[0].help.markdown.split("\n\n")[1], "Enforcement: -; severity: low.");
        assert.strictEqual(unknown.tool.driver.rules[0].shortDescription.text, "disk-encryption", "no description: the policy's name");
        assert.strictEqual(unknown.tool.driver.rules[0].properties["security-severity"], "2.0");
    });

    it("points each result at its rule by index, with the level its enforcement gives", () => {
        const levels: Array<[string, string]> = [
            ["mandatory", "error"],
            ["remediate", "error"],
            ["advisory", "warning"],
            ["disabled", "none"],
            ["something-new", "warning"],
        ];
        for (const [enforcementLevel, level] of levels) {
            const run = withOtherPack([otherPack({ policyName: "tls-only", enforcementLevel })]);
            const theirs = sarif([run]).runs[2];
            const [result] = theirs.results;
            assert.deepStrictEqual([result.ruleId, result.ruleIndex, result.level], ["tls-only", 1, level], enforcementLevel);
            assert.strictEqual(theirs.tool.driver.rules[result.ruleIndex].id, "tls-only");
        }
        // A policy the pack's summaries did not list still gets a rule, in order.
        const extra = sarif([withOtherPack([otherPack({ policyName: "a-first" })])]).runs[2];
        assert.deepStrictEqual(
            extra.tool.driver.rules.map((r: { id: string }) => r.id),
            ["a-first", "disk-encryption", "tls-only"],
        );
        assert.strictEqual(extra.results[0].ruleIndex, 0);
        const ours = sarif([noncompliant]).runs[1];
        for (const result of ours.results) assert.strictEqual(ours.tool.driver.rules[result.ruleIndex].id, result.ruleId);
    });

    it("cuts a description over GitHub's 1024 characters, and locates a stack-wide finding at the project file", () => {
        const long = "x".repeat(1025);
        const theirs = sarif([withOtherPack([otherPack({ description: long, resourceUrn: "" })])]).runs[2];
        assert.strictEqual(theirs.tool.driver.rules[0].shortDescription.text, `${"x".repeat(1021)}...`);
        assert.strictEqual(theirs.tool.driver.rules[0].fullDescription.text.length, 1024);
        const exact = sarif([withOtherPack([otherPack({ description: "y".repeat(1024) })])]).runs[2];
        assert.strictEqual(exact.tool.driver.rules[0].shortDescription.text, "y".repeat(1024));
        assert.deepStrictEqual(theirs.results[0].locations, [{ physicalLocation: { artifactLocation: { uri: "infra/uc/Pulumi.yaml" } } }]);
        assert.deepStrictEqual(sarif([noncompliant]).runs[1].results[2].locations[0].logicalLocations, [
            {
                name: "lync-fe-01",
                fullyQualifiedName: "urn:pulumi:noncompliant::uc-estate::azure-native:compute:VirtualMachine::lync-fe-01",
                kind: "resource",
            },
        ]);
    });

    it("gives results fingerprints of stack, pack, policy and resource, and the run status one of its stack", () => {
        const results = sarif([noncompliant]).runs[1].results;
        assert.deepStrictEqual(
            results.map((r: Record<string, any>) => r.partialFingerprints.primaryLocationLineHash),
            noncompliant.violations.map(
                (v) => `${fingerprint("uc-estate", "noncompliant", PACK, v.policyName, v.resourceUrn).slice(0, 16)}:1`,
            ),
        );
        assert.match(results[0].partialFingerprints.primaryLocationLineHash, /^[0-9a-f]{16}:1$/);
        assert.notStrictEqual(fingerprint("a", "bc"), fingerprint("ab", "c"), "parts are kept apart");
        assert.strictEqual(fingerprint("x"), "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881", "SHA-256");
        const status = sarif([failed]).runs[0].results[0];
        assert.strictEqual(
            status.partialFingerprints.primaryLocationLineHash,
            `${fingerprint("uc-estate", "compliant", RUN_STATUS_RULE).slice(0, 16)}:1`,
        );
        assert.deepStrictEqual(status.properties, { status: "failed", stack: "uc-estate/compliant" });
    });

    it("describes the run-status rule, and marks a complete run's status run successful", () => {
        const [status] = sarif([compliant]).runs;
        assert.deepStrictEqual(status.tool.driver, {
            name: "uc-policy-report",
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
        });
        assert.deepStrictEqual(status.invocations, [{ executionSuccessful: true, toolExecutionNotifications: [] }]);
        const pack = sarif([compliant]).runs[1];
        assert.deepStrictEqual(pack.invocations, [{ executionSuccessful: true }]);
        assert.strictEqual(pack.tool.driver.informationUri, "https://www.pulumi.com/docs/iac/using-pulumi/crossguard/");
        assert.strictEqual(
            (toSarif([compliant], layout) as Record<string, unknown>).$schema,
            "https://json.schemastore.org/sarif-2.1.0.json",
        );
    });

    it("locates an incomplete run at the first problem with a file, else at the project file", () => {
        const problems = [
            { message: "provider crashed" },
            { message: "bad value", file: "Main.yaml", line: 3 },
            { message: "also", file: "x.yaml" },
        ];
        const status = sarif([{ ...failed, problems }]).runs[0];
        assert.deepStrictEqual(status.results[0].locations, [
            { physicalLocation: { artifactLocation: { uri: "infra/uc/Main.yaml" }, region: { startLine: 3 } } },
        ]);
        assert.deepStrictEqual(
            status.invocations[0].toolExecutionNotifications.map((n: Record<string, any>) => n.locations),
            [
                undefined,
                [{ physicalLocation: { artifactLocation: { uri: "infra/uc/Main.yaml" }, region: { startLine: 3 } } }],
                [{ physicalLocation: { artifactLocation: { uri: "infra/uc/x.yaml" } } }],
            ],
        );
        const nowhere = sarif([{ ...failed, problems: [{ message: "provider crashed" }] }]).runs[0];
        assert.deepStrictEqual(nowhere.results[0].locations, [{ physicalLocation: { artifactLocation: { uri: "infra/uc/Pulumi.yaml" } } }]);
        assert.strictEqual(
            nowhere.results[0].message.text,
            "The Pulumi run of uc-estate/compliant FAILED before the policy check could finish: the results are incomplete.\nprovider crashed",
        );
        const none = sarif([{ ...failed, problems: [] }]).runs[0];
        assert.deepStrictEqual(none.results[0].locations, [{ physicalLocation: { artifactLocation: { uri: "infra/uc/Pulumi.yaml" } } }]);
    });

    it("makes a category of any stack name, and labels a log that names no stack by its file", () => {
        const odd = { ...compliant, stack: "dev (eu)+1", project: "uc" };
        assert.deepStrictEqual(
            sarif([odd]).runs.map((r) => r.automationDetails.id),
            ["pulumi-policy/uc/dev__eu__1/run-status/", `pulumi-policy/uc/dev__eu__1/${PACK}/`],
        );
        const nopack = readEventLog(read("nopack"), "logs/no pack.jsonl");
        assert.deepStrictEqual(
            sarif([nopack]).runs.map((r) => r.automationDetails.id),
            ["pulumi-policy/logs/no_pack.jsonl/run-status/"],
        );
    });
});

/** A JUnit testcase element's name and inner XML, in order. */
const testcases = (text: string) =>
    [...text.matchAll(/<testcase classname="[^"]*" name="([^"]*)" time="0">(.*?)<\/testcase>/g)].map((m) => [m[1], m[2]]);

describe("CI report tool: JUnit in detail", () => {
    it("writes the suites with their counts and one line per test case", () => {
        const text = toJunit([noncompliant, failed]);
        const lines = text.split("\n");
        assert.deepStrictEqual(lines.slice(0, 4), [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<testsuites name="pulumi policy" tests="27" failures="2" errors="1" time="5">',
            `  <testsuite name="uc-estate/noncompliant: ${PACK}" tests="26" failures="2" errors="0" skipped="1" time="3">`,
            `    <testcase classname="uc-estate/noncompliant: ${PACK}" name="noncompliant: UC servers recognised" time="0"><system-out>5 UC servers of 6 resources: exch-mbx-01, lync-fe-01, lync13-edge, ocs-r2-01, sfb-fe-01</system-out></testcase>`,
        ]);
        assert.deepStrictEqual(lines.slice(-6), [
            "  </testsuite>",
            '  <testsuite name="uc-estate/compliant: pulumi run" tests="1" failures="0" errors="1" skipped="0" time="2">',
            `    <testcase classname="uc-estate/compliant: pulumi run" name="compliant: the pulumi run completed" time="0"><error message="The Pulumi run of uc-estate/compliant FAILED before the policy check could finish: the results are incomplete." type="failed">The Pulumi run of uc-estate/compliant FAILED before the policy check could finish: the results are incomplete.&#10;Error: resource, variable, or config value &quot;missing-resource&quot; not found&#10;  at Pulumi.yaml:40</error></testcase>`,
            "  </testsuite>",
            "</testsuites>",
            "",
        ]);
        // A passed check is an empty test case.
        assert.ok(
            lines.includes(
                `    <testcase classname="uc-estate/noncompliant: ${PACK}" name="noncompliant: ${EOS} exch-mbx-01" time="0"></testcase>`,
            ),
        );
    });

    it("has a test per policy and UC server, by policy then server name, and none for the other resources", () => {
        const names = testcases(toJunit([noncompliant])).map(([name]) => name.replace("noncompliant: ", ""));
        // voicemail-archive is a resource of the stack but no UC server; sfb-fe-01's vSphere tags are
        // IDs the log cannot resolve, so it is listed as a server whose tags cannot be read.
        const servers = ["exch-mbx-01", "lync-fe-01", "lync13-edge", "ocs-r2-01", "sfb-fe-01"];
        assert.deepStrictEqual(
            noncompliant.estate.servers.map((s) => `${s.name} ${s.product}`),
            [
                "exch-mbx-01 Exchange Server 2013",
                "lync-fe-01 Lync Server 2010",
                "lync13-edge Lync Server 2013",
                "ocs-r2-01 Office Communications Server 2007 R2",
                "sfb-fe-01 (unreadable)",
            ],
        );
        assert.strictEqual(noncompliant.estate.resources, 6);
        assert.deepStrictEqual(names, [
            "UC servers recognised",
            ...noncompliant.packs[0].policies.flatMap((p) => servers.map((r) => `${p} ${r}`)),
        ]);
    });

    it("gives a resource with a finding its test even when it is no UC server, the stack first", () => {
        const stackWide = { ...noncompliant.violations[2], resourceUrn: "", policyName: EOS };
        const onOther = {
            ...noncompliant.violations[2],
            resourceUrn: noncompliant.violations[2].resourceUrn.replace("lync-fe-01", "aaa-disk"),
        };
        const names = testcases(toJunit([{ ...noncompliant, violations: [onOther, stackWide] }])).map(([name]) =>
            name.replace("noncompliant: ", ""),
        );
        assert.deepStrictEqual(names.slice(0, 8), [
            "UC servers recognised",
            `${EOS} (stack)`,
            `${EOS} aaa-disk`,
            `${EOS} exch-mbx-01`,
            `${EOS} lync-fe-01`,
            `${EOS} lync13-edge`,
            `${EOS} ocs-r2-01`,
            `${EOS} sfb-fe-01`,
        ]);
        assert.strictEqual(names.length, 1 + 5 * 7);
        // Two resources of one name are told apart by URN, in URN order.
        const twin = { ...onOther, resourceUrn: onOther.resourceUrn.replace("VirtualMachine", "AVirtualMachine") };
        const twins = testcases(toJunit([{ ...noncompliant, violations: [onOther, twin] }])).filter(([name]) => name.endsWith(" aaa-disk"));
        assert.strictEqual(twins.length, 10);
        assert.deepStrictEqual(
            twins.filter(([name]) => name.includes(MIN_CU)).map(([, body]) => body.slice(0, 8)),
            ["<failure", "<failure"],
        );
    });

    it("says when no UC server was recognised, or when the log lists no resources, as a skipped test with the reason", () => {
        const none = { ...noncompliant, violations: [], estate: { resources: 7, servers: [] } };
        const [[name, body], ...rest] = testcases(toJunit([none]));
        assert.strictEqual(name, "noncompliant: UC servers recognised");
        assert.strictEqual(
            body,
            '<skipped message="No UC server was recognised among 7 resources: no server was checked. Servers are recognised by their product tag (README: the tag contract)."/>',
        );
        assert.deepStrictEqual(rest, []);
        const one = testcases(toJunit([{ ...none, estate: { resources: 1, servers: [] } }]))[0][1];
        assert.match(one, /among 1 resource: no server/);
        const single = testcases(toJunit([{ ...none, estate: { resources: 1, servers: [noncompliant.estate.servers[1]] } }]))[0][1];
        assert.strictEqual(single, "<system-out>1 UC server of 1 resource: lync-fe-01</system-out>");
        const audit = readEventLog(fs.readFileSync(path.join(fixtures, "noncompliant-analyze.jsonl"), "utf8"), "audit.jsonl");
        const cases = testcases(toJunit([audit]));
        assert.strictEqual(
            cases[0][1],
            '<skipped message="The event log lists no resources (pulumi policy analyze writes none): only the findings below have tests."/>',
        );
        // The resources with findings, each with a test per policy of the pack (passes included).
        assert.deepStrictEqual(
            cases.slice(1).map(([n, body]) => `${n.replace(/^[^:]+: /, "")} ${body.slice(0, 8)}`),
            [`${EOS} lync-fe-01 `, `${EOS} ocs-r2-01 <skipped`, `${MIN_CU} lync-fe-01 <failure`, `${MIN_CU} ocs-r2-01 <failure`],
        );
    });

    it("keeps only the findings of an incomplete run, with no passes, and lists several findings of one test", () => {
        const cancelled = {
            ...noncompliant,
            status: "canceled" as const,
            problems: [{ message: "The run was cancelled." }, { message: "interrupted" }],
        };
        const cases = testcases(toJunit([cancelled]));
        assert.deepStrictEqual(
            cases.map(([name, body]) => `${name} ${body.slice(0, body.indexOf(" "))}`),
            [
                "noncompliant: the pulumi run completed <error",
                `noncompliant: ${EOS} ocs-r2-01 <skipped`,
                `noncompliant: ${MIN_CU} lync-fe-01 <failure`,
                `noncompliant: ${MIN_CU} ocs-r2-01 <failure`,
            ],
        );
        assert.match(cases[0][1], /&#10;The run was cancelled\.&#10;interrupted<\/error>$/, "every problem, one per line");
        // A mandatory and an advisory finding of one policy on one resource: one failing test naming both.
        const both = {
            ...noncompliant,
            violations: [
                noncompliant.violations[1],
                { ...noncompliant.violations[1], enforcementLevel: "advisory", severity: "", detail: "also this" },
            ],
        };
        const [[, body]] = testcases(toJunit([both])).filter(([, b]) => b.startsWith("<failure"));
        assert.strictEqual(
            body,
            `<failure message="${xml(noncompliant.violations[1].detail)}" type="mandatory">${xml(`${noncompliant.violations[1].description}\n[mandatory, severity high] ${noncompliant.violations[1].detail}\n[advisory] also this`)}</failure>`,
        );
        // Each pack's suite has its own findings only.
        const suites = toJunit([withOtherPack([otherPack()])])
            .split("  <testsuite ")
            .slice(1);
        assert.deepStrictEqual(
            suites.map((suite) => [suite.slice(6, suite.indexOf('"', 6)), (suite.match(/<failure /g) ?? []).length]),
            [
                [`uc-estate/noncompliant: ${PACK}`, 2],
                ["uc-estate/noncompliant: security-baseline", 1],
            ],
        );
        // A remediation fails the test too.
        const remediated = { ...noncompliant, violations: [{ ...noncompliant.violations[1], enforcementLevel: "remediate" }] };
        assert.match(toJunit([remediated]), /<failure message="[^"]*" type="remediate">/);
    });

    it("names the test of a run that names no stack by its log, and a problem's file without a line", () => {
        const nopack = { ...readEventLog(read("nopack"), "nopack.jsonl"), problems: [{ message: "no pack", file: "Pulumi.yaml" }] };
        const [[name, body]] = testcases(toJunit([nopack]));
        assert.strictEqual(name, "nopack.jsonl: the pulumi run completed");
        assert.strictEqual(
            body,
            '<error message="The Pulumi run of nopack.jsonl ran NO policy pack: nothing was checked." type="no-policy-pack">The Pulumi run of nopack.jsonl ran NO policy pack: nothing was checked.&#10;no pack&#10;  at Pulumi.yaml</error>',
        );
        const unnamed = { ...noncompliant, stack: "", project: "" };
        assert.ok(testcases(toJunit([unnamed])).every(([n]) => n.startsWith("noncompliant.jsonl: ")));
    });

    it("escapes every character XML gives meaning to, and replaces those it cannot carry", () => {
        assert.strictEqual(
            xml(`<a href='x'>"b" & c</a>\n\u0000\u0008\u000B\u000C\u000E\u001F\uFFFE\uFFFF\t\r`),
            "&lt;a href=&apos;x&apos;&gt;&quot;b&quot; &amp; c&lt;/a&gt;&#10;\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\t\r",
        );
    });
});

describe("CI report tool: annotations, Code Quality and Markdown in detail", () => {
    it("puts mandatory findings first, and an incomplete run's error at the project file when the engine names no file", () => {
        const advisoryFirst = { ...noncompliant, violations: [...noncompliant.violations].reverse() };
        const lines = toAnnotations(
            [advisoryFirst, { ...failed, stack: "other", problems: [{ message: "provider crashed" }] }],
            layout,
        ).split("\n");
        assert.deepStrictEqual(
            lines.map((l) => l.slice(0, l.indexOf("::", 2))),
            [
                "::error file=infra/uc/Pulumi.yaml,line=40,title=exchange-um-communications-server-minimum-cu (mandatory) uc-estate/noncompliant lync-fe-01",
                "::error file=infra/uc/Pulumi.yaml,line=49,title=exchange-um-communications-server-minimum-cu (mandatory) uc-estate/noncompliant ocs-r2-01",
                "::error file=infra/uc/Pulumi.yaml,title=Pulumi run failed (uc-estate/other)",
                "::warning file=infra/uc/Pulumi.yaml,line=49,title=communications-server-end-of-support (advisory) uc-estate/noncompliant ocs-r2-01",
                "",
            ],
        );
        const located = toAnnotations([{ ...failed, problems: [{ message: "a" }, { message: "b", file: "Main.yaml" }] }], layout);
        assert.strictEqual(
            located,
            "::error file=infra/uc/Main.yaml,title=Pulumi run failed (uc-estate/compliant)::The Pulumi run of uc-estate/compliant FAILED before the policy check could finish: the results are incomplete.%0Aa%0Ab\n",
        );
        assert.strictEqual(
            toAnnotations([compliant, { ...compliant, violations: [] }], layout).split("\n").length,
            2,
            "one warning and the final newline",
        );
        assert.strictEqual(toAnnotations([{ ...compliant, violations: [] }], layout), "", "nothing to annotate: no output at all");
    });

    it("counts the findings beyond 10 per level in one notice, in the singular for one", () => {
        const mandatory = noncompliant.violations[1];
        const eleven = { ...noncompliant, violations: Array.from({ length: 11 }, () => mandatory) };
        const lines = toAnnotations([eleven], layout).trim().split("\n");
        assert.strictEqual(lines.length, 11);
        assert.strictEqual(
            lines[10],
            "::notice title=More policy findings::1 more finding not annotated (GitHub shows 10 errors and 10 warnings per step); see the job summary or the SARIF report.",
        );
        const ten = { ...noncompliant, violations: Array.from({ length: 10 }, () => mandatory) };
        assert.ok(!toAnnotations([ten], layout).includes("::notice"));
        assert.strictEqual(escapeProperty("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    });

    it("grades Code Quality issues by the finding's severity; advisories are info", () => {
        const grades: Array<[string, string, string]> = [
            ["mandatory", "critical", "blocker"],
            ["mandatory", "high", "critical"],
            ["mandatory", "medium", "major"],
            ["mandatory", "low", "minor"],
            ["mandatory", "", "major"],
            ["remediate", "low", "minor"],
            ["advisory", "critical", "info"],
        ];
        for (const [enforcementLevel, severity, expected] of grades) {
            const [issue] = JSON.parse(
                toCodeQuality([{ ...noncompliant, violations: [otherPack({ enforcementLevel, severity })] }], layout),
            );
            assert.strictEqual(issue.severity, expected, `${enforcementLevel} ${severity}`);
            assert.strictEqual(
                issue.fingerprint,
                fingerprint("uc-estate", "noncompliant", "security-baseline", "disk-encryption", otherPack().resourceUrn),
            );
        }
        const [stackWide] = JSON.parse(toCodeQuality([{ ...noncompliant, violations: [otherPack({ resourceUrn: "" })] }], layout));
        assert.deepStrictEqual(stackWide.location, { path: "infra/uc/Pulumi.yaml", lines: { begin: 1 } });
        assert.match(stackWide.description, /^\[uc-estate\/noncompliant\] disk-encryption \(mandatory\) \(stack\): Disk 'os'/);
    });

    it("writes an incomplete run as a blocker with every problem, at the project file when no problem names one", () => {
        const run = {
            ...failed,
            problems: [{ message: "provider crashed" }, { message: "and then", file: "Main.yaml" }],
            violations: [noncompliant.violations[1]],
        };
        const issues = JSON.parse(toCodeQuality([run], layout));
        assert.deepStrictEqual(issues[0], {
            description:
                "[uc-estate/compliant] The Pulumi run FAILED before the policy check could finish: the results are incomplete. provider crashed and then",
            check_name: "pulumi-run-incomplete",
            fingerprint: fingerprint("uc-estate", "compliant", "pulumi-run-incomplete"),
            severity: "blocker",
            location: { path: "infra/uc/Main.yaml", lines: { begin: 1 } },
        });
        assert.strictEqual(issues.length, 2, "and the finding found before it stopped");
        const nowhere = JSON.parse(toCodeQuality([{ ...failed, problems: [{ message: "provider crashed" }] }], layout));
        assert.deepStrictEqual(nowhere[0].location, { path: "infra/uc/Pulumi.yaml", lines: { begin: 1 } });
        assert.strictEqual(toCodeQuality([{ ...compliant, violations: [] }], layout), "[]\n");
    });

    it("says what an incomplete run found before it stopped, and where the engine's problems are", () => {
        const cancelled = {
            ...noncompliant,
            status: "canceled" as const,
            problems: [{ message: "stopped", file: "Pulumi.yaml" }, { message: "at", file: "Main.yaml", line: 3 }, { message: "plain" }],
        };
        const lines = toMarkdown([cancelled, compliant]).split("\n");
        assert.deepStrictEqual(lines.slice(0, 12), [
            "<!-- uc-policy-report: pulumi policy results -->",
            `### Pulumi policy results (uc-policy-report ${RELEASE_VERSION})`,
            "",
            "#### uc-estate/noncompliant",
            "",
            "🛑 The Pulumi run of `uc-estate/noncompliant` was CANCELLED: the results are incomplete (2 mandatory and 1 advisory policy violations found before it stopped).",
            "",
            "> stopped (Pulumi.yaml)",
            "> at (Main.yaml line 3)",
            "> plain",
            "",
            "| Policy | Level | Failing | Failing by product | Advisories |",
        ]);
        const second = lines.indexOf("#### uc-estate/compliant");
        assert.ok(!lines.slice(0, second).some((l) => l.includes("Policy packs:")), "an incomplete run names no packs");
        assert.ok(lines.slice(second).some((l) => l.includes("Policy packs:")));
        assert.ok(!lines.slice(0, second).some((l) => l === "```mermaid"), "nor draws an estate it did not finish reading");
    });
});
