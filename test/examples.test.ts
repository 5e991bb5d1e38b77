// The good and bad examples in rules/examples/ drive these tests and the generated policy docs
// (docs/policies.md), so the documentation shows exactly what the pack reports.
import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { detail, preview, type Resource } from "./harness/inProcess";

interface Example {
    title: string;
    compliant: boolean;
    stackTags?: Record<string, string>;
    config?: Record<string, Record<string, unknown>>;
    /** The day of the preview (YYYY-MM-DD), when the example depends on it. */
    today?: string;
    resources: Resource[];
    expect: Array<{ resource: string; enforcementLevel: string; message: string }>;
}

const examplesDir = path.resolve(__dirname, "..", "..", "rules", "examples");
const files = fs
    .readdirSync(examplesDir)
    .filter((f) => f.endsWith(".json"))
    .sort();
const catalogPolicies: string[] = JSON.parse(fs.readFileSync(path.resolve(examplesDir, "..", "policies.json"), "utf8")).policies.map(
    (p: { name: string }) => p.name,
);

describe("rule examples (rules/examples)", () => {
    it("cover every policy of the catalog with a compliant and a non-compliant example", () => {
        assert.deepStrictEqual(
            files.map((f) => f.replace(/\.json$/, "")),
            [...catalogPolicies].sort(),
        );
        for (const file of files) {
            const examples: Example[] = JSON.parse(fs.readFileSync(path.join(examplesDir, file), "utf8")).examples;
            assert.ok(
                examples.some((e) => e.compliant),
                `${file} has no compliant example`,
            );
            assert.ok(
                examples.some((e) => !e.compliant),
                `${file} has no non-compliant example`,
            );
        }
    });

    for (const file of files) {
        const { policy, examples } = JSON.parse(fs.readFileSync(path.join(examplesDir, file), "utf8")) as {
            policy: string;
            examples: Example[];
        };
        describe(policy, () => {
            for (const example of examples) {
                it(`${example.compliant ? "passes" : "flags"}: ${example.title}`, () => {
                    const reported = preview(example.resources, {
                        stackTags: example.stackTags,
                        config: example.config,
                        today: example.today,
                    })
                        .filter((r) => r.policyName === policy)
                        .map((r) => ({
                            resource: r.urn.split("::").pop() ?? "",
                            enforcementLevel: r.enforcementLevel,
                            message: detail(r),
                        }));
                    assert.deepStrictEqual(reported, example.expect);
                    const mandatory = reported.filter((r) => r.enforcementLevel === "mandatory");
                    if (example.compliant) assert.strictEqual(mandatory.length, 0, "a compliant example must not fail the preview");
                    else assert.ok(reported.length > 0, "a non-compliant example must report something");
                });
            }
        });
    }
});
