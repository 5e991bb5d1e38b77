// The Markdown report as a pull-request comment: the summary first, findings grouped by policy and
// message and sorted by resource, long lists collapsed, the hidden marker, and GitHub's 65,536-
// character limit for any estate - on the real CLI's log and on large estates made from it.
import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "../../policypack/src/report/cli";
import { type PolicyRun, type PolicyViolation, readEventLog } from "../../policypack/src/report/eventLog";
import { COMMENT_MARKER, GITHUB_COMMENT_LIMIT, toMarkdown } from "../../policypack/src/report/markdown";
import { RELEASE_VERSION } from "../../policypack/src/release";
import { largeEstateLog } from "./largeEstate";

const FIXTURES = path.resolve(__dirname, "..", "..", "..", "test", "fixtures", "report");
const fixture = (name: string) => readEventLog(fs.readFileSync(path.join(FIXTURES, name), "utf8"), name);
const noncompliant = fixture("noncompliant-preview.jsonl");
const MIN_CU = "exchange-um-communications-server-minimum-cu";
const EOS = "communications-server-end-of-support";
const COEXISTENCE =
    "https://learn.microsoft.com/en-us/exchange/coexistence-with-office-communications-server-2007-r2-and-lync-server-exchange-2013-help";

function estate(failingServers: number, otherResources = 1): PolicyRun {
    return readEventLog(largeEstateLog({ failingServers, otherResources }), "large.jsonl");
}

describe("Markdown: the pull-request comment", function () {
    this.timeout(120_000);

    it("writes the real CLI log's report: marker, summary, diagram, then the findings by policy", () => {
        assert.strictEqual(
            toMarkdown([noncompliant]),
            [
                COMMENT_MARKER,
                `### Pulumi policy results (uc-policy-report ${RELEASE_VERSION})`,
                "",
                "❌ 2 mandatory and 1 advisory policy violations.",
                "",
                "**5 UC servers** checked of 6 resources. Policy packs: `uc-exchange-um-policies` 1.0.0 (5 policies).",
                "",
                "| Policy | Level | Failing | Failing by product | Advisories |",
                "|---|---|---:|---|---:|",
                `| \`${MIN_CU}\` | mandatory, high | 2 | Lync Server 2010: 1; Office Communications Server 2007 R2: 1 | 0 |`,
                `| \`${EOS}\` | advisory, medium | 0 |  | 1 |`,
                "",
                "```mermaid",
                "flowchart LR",
                '    p0["(unreadable)<br/>1 server"]',
                '    p1["Exchange Server 2013<br/>1 server"]',
                '    p2["Lync Server 2010<br/>1 server, 1 failing"]:::failing',
                '    p3["Lync Server 2013<br/>1 server"]',
                '    p4["Office Communications Server 2007 R2<br/>1 server, 1 failing"]:::failing',
                "    p0 --- p1",
                "    p2 --- p1",
                "    p3 --- p1",
                "    p4 --- p1",
                "    classDef failing fill:#ffebe9,stroke:#cf222e,color:#82071e",
                "```",
                "",
                "#### Findings",
                "",
                `##### ❌ \`${MIN_CU}\` (severity high)`,
                "",
                `Source: <${COEXISTENCE}>`,
                "",
                "- `lync-fe-01`: Lync Server 2010 server 'lync-fe-01' is at CU2; Exchange UM integration (declared by 'exch-mbx-01') requires CU3 or later (build 4.0.7577.166).",
                "- `ocs-r2-01`: Office Communications Server 2007 R2 server 'ocs-r2-01' is at CU9; Exchange UM integration (declared by 'exch-mbx-01') requires CU10 or later.",
                "",
                `##### ⚠️ \`${EOS}\` (severity medium)`,
                "",
                "Source: <https://learn.microsoft.com/en-us/previous-versions/office/communications-server/bb803653(v=office.12)>",
                "",
                "- [advisory] `ocs-r2-01`: Office Communications Server 2007 R2 server 'ocs-r2-01' is past Microsoft's end of support (2018-01-09) and receives no security updates.",
                "",
            ].join("\n"),
        );
    });

    it("says one message once for the resources it is said of, names sorted numerically, collapsed beyond 10", () => {
        const lines = toMarkdown([estate(11)]).split("\n");
        const at = lines.indexOf(
            "- **11 resources**: Lync Server 2010 server '…' is at CU2; Exchange UM integration (declared by 'exch-mbx-01') requires CU3 or later (build 4.0.7577.166).",
        );
        assert.ok(at > 0, lines.join("\n"));
        const names = ["lync-fe-01", ...Array.from({ length: 10 }, (_, i) => `lync-fe-${String(i + 2).padStart(4, "0")}`)];
        assert.deepStrictEqual(lines.slice(at + 1, at + 8), [
            "",
            "  <details><summary>11 resources</summary>",
            "",
            `  ${names.map((n) => `\`${n}\``).join(", ")}`,
            "",
            "  </details>",
            "",
        ]);
        // Ten fit on one line, with the message.
        const ten = toMarkdown([estate(10)]);
        assert.ok(
            ten.includes(
                `\n- ${names
                    .slice(0, 10)
                    .map((n) => `\`${n}\``)
                    .join(", ")}: Lync Server 2010 server '…' is at CU2;`,
            ),
            ten,
        );
        assert.ok(!ten.includes("<details>"));
        assert.match(
            ten,
            /\| `exchange-um-communications-server-minimum-cu` \| mandatory, high \| 11 \| Lync Server 2010: 10; Office Communications Server 2007 R2: 1 \| 0 \|/,
        );
    });

    it("orders policies mandatory first, and names each distinct source once", () => {
        const other = (change: Partial<PolicyViolation>): PolicyViolation => ({ ...noncompliant.violations[2], ...change });
        const run = {
            ...noncompliant,
            violations: [
                other({ policyName: "b-advisory", enforcementLevel: "advisory", severity: "", sourceUrl: undefined, detail: "x" }),
                other({ policyName: "z-mandatory", sourceUrl: "https://a.example/1", detail: "one Source: https://a.example/1" }),
                other({ policyName: "z-mandatory", sourceUrl: "https://a.example/2", detail: "two Source: https://a.example/2" }),
                other({ policyName: "a-mandatory", enforcementLevel: "remediate", detail: "fixed by remediation" }),
            ],
        };
        const lines = toMarkdown([run]).split("\n");
        assert.deepStrictEqual(
            lines.filter((l) => l.startsWith("##### ")),
            ["##### ❌ `a-mandatory` (severity high)", "##### ❌ `z-mandatory` (severity high)", "##### ⚠️ `b-advisory`"],
        );
        assert.ok(lines.includes("Sources: <https://a.example/1>, <https://a.example/2>"));
        assert.ok(lines.includes("- `lync-fe-01`: one"));
        assert.ok(lines.includes("- [advisory] `lync-fe-01`: x"));
        assert.ok(lines.includes("- `lync-fe-01`: fixed by remediation"), "a remediation fails like a mandatory finding");
        assert.ok(lines.includes("| `b-advisory` | advisory | 0 |  | 1 |"));
    });

    it("says when no UC server was recognised, and when the log lists no resources", () => {
        const none = { ...noncompliant, violations: [], estate: { resources: 3, servers: [] } };
        const markdown = toMarkdown([none]);
        assert.ok(
            markdown.includes(
                "\n⚠️ **0 UC servers** checked of 3 resources: no UC server was recognised, so no server was checked. Servers are recognised by their product tag (README: the tag contract). Policy packs:",
            ),
            markdown,
        );
        assert.ok(!markdown.includes("```mermaid"));
        assert.ok(
            toMarkdown([{ ...none, estate: { resources: 1, servers: [noncompliant.estate.servers[1]] } }]).includes(
                "**1 UC server** checked of 1 resource.",
            ),
        );
        const audit = toMarkdown([fixture("noncompliant-analyze.jsonl")]);
        assert.ok(
            audit.includes(
                "\nThe event log lists no resources (`pulumi policy analyze` writes none): the counts below are of the findings. Policy packs:",
            ),
        );
        assert.match(audit, /\| `exchange-um-communications-server-minimum-cu` \| mandatory, high \| 2 \| \(no UC server\): 2 \| 0 \|/);
    });

    it("fits a 150-server failing estate whole under GitHub's limit, naming every failing server", () => {
        const run = estate(150, 1);
        const markdown = toMarkdown([run]);
        assert.ok(markdown.length < GITHUB_COMMENT_LIMIT, `${markdown.length} characters`);
        assert.ok(!markdown.includes("This report is cut"));
        assert.ok(markdown.includes("\n❌ 151 mandatory and 1 advisory policy violations.\n"));
        assert.ok(markdown.includes("**154 UC servers** checked of 155 resources."));
        assert.ok(markdown.includes("| 151 | Lync Server 2010: 150; Office Communications Server 2007 R2: 1 | 0 |"));
        for (const server of run.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.resourceUrn.split("::").pop()))
            assert.ok(markdown.includes(`\`${server}\``), server);
    });

    it("cuts an estate's names to fit the limit it is given, keeps the summary whole, and says what it left out and where the rest is", () => {
        const run = estate(3000);
        const limit = 12_000;
        const markdown = toMarkdown([run], { reportUrl: "https://ci.example/runs/7", maxChars: limit });
        assert.ok(markdown.length <= limit, `${markdown.length} characters`);
        assert.ok(markdown.length > limit - 2000, "fills the room it has");
        assert.ok(
            markdown.includes("| 3001 | Lync Server 2010: 3000; Office Communications Server 2007 R2: 1 | 0 |"),
            "the counts are whole",
        );
        const listed = (markdown.match(/`lync-fe-\d+`/g) ?? []).length;
        const more = Number(/, and (\d+) more not listed here\n/.exec(markdown)![1]);
        assert.strictEqual(listed + more, 3000);
        const hidden = more + 2; // ocs-r2-01's two findings did not fit either
        assert.ok(
            markdown.endsWith(
                `\n✂️ **This report is cut** to fit 12,000 characters: ${hidden} findings are not listed by name; the counts above include them. The full report: https://ci.example/runs/7; \`uc-policy-report markdown --max-chars 0\` writes the whole list.\n`,
            ),
            markdown.slice(-600),
        );
        assert.ok(!toMarkdown([run], { maxChars: 0 }).includes("This report is cut"));
    });

    it("cuts whole policies and messages when not even their heading fits, counting their findings", () => {
        const run = estate(3);
        const whole = toMarkdown([run], { maxChars: 0 });
        const summaryEnd = whole.indexOf("#### Findings");
        // Room for the summary and the cut note, not for the first policy's heading.
        const cut = toMarkdown([run], { maxChars: summaryEnd + 700 + 40 });
        assert.ok(!cut.includes("##### "), cut);
        assert.match(cut, /: 5 findings are not listed by name;/);
        // Room for the heading but not for the message of the first group.
        const heading = toMarkdown([run], { maxChars: summaryEnd + 700 + 400 });
        assert.ok(heading.includes(`##### ❌ \`${MIN_CU}\``), heading);
        assert.match(heading, /: \d findings? (is|are) not listed by name;/);
    });

    it("drops the estate diagrams, and keeps every stack's summary, when many stacks share a small report", () => {
        const runs = Array.from({ length: 8 }, (_, i) => ({ ...noncompliant, stack: `s${i}` }));
        const withDiagrams = toMarkdown(runs, { maxChars: 0 });
        assert.strictEqual((withDiagrams.match(/```mermaid/g) ?? []).length, 8);
        const small = toMarkdown(runs, { maxChars: withDiagrams.indexOf("#### Findings") });
        assert.ok(!small.includes("```mermaid"));
        assert.strictEqual((small.match(/\*\*5 UC servers\*\* checked/g) ?? []).length, 8);
    });

    it("takes --max-chars and --report-url, and refuses a limit too small for a summary", () => {
        const io = () => {
            const out = { stdout: "", stderr: "" };
            return { out, io: { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t) } };
        };
        const log = path.join(FIXTURES, "noncompliant-preview.jsonl");
        for (const bad of ["1999", "-1", "abc", "1e5"]) {
            const { out, io: streams } = io();
            assert.strictEqual(main(["markdown", `--max-chars=${bad}`, log], streams), 2, bad);
            assert.ok(
                out.stderr.startsWith(
                    `uc-policy-report: --max-chars takes 0 (no limit) or a number of characters of 2000 or more, not '${bad}'\n`,
                ),
            );
        }
        const { out, io: streams } = io();
        assert.strictEqual(main(["markdown", "--max-chars", "2000", "--report-url", "https://ci.example/1", log], streams), 1);
        assert.ok(out.stdout.length <= 2000);
        assert.ok(out.stdout.includes("The full report: https://ci.example/1;"), out.stdout);
        const whole = io();
        assert.strictEqual(main(["markdown", "--max-chars", "0", log], whole.io), 1);
        assert.strictEqual(whole.out.stdout, toMarkdown([noncompliant]));
        const help = io();
        main(["help", "markdown"], help.io);
        assert.match(help.out.stdout, /--max-chars N +the most characters the report may have \(default 65536,/);
        assert.ok(help.out.stdout.includes(COMMENT_MARKER));
    });
});
