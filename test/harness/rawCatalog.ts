// The rule catalog as scripts/build.js merges it from rules/*.json (policypack/src/generated/catalog.json),
// as a fresh copy a test may change: the tests that feed the loader a damaged catalog start from it, so a
// new catalog file never has to be added to each of them.
import * as fs from "node:fs";
import * as path from "node:path";
import type { RawCatalog } from "../../policypack/src/catalog/types";

const MERGED = path.resolve(__dirname, "..", "..", "..", "policypack", "src", "generated", "catalog.json");

export function rawCatalog(): RawCatalog {
    return JSON.parse(fs.readFileSync(MERGED, "utf8"));
}
