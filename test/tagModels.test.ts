// The provider tag models (rules/providers.json) and their examples (rules/examples/tag-models/):
// each provider's real shape, declared as that provider's users declare servers, is read and
// checked exactly like an AWS instance with map tags. The examples also drive docs/tag-models.md.
import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadCatalog } from "../policypack/src/catalog/load";
import type { RawCatalog } from "../policypack/src/catalog/types";
import { detail, preview, type Resource } from "./harness/inProcess";

interface TagModelExample {
    title: string;
    compliant: boolean;
    stackTags?: Record<string, string>;
    resources: Resource[];
    expect: Array<{ policy: string; resource: string; enforcementLevel: string; message: string }>;
}

const rulesDir = path.resolve(__dirname, "..", "..", "rules");
const examplesDir = path.join(rulesDir, "examples", "tag-models");
const providers = JSON.parse(fs.readFileSync(path.join(rulesDir, "providers.json"), "utf8")) as Pick<RawCatalog, "tagModels">;
const files = fs
    .readdirSync(examplesDir)
    .filter((f) => f.endsWith(".json"))
    .sort();

describe("provider tag models (rules/providers.json)", () => {
    it("every tag model has examples, and every example file names a tag model", () => {
        assert.deepStrictEqual(files.map((f) => f.replace(/\.json$/, "")).sort(), providers.tagModels.map((m) => m.id).sort());
    });

    it("every model records the provider schema it was checked against (repository, path, version)", () => {
        for (const model of providers.tagModels) {
            assert.ok(model.schema.repository && model.schema.path.endsWith("schema.json") && model.schema.version, model.id);
        }
    });

    it("reading order: resource tags win over inherited ones (AWS tags before tagsAll)", () => {
        const sources = loadCatalog()
            .tagModels.sourcesFor("aws:ec2/instance:Instance")
            .map((s) => s.property);
        assert.deepStrictEqual(sources, ["tags", "tagsAll"]);
    });

    it("types no model names (components, other providers) are read through the generic tag properties", () => {
        const catalog = loadCatalog();
        assert.deepStrictEqual(
            catalog.tagModels.sourcesFor("acme:index:UcServer").map((s) => `${s.property}:${s.shape}`),
            catalog.tagProperties.map((p) => `${p}:auto`),
        );
    });

    it("tag IDs from outside the stack are noted once even when the leading policy is disabled", () => {
        const vm = (name: string): Resource => ({
            type: "vsphere:index/virtualMachine:VirtualMachine",
            name,
            properties: { tags: ["urn:vmomi:InventoryServiceTag:x:GLOBAL"] },
        });
        const notes = (config?: Record<string, Record<string, unknown>>) =>
            preview([vm("a"), vm("b")], { config }).filter((r) =>
                detail(r).startsWith("2 resources refer to tags or custom attributes by IDs that no resource of this stack has"),
            );
        assert.deepStrictEqual(
            notes().map((r) => [r.policyName, r.enforcementLevel, r.urn]),
            [["exchange-um-communications-server-minimum-cu", "advisory", ""]],
        );
        const withoutLeader = notes({ "exchange-um-communications-server-minimum-cu": { enforcementLevel: "disabled" } });
        assert.strictEqual(withoutLeader.length, 1);
        assert.notStrictEqual(withoutLeader[0].policyName, "exchange-um-communications-server-minimum-cu");
    });

    for (const file of files) {
        const { provider, examples } = JSON.parse(fs.readFileSync(path.join(examplesDir, file), "utf8")) as {
            provider: string;
            examples: TagModelExample[];
        };
        describe(provider, () => {
            it("has a compliant and a non-compliant example", () => {
                assert.ok(examples.some((e) => e.compliant) && examples.some((e) => !e.compliant), file);
            });
            for (const example of examples) {
                it(`${example.compliant ? "passes" : "flags"}: ${example.title}`, () => {
                    // Lifecycle advisories (every 2026 server but SE has one) are the end-of-support examples'
                    // subject; here the point is which servers are read and checked, so they are left out.
                    const reported = preview(example.resources, { stackTags: example.stackTags })
                        .filter((r) => r.policyName !== "communications-server-end-of-support")
                        .map((r) => ({
                            policy: r.policyName,
                            resource: r.urn.split("::").pop() ?? "",
                            enforcementLevel: r.enforcementLevel,
                            message: detail(r),
                        }));
                    assert.deepStrictEqual(reported, example.expect);
                    const mandatory = reported.filter((r) => r.enforcementLevel === "mandatory");
                    if (example.compliant) assert.strictEqual(mandatory.length, 0, "a compliant example must not fail the preview");
                    else assert.ok(mandatory.length > 0, "a non-compliant example must fail the preview");
                });
            }
        });
    }
});
