// The reports at the scale of a large legacy estate (logs scaled from a real CLI log by
// test/report/largeEstate.ts): run by npm test, left out of the mutation run (stryker.config.mjs),
// where re-running them for every mutant of the report code would cost hours; the behaviour they
// show is pinned on small estates in markdown.test.ts and junitSchema.test.ts. How long they take is
// measured by the benchmark, not asserted here.
import * as assert from "node:assert";
import { readEventLog } from "../../policypack/src/report/eventLog";
import { toJunit } from "../../policypack/src/report/junit";
import { GITHUB_COMMENT_LIMIT, toMarkdown } from "../../policypack/src/report/markdown";
import { schemaErrors } from "./junitValidator";
import { largeEstateLog } from "./largeEstate";

function estate(failingServers: number, otherResources = 1) {
    return readEventLog(largeEstateLog({ failingServers, otherResources }), "large.jsonl");
}

describe("reports of a large estate", function () {
    this.timeout(300_000);

    it("fits a 2000-server failing estate among 24,000 resources whole under GitHub's limit, naming every failing server", () => {
        const run = estate(2000, 22000);
        const markdown = toMarkdown([run]);
        assert.ok(markdown.length < GITHUB_COMMENT_LIMIT, `${markdown.length} characters`);
        assert.ok(!markdown.includes("This report is cut"));
        assert.ok(markdown.includes("\n❌ 2001 mandatory and 1 advisory policy violations.\n"));
        assert.ok(markdown.includes("**2004 UC servers** checked of 24004 resources."));
        for (const server of run.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.resourceUrn.split("::").pop()))
            assert.ok(markdown.includes(`\`${server}\``), server);
    });

    it("cuts a 30,000-server estate's names to fit, keeps the summary whole, and says what it left out and where the rest is", () => {
        const run = estate(30000);
        const markdown = toMarkdown([run], { reportUrl: "https://ci.example/runs/7" });
        assert.ok(markdown.length <= GITHUB_COMMENT_LIMIT, `${markdown.length} characters`);
        assert.ok(markdown.length > GITHUB_COMMENT_LIMIT - 2000, "fills the room it has");
        assert.ok(
            markdown.includes("| 30001 | Lync Server 2010: 30000; Office Communications Server 2007 R2: 1 | 0 |"),
            "the counts are whole",
        );
        const listed = (markdown.match(/`lync-fe-\d+`/g) ?? []).length;
        const more = Number(/, and (\d+) more not listed here\n/.exec(markdown)![1]);
        assert.strictEqual(listed + more, 30000);
        const hidden = more + 2; // ocs-r2-01's two findings did not fit either
        assert.ok(
            markdown.endsWith(
                `\n✂️ **This report is cut** to fit 65,536 characters (GitHub's limit for a comment): ${hidden} findings are not listed by name; the counts above include them. The full report: https://ci.example/runs/7; \`uc-policy-report markdown --max-chars 0\` writes the whole list.\n`,
            ),
            markdown.slice(-600),
        );
        assert.ok(!toMarkdown([run], { maxChars: 0 }).includes("This report is cut"));
        const small = toMarkdown([run], { maxChars: 5000 });
        assert.ok(small.length <= 5000, `${small.length}`);
        assert.match(small, /cut\*\* to fit 5,000 characters: \d+ findings are not listed by name;/);
        assert.match(small, /The full report is in the job summary and the SARIF report \(code scanning\)/);
    });

    it("holds a 2,000-server estate among 24,000 resources: a test per policy and server, none per other resource", async () => {
        const log = largeEstateLog({ failingServers: 2000, otherResources: 22000 });
        const parsed = readEventLog(log, "large.jsonl");
        const xml = toJunit([parsed]);
        assert.strictEqual(parsed.estate.resources, 2000 + 22000 + 4);
        assert.strictEqual(parsed.estate.servers.length, 2000 + 4);
        const tests = Number(/<testsuites [^>]*tests="(\d+)"/.exec(xml)![1]);
        assert.strictEqual(tests, 1 + 5 * 2004, "the servers test, then 5 policies x 2,004 servers");
        assert.match(xml, /<testsuites name="pulumi policy" tests="10021" failures="2001" errors="0" time="3">/);
        assert.ok(xml.length < 12_000_000, `${xml.length} characters`);
        assert.deepStrictEqual(await schemaErrors(xml), []);
    });
});
