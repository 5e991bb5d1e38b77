// Entry point the engine loads (compiled to bin/index.js, bundled into bin/bundle/index.js by
// scripts/build.js). Nothing here may write to stdout: the engine reads the analyzer's port from the
// first stdout line.
import { PolicyPack } from "@pulumi/policy";
import { CatalogError } from "./catalog/load";
import { buildPolicies } from "./policies";
import { PACK_DISPLAY_NAME, packReadme, packTags } from "./policies/metadata";
import { PACK_DESCRIPTION } from "./release";
import { loadPolicyCatalog } from "./rules";

function start() {
    try {
        const catalog = loadPolicyCatalog();
        new PolicyPack("uc-exchange-um-policies", {
            description: PACK_DESCRIPTION,
            displayName: PACK_DISPLAY_NAME,
            readme: packReadme(catalog),
            tags: packTags(catalog),
            policies: buildPolicies(catalog),
        });
    } catch (e) {
        const message = e instanceof CatalogError ? e.message : `failed to start: ${(e as Error).stack ?? e}`;
        process.stderr.write(`uc-exchange-um-policies: ${message}\n`);
        process.exit(1);
    }
}

start();
