// The JUnit file against the schema Jenkins' xUnit plugin validates JUnit input with (junit-10.xsd of
// jenkinsci/xunit-plugin, in test/fixtures/junit): a file it rejects is skipped by xUnit as a whole.
// Validated with libxml2's xmllint (compiled to WebAssembly: xmllint-wasm), for every kind of run
// the real CLI's logs give, and for a large estate made from one.
import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { validateXML } from "xmllint-wasm";
import { readEventLog } from "../../policypack/src/report/eventLog";
import { toJunit } from "../../policypack/src/report/junit";
import { largeEstateLog } from "./largeEstate";

const REPO = path.resolve(__dirname, "..", "..", "..");
const FIXTURES = path.join(REPO, "test", "fixtures", "report");
const SCHEMA = fs.readFileSync(path.join(REPO, "test", "fixtures", "junit", "junit-10.xsd"), "utf8");
const run = (file: string) => readEventLog(fs.readFileSync(path.join(FIXTURES, file), "utf8"), file);

async function schemaErrors(xml: string): Promise<string[]> {
    const result = await validateXML({
        xml: [{ fileName: "policy-junit.xml", contents: xml }],
        schema: [{ fileName: "junit-10.xsd", contents: SCHEMA }],
        // A 2,000-server estate's file is several MB; the default 16 MB of memory is not enough.
        initialMemoryPages: 1024,
        maxMemoryPages: 16384,
    });
    return result.errors.map((e) => e.rawMessage.trim());
}

describe("JUnit against Jenkins xUnit's junit-10.xsd", function () {
    this.timeout(120_000);

    it("the validator rejects what xUnit rejects: skipped on <testsuites>, a testsuite without tests", async () => {
        assert.deepStrictEqual(await schemaErrors('<testsuites skipped="1"><testsuite tests="1"/></testsuites>'), [
            "policy-junit.xml:1: Schemas validity error : Element 'testsuites', attribute 'skipped': The attribute 'skipped' is not allowed.",
        ]);
        assert.strictEqual((await schemaErrors("<testsuites><testsuite/></testsuites>")).length, 1);
    });

    for (const logs of [
        ["noncompliant-preview.jsonl"],
        ["compliant-preview.jsonl"],
        ["noncompliant-up.jsonl"],
        ["noncompliant-analyze.jsonl"],
        ["failed-preview.jsonl"],
        ["nopack-preview.jsonl"],
        ["withoutpack-preview.jsonl"],
        ["noncompliant-preview.jsonl", "failed-preview.jsonl"],
    ]) {
        it(`accepts the file of ${logs.join(" and ")}, with time on every suite and test`, async () => {
            const xml = toJunit(logs.map(run));
            assert.deepStrictEqual(await schemaErrors(xml), []);
            const elements = xml.match(/<(testsuites|testsuite|testcase) [^>]*>/g)!;
            assert.ok(elements.length >= 3);
            for (const element of elements) assert.match(element, / time="\d+"/, element);
        });
    }

    it("gives a suite the run's length from the log's timestamps, and the whole file the sum", () => {
        const xml = toJunit([run("noncompliant-up.jsonl"), run("failed-preview.jsonl")]);
        assert.match(xml, /^<testsuites name="pulumi policy" tests="\d+" failures="2" errors="1" time="7">$/m);
        assert.match(xml, /^ {2}<testsuite name="uc-estate\/upnc: uc-exchange-um-policies" [^>]* time="5">$/m);
        assert.match(xml, /^ {2}<testsuite name="uc-estate\/compliant: pulumi run" [^>]* time="2">$/m);
    });

    // How long it takes is measured by the benchmark, not asserted here (a timed test fails on a busy machine).
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
