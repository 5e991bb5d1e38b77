// Tests remove the folders they create (issue 20): one mutation run starts thousands of test processes,
// and folders left behind once filled the temp folder with tens of thousands of entries.
import * as assert from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

describe("test temp folders (test/harness/tempDir.ts)", () => {
    it("are gone once the process that made them exits, contents included", () => {
        const helper = path.resolve(__dirname, "harness", "tempDir.js");
        const script = `const { tempDir } = require(${JSON.stringify(helper)}); const fs = require("node:fs");
            const dir = tempDir("uc-cleanup-"); fs.writeFileSync(dir + "/report.sarif", "{}"); fs.mkdirSync(dir + "/nested");
            process.stdout.write(dir);`;
        const dir = execFileSync(process.execPath, ["-e", script], { encoding: "utf8" });
        assert.ok(dir.includes("uc-cleanup-"), dir);
        assert.strictEqual(fs.existsSync(dir), false, `${dir} was left behind`);
    });
});
