// What Pulumi Cloud shows of the pack (policies/metadata.ts): tags that select policies by topic and
// product family, and the readme generated from the catalog - checked in process, where a change to
// them is seen without starting the pack.
import * as assert from "node:assert";
import { loadCatalog } from "../../policypack/src/catalog/load";
import type { PolicyEntry } from "../../policypack/src/catalog/types";
import { PACK_DISPLAY_NAME, packReadme, packTags, policyFamilies, policyTags } from "../../policypack/src/policies/metadata";
import { PACK_DESCRIPTION } from "../../policypack/src/release";

const catalog = loadCatalog();
const policy = (name: string) => catalog.policies.find((p) => p.name === name)!;
const allFamilies = [...new Set([...catalog.products.values()].map((p) => p.family))].sort();

describe("Pulumi Cloud metadata", () => {
    it("tags a policy with its topics, then the families of the products its entry names", () => {
        assert.deepStrictEqual(policyTags(policy("exchange-organisation-coexistence"), catalog), [
            "topic:supported-versions",
            "topic:cumulative-updates",
            "family:exchange",
        ]);
        assert.deepStrictEqual(policyTags(policy("lync-2013-features-on-legacy-servers"), catalog), [
            "topic:exchange-integration",
            "topic:features",
            "family:lync",
            "family:ocs",
        ]);
    });

    it("gives a policy that names no product every family, and finds products at any depth of its entry", () => {
        const bare: PolicyEntry = { ...policy("communications-server-end-of-support"), topics: ["end-of-support"] };
        assert.deepStrictEqual(policyFamilies({ ...bare, source: "not-a-product" }, catalog), allFamilies);
        const nested = { ...bare, extra: { deep: [["exchange-se"]] } } as unknown as PolicyEntry;
        assert.deepStrictEqual(policyFamilies(nested, catalog), ["exchange"]);
    });

    it("tags the pack with every tag of its policies, once each, sorted", () => {
        const tags = packTags(catalog);
        assert.deepStrictEqual(tags, [...new Set(catalog.policies.flatMap((p) => policyTags(p, catalog)))].sort());
        assert.ok(tags.includes("topic:end-of-support") && tags.includes("family:skype-for-business"), tags.join(", "));
    });

    it("writes the readme: the pack's name and description, a row per policy with its level, tags and source", () => {
        const lines = packReadme(catalog).split("\n");
        assert.deepStrictEqual(lines.slice(0, 6), [
            `# ${PACK_DISPLAY_NAME}`,
            "",
            PACK_DESCRIPTION,
            "",
            "| Policy | Default | Severity | What it enforces | Tags | Source |",
            "|---|---|---|---|---|---|",
        ]);
        const rows = lines.slice(6, 6 + catalog.policies.length);
        const coexistence = policy("exchange-organisation-coexistence");
        const source = catalog.sources.get(coexistence.source)!;
        assert.strictEqual(
            rows[catalog.policies.indexOf(coexistence)],
            `| ${coexistence.displayName} (\`exchange-organisation-coexistence\`) | mandatory | high | ${coexistence.description} | topic:supported-versions, topic:cumulative-updates, family:exchange | [${source.title}](${source.url}) |`,
        );
        assert.strictEqual(lines[6 + catalog.policies.length], "");
        assert.strictEqual(
            lines[7 + catalog.policies.length],
            `Tags select policies: \`topic:<topic>\` says what a policy is about, \`family:<family>\` which product families it concerns (${[...new Set([...catalog.products.values()].map((p) => p.family))].join(", ")}). Every fact comes from Microsoft's documentation, named in the rule catalog with the date it was checked.`,
        );
    });

    it("keeps a table cell whole when a description or a source title holds a pipe or brackets", () => {
        const entry = { ...policy("exchange-organisation-coexistence"), description: "a | b" };
        const sources = new Map(catalog.sources);
        sources.set(entry.source, { ...sources.get(entry.source)!, title: "T [x] | y" });
        const readme = packReadme({ ...catalog, sources, policies: [entry] });
        assert.ok(readme.includes("| a \\| b |"), readme);
        assert.ok(readme.includes("[T x  y]("), readme);
    });
});
