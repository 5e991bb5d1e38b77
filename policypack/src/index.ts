// Entry point the engine loads (compiled to bin/index.js). Nothing here may write to stdout:
// the engine reads the analyzer's port from the first stdout line.
import * as fs from "node:fs";
import * as path from "node:path";
import { PolicyPack } from "@pulumi/policy";
import { CatalogError, loadCatalog } from "./catalog/load";
import { buildPolicies } from "./policies";

function start() {
    try {
        const catalog = loadCatalog();
        new PolicyPack("uc-exchange-um-policies", {
            description: packDescription(),
            policies: buildPolicies(catalog),
        });
    } catch (e) {
        const message = e instanceof CatalogError ? e.message : `failed to start: ${(e as Error).stack ?? e}`;
        process.stderr.write(`uc-exchange-um-policies: ${message}\n`);
        process.exit(1);
    }
}

/** The pack's one description, written in policypack/package.json (build.js copies it into PulumiPolicy.yaml). */
function packDescription(): string {
    return JSON.parse(fs.readFileSync(path.join(__dirname, "..", "package.json"), "utf8")).description;
}

start();
