// The JUnit file against the schema Jenkins' xUnit plugin validates JUnit input with (junit-10.xsd of
// jenkinsci/xunit-plugin, in test/fixtures/junit): a file it rejects is skipped by xUnit as a whole.
// Validated with libxml2's xmllint (compiled to WebAssembly: xmllint-wasm), for every kind of run
// the real CLI's logs give (a large estate's file: scale.test.ts).
import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { readEventLog } from "../../policypack/src/report/eventLog";
import { toJunit } from "../../policypack/src/report/junit";
import { schemaErrors } from "./junitValidator";

const REPO = path.resolve(__dirname, "..", "..", "..");
const FIXTURES = path.join(REPO, "test", "fixtures", "report");
const run = (file: string) => readEventLog(fs.readFileSync(path.join(FIXTURES, file), "utf8"), file);

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
});
