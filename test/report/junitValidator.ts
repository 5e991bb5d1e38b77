// Validates a JUnit file against the schema Jenkins' xUnit plugin validates JUnit input with
// (junit-10.xsd of jenkinsci/xunit-plugin, in test/fixtures/junit), with libxml2's xmllint compiled
// to WebAssembly (xmllint-wasm).
import * as fs from "node:fs";
import * as path from "node:path";
import { validateXML } from "xmllint-wasm";

const REPO = path.resolve(__dirname, "..", "..", "..");
const SCHEMA = fs.readFileSync(path.join(REPO, "test", "fixtures", "junit", "junit-10.xsd"), "utf8");

export async function schemaErrors(xml: string): Promise<string[]> {
    const result = await validateXML({
        xml: [{ fileName: "policy-junit.xml", contents: xml }],
        schema: [{ fileName: "junit-10.xsd", contents: SCHEMA }],
        // A 2,000-server estate's file is several MB; the default 16 MB of memory is not enough.
        initialMemoryPages: 1024,
        maxMemoryPages: 16384,
    });
    return result.errors.map((e) => e.rawMessage.trim());
}
