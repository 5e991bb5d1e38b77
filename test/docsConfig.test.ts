// Every policy-pack config shown in the docs must pass the schema the engine checks it against,
// so a recipe a user copies cannot be rejected. (The real-CLI tests run the docs/config files.)
import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import { loadCatalog } from "../policypack/src/catalog/load";
import { configSchemaOf } from "../policypack/src/rules";

const root = path.resolve(__dirname, "..", "..");
const catalog = loadCatalog();
const LEVEL = { enum: ["advisory", "mandatory", "disabled", "remediate"] };
const schemas = new Map(
    catalog.policies.map((p, i) => {
        const { properties } = configSchemaOf(p, catalog, i === 0);
        return [
            p.name,
            new Ajv({ allErrors: true, strict: false }).compile({
                type: "object",
                additionalProperties: false,
                properties: { ...properties, enforcementLevel: LEVEL },
            }),
        ];
    }),
);

function configBlocks(): Array<{ where: string; config: Record<string, unknown> }> {
    const files = ["README.md", ...fs.readdirSync(path.join(root, "docs", "ci")).map((f) => path.join("docs", "ci", f))].filter((f) =>
        f.endsWith(".md"),
    );
    const blocks: Array<{ where: string; config: Record<string, unknown> }> = [];
    for (const file of files) {
        const text = fs.readFileSync(path.join(root, file), "utf8");
        for (const match of text.matchAll(/```json\n([\s\S]*?)```/g)) blocks.push({ where: file, config: JSON.parse(match[1]) });
    }
    for (const file of fs.readdirSync(path.join(root, "docs", "config"))) {
        blocks.push({ where: `docs/config/${file}`, config: JSON.parse(fs.readFileSync(path.join(root, "docs", "config", file), "utf8")) });
    }
    return blocks;
}

describe("configuration examples in the docs", () => {
    const blocks = configBlocks();
    it("exist", () => assert.ok(blocks.length >= 8, `only ${blocks.length} found`));
    for (const { where, config } of blocks) {
        it(`${where}: ${Object.keys(config).join(", ")}`, () => {
            for (const [policy, value] of Object.entries(config)) {
                if (policy === "all") {
                    assert.ok(["advisory", "mandatory", "disabled"].includes(value as string));
                    continue;
                }
                const validate = schemas.get(policy);
                assert.ok(validate, `unknown policy ${policy}`);
                assert.ok(validate!(value), `${policy}: ${JSON.stringify(validate!.errors)}`);
            }
        });
    }
});
