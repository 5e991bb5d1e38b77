// The pack's own catalog file: indexed without its checks while it is byte for byte the file the
// build checked (the digest scripts/build.js records), checked in full otherwise - an installed pack
// edited by hand or damaged still stops with the problem named, never runs on rules nobody checked.
import * as assert from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import {
    CATALOG_FILE,
    CatalogError,
    CHECKED_DIGEST_FILE,
    catalogDigest,
    loadCatalog,
    packagedCatalog,
    readPackagedCatalog,
} from "../policypack/src/catalog/load";
import { loadPolicyCatalog } from "../policypack/src/rules";
import { REPO_ROOT } from "./harness/analyzer";
import { tempDir } from "./harness/tempDir";

const GENERATED = path.resolve(__dirname, "..", "policypack", "src", "generated");

/** A copy of the compiled generated/ folder with its catalog text changed by `edit`. */
function generatedCopy(edit: (text: string) => string = (text) => text): string {
    const dir = tempDir("uc-catalog-");
    for (const file of [CATALOG_FILE, CHECKED_DIGEST_FILE]) fs.copyFileSync(path.join(GENERATED, file), path.join(dir, file));
    const catalogFile = path.join(dir, CATALOG_FILE);
    fs.writeFileSync(catalogFile, edit(fs.readFileSync(catalogFile, "utf8")));
    return dir;
}

describe("the pack's own catalog file", () => {
    it("is the file the build checked: its digest is the one recorded", () => {
        const text = fs.readFileSync(path.join(GENERATED, CATALOG_FILE), "utf8");
        const recorded = JSON.parse(fs.readFileSync(path.join(GENERATED, CHECKED_DIGEST_FILE), "utf8"));
        assert.strictEqual(recorded.sha256, catalogDigest(text));
        assert.strictEqual(readPackagedCatalog(GENERATED).checkedAtBuild, true);
        assert.strictEqual(packagedCatalog().checkedAtBuild, true);
    });

    it("counts as checked only while unchanged to the byte, and not at all without a record", () => {
        assert.strictEqual(readPackagedCatalog(generatedCopy()).checkedAtBuild, true);
        assert.strictEqual(readPackagedCatalog(generatedCopy((text) => `${text} `)).checkedAtBuild, false);
        const unrecorded = generatedCopy();
        fs.rmSync(path.join(unrecorded, CHECKED_DIGEST_FILE));
        assert.strictEqual(readPackagedCatalog(unrecorded).checkedAtBuild, false);
        const wrongRecord = generatedCopy();
        fs.writeFileSync(path.join(wrongRecord, CHECKED_DIGEST_FILE), JSON.stringify({ sha256: 42 }));
        assert.strictEqual(readPackagedCatalog(wrongRecord).checkedAtBuild, false);
    });

    it("reads the catalog a copy holds, not the pack's", () => {
        const dir = generatedCopy((text) =>
            text.replace('"name": "exchange-um-communications-server-minimum-cu"', '"name": "renamed-policy"'),
        );
        const { raw } = readPackagedCatalog(dir) as { raw: { policies: Array<{ name: string }> } };
        assert.strictEqual(raw.policies[0].name, "renamed-policy");
    });

    it("that is not JSON stops the pack naming the file and the fix", () => {
        const dir = generatedCopy((text) => text.slice(0, 100));
        assert.throws(
            () => readPackagedCatalog(dir),
            (e: Error) =>
                e instanceof CatalogError &&
                e.message.includes(`${path.join(dir, CATALOG_FILE)} cannot be read as JSON (`) &&
                e.message.endsWith("); reinstall the pack"),
        );
    });

    it("is indexed as the full check indexes it", () => {
        const checked = loadPolicyCatalog();
        const full = loadPolicyCatalog(JSON.parse(fs.readFileSync(path.join(GENERATED, CATALOG_FILE), "utf8")));
        assert.deepStrictEqual([...checked.products.keys()], [...full.products.keys()]);
        assert.deepStrictEqual(checked.policies, full.policies);
        assert.deepStrictEqual(checked.integrations, full.integrations);
        assert.deepStrictEqual(loadCatalog().raw, full.raw);
    });

    it("is loaded at start-up without the catalog validator, which a changed file still gets", () => {
        const loads = (dir: string) =>
            execFileSync(
                process.execPath,
                [
                    "-e",
                    `const load = require(${JSON.stringify(path.join(dir, "rules", "index.js"))});
                     load.loadPolicyCatalog();
                     process.stdout.write(String(Object.keys(require.cache).some((f) => f.endsWith("validate-catalog.js"))));`,
                ],
                // the copy resolves the SDK from the repository, as the compiled tree does
                { encoding: "utf8", env: { ...process.env, NODE_PATH: path.join(REPO_ROOT, "node_modules") } },
            );
        const compiled = path.resolve(__dirname, "..", "policypack", "src");
        assert.strictEqual(loads(compiled), "false");
        const edited = tempDir("uc-pack-src-");
        fs.cpSync(compiled, edited, { recursive: true });
        const catalogFile = path.join(edited, "generated", CATALOG_FILE);
        fs.writeFileSync(catalogFile, `${fs.readFileSync(catalogFile, "utf8")}\n`);
        assert.strictEqual(loads(edited), "true");
    });
});
