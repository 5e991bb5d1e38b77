#!/usr/bin/env node
// Builds the policy pack: validates the rule catalog against its JSON Schema, writes the merged
// catalog and a precompiled (standalone) validator next to the pack's sources, then compiles the
// TypeScript. Validation happens here, not at pack start-up: a preview never compiles a schema.

const fs = require("node:fs");
const path = require("node:path");
const { execFileSync } = require("node:child_process");
const Ajv = require("ajv");
const standaloneCode = require("ajv/dist/standalone").default;

const root = path.resolve(__dirname, "..");
const rulesDir = path.join(root, "rules");
const generatedDir = path.join(root, "policypack", "src", "generated");
const fast = process.argv.includes("--fast");
const catalogFiles = [
    "sources.json",
    "products.json",
    "lifecycle.json",
    "tags.json",
    "providers.json",
    "integrations.json",
    "policies.json",
];

function fail(message) {
    process.stderr.write(`build: ${message}\n`);
    process.exit(1);
}

function readCatalog() {
    const merged = {};
    for (const file of catalogFiles) {
        const full = path.join(rulesDir, file);
        let content;
        try {
            content = JSON.parse(fs.readFileSync(full, "utf8"));
        } catch (e) {
            fail(`rules/${file} is not valid JSON: ${e.message}`);
        }
        for (const [key, value] of Object.entries(content)) {
            if (key in merged) fail(`rules/${file} redefines '${key}', already defined by another catalog file`);
            merged[key] = value;
        }
    }
    return merged;
}

function readBaseSchema() {
    return JSON.parse(fs.readFileSync(path.join(rulesDir, "catalog.schema.json"), "utf8"));
}

/**
 * The catalog schema as the pack validates it: rules/catalog.schema.json with the policy kinds the
 * compiled registry (rules/kinds.ts) declares - their names as the `kind` enum, and for each kind the
 * schema of its `params` (or none allowed). A kind's schema lives in its module, not in rules/.
 */
function composeSchema(base, kinds) {
    const schema = structuredClone(base);
    const policy = schema.properties.policies.items;
    const names = kinds.map((k) => k.kind);
    const twice = names.filter((name, i) => names.indexOf(name) !== i);
    if (twice.length > 0) fail(`rules/kinds.ts registers kind '${twice[0]}' twice`);
    const described = kinds.map((k) => `${k.kind}: ${k.summary}`).join(" ");
    policy.properties.kind = { enum: names, description: `${policy.properties.kind.description} Registered: ${described}` };
    policy.allOf = kinds.map((k) => ({
        if: { required: ["kind"], properties: { kind: { const: k.kind } } },
        // biome-ignore lint/suspicious/noThenProperty: a JSON Schema keyword (if/then), never awaited
        then: k.paramsSchema
            ? { required: ["params"], properties: { params: k.paramsSchema } }
            : { properties: { params: { type: "object", maxProperties: 0, description: `kind ${k.kind} takes no params` } } },
    }));
    return schema;
}

function compileValidator(schema) {
    // strictRequired is off because the per-kind "then" clauses require properties declared once,
    // at the policy level, rather than repeating their definitions.
    const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, code: { source: true, esm: false } });
    let validate;
    try {
        validate = ajv.compile(schema);
    } catch (e) {
        fail(`the catalog schema composed from rules/catalog.schema.json and the kinds' paramsSchema does not compile: ${e.message}`);
    }
    return standaloneCode(ajv, validate);
}

const tsc = require.resolve("typescript/bin/tsc");

function runTsc(project, extra = []) {
    try {
        execFileSync(process.execPath, [tsc, "-p", project, ...extra], { cwd: root, stdio: "inherit" });
    } catch {
        fail(`TypeScript compilation of ${project} failed`);
    }
}

const compiledGenerated = {
    full: ["policypack/bin/generated", "build/policypack/src/generated"],
    fast: ["build/policypack/src/generated"],
};

function placeGenerated(outDirs, files) {
    // Written after tsc (they need the compiled kind registry): tsc resolves the validator to its .d.ts and
    // never emits the .js, and its copy of references.json may predate the composed schema.
    for (const outDir of outDirs) {
        fs.mkdirSync(path.join(root, outDir), { recursive: true });
        for (const file of files) fs.copyFileSync(path.join(generatedDir, file), path.join(root, outDir, file));
    }
}

// The digest of the catalog file that passed every check (policypack/src/catalog/load.ts): the pack
// indexes a file with this digest without checking it again. It is removed before the checks run, so
// a build whose checks fail leaves none, and the pack then checks its catalog in full. The file name
// and the digest come from the compiled loader, so the build and the pack cannot disagree on either.
function removeCheckedDigest(outDirs, { CHECKED_DIGEST_FILE }) {
    for (const dir of [generatedDir, ...outDirs.map((d) => path.join(root, d))])
        fs.rmSync(path.join(dir, CHECKED_DIGEST_FILE), { force: true });
}
function writeCheckedDigest(outDirs, { CATALOG_FILE, CHECKED_DIGEST_FILE, catalogDigest }) {
    const sha256 = catalogDigest(fs.readFileSync(path.join(generatedDir, CATALOG_FILE), "utf8"));
    fs.writeFileSync(
        path.join(generatedDir, CHECKED_DIGEST_FILE),
        `${JSON.stringify({ note: "Written by scripts/build.js once catalog.json passed every check.", sha256 }, null, 2)}\n`,
    );
    placeGenerated(outDirs, [CHECKED_DIGEST_FILE]);
}

function compileAll() {
    // Compiled output starts empty: a module that moved (policies.ts became policies/index.ts) must not
    // leave its old compiled file behind, where require("./policies") would still find it first.
    for (const outDir of ["policypack/bin", "build"]) fs.rmSync(path.join(root, outDir), { recursive: true, force: true });
    for (const project of ["policypack/tsconfig.json", "tsconfig.json"]) runTsc(project);
}

// The engine starts the pack from one file, bin/bundle/index.js (policypack/package.json "main"): the
// pack's 40-odd modules bundled, because under the SDK's require hooks each module file costs over a
// millisecond to load - about 40 ms of CPU in every preview (bench/results.md). The SDKs stay outside,
// as does the catalog validator, loaded only for a catalog the build did not check; the bundle sits one
// folder down so that "../generated" names bin/generated from it as from the modules it holds. The
// modules stay compiled one by one beside it for the report tool and the tests.
function bundleEntry() {
    require("esbuild").buildSync({
        entryPoints: [path.join(root, "policypack", "bin", "index.js")],
        outfile: path.join(root, "policypack", "bin", "bundle", "index.js"),
        bundle: true,
        platform: "node",
        format: "cjs",
        target: "node22",
        external: ["@pulumi/*", "../generated/validate-catalog"],
        logLevel: "warning",
    });
}

// `--fast` (npm run test:fast): only build/ (what the in-process tests load), compiled incrementally;
// the shadowing hazard compileAll avoids by emptying build/ is avoided by deleting every compiled file
// whose source is gone.
function compileFast() {
    runTsc("tsconfig.json", ["--incremental", "--tsBuildInfoFile", "build/.tsbuildinfo"]);
    pruneOrphans(path.join(root, "build"));
}

function pruneOrphans(dir) {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) pruneOrphans(full);
        else if (/\.(js|js\.map|d\.ts)$/.test(entry.name) && !entry.name.startsWith("validate-catalog")) {
            const source = path.join(root, path.relative(path.join(root, "build"), full)).replace(/\.(js|js\.map|d\.ts)$/, ".ts");
            if (!fs.existsSync(source)) fs.rmSync(full);
        }
    }
}

// Every field of the catalog that names another entry declares it in the schema with a $ref to one of
// these definitions; the loader checks them all from the list written here, none listed by hand.
const REFERENCE_DEFINITIONS = { sourceId: "source", productId: "product", featureId: "feature", familyId: "family", quoteId: "quote" };

/**
 * The data paths the schema declares as references: ["policies", "*", "minimums", "*", "product"]
 * (each "*" an array item or any key), with "<key>" where the keys of an object are the references.
 */
function collectReferences(schema) {
    const found = new Map();
    const visit = (node, at, seen) => {
        if (node === null || typeof node !== "object") return;
        if (typeof node.$ref === "string") {
            const name = node.$ref.replace("#/definitions/", "");
            if (REFERENCE_DEFINITIONS[name]) found.set(JSON.stringify(at), { path: at, kind: REFERENCE_DEFINITIONS[name] });
            else if (!seen.includes(name)) visit(schema.definitions[name], at, [...seen, name]);
            return;
        }
        for (const branch of [...(node.allOf ?? []), ...(node.anyOf ?? []), ...(node.oneOf ?? []), node.then, node.else])
            visit(branch, at, seen);
        for (const [key, child] of Object.entries(node.properties ?? {})) visit(child, [...at, key], seen);
        visit(node.items, [...at, "*"], seen);
        visit(node.additionalProperties, [...at, "*"], seen);
        visit(node.propertyNames, [...at, "<key>"], seen);
    };
    visit(schema, [], []);
    return [...found.values()];
}

// The pack's description is written once, in policypack/package.json; PulumiPolicy.yaml (read by
// `pulumi policy publish`) and the pack's entry (bin/index.js) take it from there.
function writePolicyYaml() {
    const pack = path.join(root, "policypack");
    const { description } = JSON.parse(fs.readFileSync(path.join(pack, "package.json"), "utf8"));
    const file = path.join(pack, "PulumiPolicy.yaml");
    const lines = fs
        .readFileSync(file, "utf8")
        .split("\n")
        .filter((line) => !line.startsWith("description:"));
    lines.splice(1, 0, `description: ${JSON.stringify(description)}`);
    const text = lines.join("\n");
    if (text !== fs.readFileSync(file, "utf8")) fs.writeFileSync(file, text);
}

function main() {
    const outDirs = compiledGenerated[fast ? "fast" : "full"];
    writePolicyYaml();
    const catalog = readCatalog();
    const base = readBaseSchema();
    fs.mkdirSync(generatedDir, { recursive: true });
    fs.writeFileSync(path.join(generatedDir, "catalog.json"), `${JSON.stringify(catalog, null, 2)}\n`);
    // The release's version and the pack's description are written once, in policypack/package.json
    // (the engine reads the version there for the pack); the pack's entry and the report tool are given
    // the same values, not copies kept by hand.
    const { name, version, description } = JSON.parse(fs.readFileSync(path.join(root, "policypack", "package.json"), "utf8"));
    fs.writeFileSync(path.join(generatedDir, "release.json"), `${JSON.stringify({ name, version, description }, null, 2)}\n`);
    fs.writeFileSync(
        path.join(generatedDir, "validate-catalog.d.ts"),
        "// Generated by scripts/build.js. Do not edit.\n" +
            "declare const validate: ((data: unknown) => boolean) & {\n" +
            "    errors?: Array<{ instancePath: string; message?: string; params?: Record<string, unknown> }> | null;\n" +
            "};\n" +
            "export = validate;\n",
    );
    // tsc types the references from this file; on a fresh clone it gets the base schema's until the
    // composed schema below replaces it.
    const references = path.join(generatedDir, "references.json");
    if (!fs.existsSync(references)) fs.writeFileSync(references, `${JSON.stringify(collectReferences(base), null, 2)}\n`);
    if (fast) compileFast();
    else compileAll();
    const compiled = fast ? ["build", "policypack", "src"] : ["policypack", "bin"];
    const { policyKinds } = require(path.join(root, ...compiled, "rules", "kinds.js"));
    const schema = composeSchema(base, policyKinds);
    fs.writeFileSync(path.join(generatedDir, "catalog.schema.json"), `${JSON.stringify(schema, null, 2)}\n`);
    // A catalog that fails the schema is still written and compiled: the compiled loader below reports
    // every schema error located by entry ("policy 'x' (/policies/3/...)"), the way the pack would.
    fs.writeFileSync(
        path.join(generatedDir, "validate-catalog.js"),
        `// Generated by scripts/build.js from rules/catalog.schema.json and the kinds' paramsSchema. Do not edit.\n${compileValidator(schema)}\n`,
    );
    fs.writeFileSync(references, `${JSON.stringify(collectReferences(schema), null, 2)}\n`);
    placeGenerated(outDirs, ["validate-catalog.js", "references.json", "catalog.json"]);
    // Bundled only now: the bundle embeds references.json, and on a fresh clone the one tsc saw was
    // the base schema's, without the references the kinds declare.
    if (!fast) bundleEntry();
    // The loader is required only now: it reads references.json when it loads, and the one tsc copied
    // may be the base schema's (a fresh clone). The old digest goes before any check runs.
    const catalogFiles = require(path.join(root, ...compiled, "catalog", "load.js"));
    removeCheckedDigest(outDirs, catalogFiles);
    // Referential checks (ids that name other entries, aliases that collide, ordered build tables, each
    // kind's checkParams) are code, shared with the pack's start-up, so run them on the compiled loader.
    const { loadPolicyCatalog } = require(path.join(root, ...compiled, "rules", "index.js"));
    let index;
    try {
        index = loadPolicyCatalog();
    } catch (e) {
        if (e.name !== "CatalogError") throw e;
        fail(
            e.message.replace(
                "the policy pack's rule catalog is invalid, so no policy can run",
                "the rule catalog (rules/*.json) is invalid",
            ),
        );
    }
    writeCheckedDigest(outDirs, catalogFiles);
    process.stderr.write(`build: catalog ok (${index.products.size} products, ${index.policies.length} policies)\n`);
}

main();
