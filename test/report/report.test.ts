// The CI report tool on a real event log (test/fixtures/report, written by the real CLI for the
// non-compliant sample estate) and on broken logs.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import AjvDraft04 from "ajv-draft-04";
import { readEventLog } from "../../policypack/src/report/eventLog";
import { toJunit } from "../../policypack/src/report/junit";
import { toMarkdown } from "../../policypack/src/report/markdown";
import { toSarif } from "../../policypack/src/report/sarif";

const fixtures = path.resolve(__dirname, "..", "..", "..", "test", "fixtures");
const logFile = path.join(fixtures, "report", "noncompliant-preview.jsonl");
const log = fs.readFileSync(logFile, "utf8");
const cli = path.resolve(__dirname, "..", "..", "..", "policypack", "bin", "report", "cli.js");
const COEXISTENCE = "https://learn.microsoft.com/en-us/exchange/coexistence-with-office-communications-server-2007-r2-and-lync-server-exchange-2013-help";

function runCli(args: string[]) {
    const result = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function tempLog(content: string): string {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "uc-report-")), "events.jsonl");
    fs.writeFileSync(file, content);
    return file;
}

describe("CI report tool (uc-policy-report)", () => {
    const violations = readEventLog(log, logFile);

    it("reads every policy event of a real event log, with its source link", () => {
        assert.deepStrictEqual(violations.map((v) => `${v.enforcementLevel} ${v.policyName} ${v.resourceUrn.split("::").pop()}`), [
            "advisory communications-server-end-of-support ocs-r2-01",
            "mandatory exchange-um-communications-server-minimum-cu ocs-r2-01",
            "mandatory exchange-um-communications-server-minimum-cu lync-fe-01",
        ]);
        assert.strictEqual(violations[2].sourceUrl, COEXISTENCE);
        assert.strictEqual(violations[2].detail, `Lync Server 2010 server 'lync-fe-01' is at CU2; Exchange UM integration (declared by 'exch-mbx-01') requires CU3 or later (build 4.0.7577.166). Source: ${COEXISTENCE}`);
    });

    it("writes SARIF 2.1.0 that the official schema accepts, one result per violation", () => {
        const sarif = toSarif(violations) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; helpUri?: string }> } }; results: Array<Record<string, unknown>> }> };
        const schema = JSON.parse(fs.readFileSync(path.join(fixtures, "sarif-schema-2.1.0.json"), "utf8"));
        const validate = new AjvDraft04({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
        assert.ok(validate(sarif), JSON.stringify(validate.errors, null, 2));
        const run = sarif.runs[0];
        assert.deepStrictEqual(run.tool.driver.rules.map((r) => [r.id, r.helpUri]), [
            ["communications-server-end-of-support", "https://learn.microsoft.com/en-us/previous-versions/office/communications-server/bb803653(v=office.12)"],
            ["exchange-um-communications-server-minimum-cu", COEXISTENCE],
        ]);
        assert.deepStrictEqual(run.results.map((r) => [r.ruleId, r.level, (r.locations as Array<{ logicalLocations: Array<{ name: string }> }>)[0].logicalLocations[0].name]), [
            ["communications-server-end-of-support", "warning", "ocs-r2-01"],
            ["exchange-um-communications-server-minimum-cu", "error", "ocs-r2-01"],
            ["exchange-um-communications-server-minimum-cu", "error", "lync-fe-01"],
        ]);
    });

    it("writes JUnit XML with mandatory violations as failures and escaped text", () => {
        const xml = toJunit(violations);
        assert.match(xml, /<testsuite name="uc-exchange-um-policies" tests="3" failures="2" errors="0" skipped="0">/);
        assert.match(xml, /<testcase classname="uc-exchange-um-policies.exchange-um-communications-server-minimum-cu" name="exchange-um-communications-server-minimum-cu lync-fe-01"><failure message="Lync Server 2010 server &apos;lync-fe-01&apos; is at CU2;/);
        assert.match(xml, /<system-out>\[advisory\] Office Communications Server 2007 R2 server &apos;ocs-r2-01&apos; is past/);
        assert.strictEqual(toJunit([{ ...violations[0], detail: "a <b> & \u0001 \"c\"" }]).includes("a &lt;b&gt; &amp; \uFFFD &quot;c&quot;"), true);
    });

    it("writes a Markdown summary, mandatory first, with source links and escaped cells", () => {
        const markdown = toMarkdown(violations);
        const rows = markdown.split("\n").filter((l) => l.startsWith("| `"));
        assert.match(markdown, /❌ 2 mandatory and 1 advisory policy violations\./);
        assert.strictEqual(rows[0], `| \`exchange-um-communications-server-minimum-cu\` | mandatory | high | \`ocs-r2-01\` | Office Communications Server 2007 R2 server 'ocs-r2-01' is at CU9; Exchange UM integration (declared by 'exch-mbx-01') requires CU10 or later. | [source](${COEXISTENCE}) |`);
        assert.ok(toMarkdown([{ ...violations[0], detail: "a | b\nc" }]).includes("a \\| b<br>c"));
        assert.match(toMarkdown([]), /✅ No policy violations\./);
    });

    it("sets the exit code from --fail-on", () => {
        assert.strictEqual(runCli(["sarif", logFile]).code, 1);
        assert.strictEqual(runCli(["markdown", "--fail-on", "advisory", logFile]).code, 1);
        assert.strictEqual(runCli(["junit", "--fail-on", "none", logFile]).code, 0);
        const advisoryOnly = tempLog(log.split("\n").filter((l) => !l.includes('"enforcementLevel":"mandatory"')).join("\n"));
        assert.strictEqual(runCli(["markdown", advisoryOnly]).code, 0);
        assert.strictEqual(runCli(["markdown", "--fail-on", "advisory", advisoryOnly]).code, 1);
    });

    it("refuses malformed and truncated logs with the line number, and exits 2 without a report", () => {
        const lines = log.split("\n").filter(Boolean);
        const notJson = tempLog([...lines.slice(0, 4), "{\"sequence\": 4, \"policyEv", ...lines.slice(5)].join("\n"));
        const truncated = tempLog(lines.slice(0, 40).join("\n"));
        const foreign = tempLog(`${lines[0]}\n{"hello": "world"}\n`);
        const cases: Array<[string, RegExp]> = [
            [notJson, /:5: not JSON \(/],
            [truncated, /:40: the log ends here without a summaryEvent or cancelEvent: the run did not finish or the file is truncated/],
            [foreign, /:2: not a Pulumi engine event/],
            [tempLog(""), /the event log is empty/],
            ["/nonexistent/events.jsonl", /cannot read: ENOENT/],
        ];
        for (const [file, expected] of cases) {
            const result = runCli(["sarif", file]);
            assert.strictEqual(result.code, 2, file);
            assert.strictEqual(result.stdout, "", "no partial report");
            assert.match(result.stderr, expected);
        }
        assert.match(runCli(["pdf", logFile]).stderr, /unknown command 'pdf'\nusage:/);
        assert.match(runCli(["sarif", "--fail-on", "sometimes", logFile]).stderr, /--fail-on must be mandatory, advisory or none/);
    });

    it("lists the UC servers of the event log's stack for an audit", () => {
        const result = runCli(["inventory", "--format", "csv", logFile]);
        assert.strictEqual(result.code, 1, "servers below their minimum");
        assert.deepStrictEqual(result.stdout.trim().split("\n").map((l) => l.split(",").slice(0, 6).join(",")), [
            "name,type,product,updateFound,updateRequired,status",
            "exch-mbx-01,aws:ec2/instance:Instance,Exchange Server 2013,CU23,,exchange-server",
            "lync-fe-01,azure-native:compute:VirtualMachine,Lync Server 2010,CU2,CU3 or later,below-minimum",
            "lync13-edge,aws:autoscaling/group:Group,Lync Server 2013,(no tag),none,not-required",
            "ocs-r2-01,gcp:compute/instance:Instance,Office Communications Server 2007 R2,CU9,CU10 or later,below-minimum",
            // A preview's event log has no property dependencies and the vSphere tag IDs are not
            // known yet, so the vSphere server cannot be identified: listed, not left out. (From a
            // stack export it is; see the real-CLI tests.)
            "sfb-fe-01,vsphere:index/virtualMachine:VirtualMachine,(unknown),,,unverifiable",
        ]);
    });
});
