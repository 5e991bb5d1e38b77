import * as assert from "node:assert";
import { spawnSync } from "node:child_process";
import * as path from "node:path";

describe("generated documentation", () => {
    it("docs/policies.md and the README policy table match the catalog and examples (npm run docs)", () => {
        const result = spawnSync(process.execPath, [path.resolve(__dirname, "..", "scripts", "generate-docs.js"), "--check"], {
            encoding: "utf8",
        });
        assert.strictEqual(result.stderr, "");
        assert.strictEqual(result.status, 0);
    });
});
