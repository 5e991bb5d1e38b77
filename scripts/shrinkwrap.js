#!/usr/bin/env node
// Writes policypack/npm-shrinkwrap.json from the repository's package-lock.json: exactly the packages
// the tests ran with, for the pack's production dependencies. `pulumi policy publish` packs
// policypack/ with `npm pack` and Pulumi Cloud runs `npm install` in the unpacked folder; without a
// shrinkwrap in the tarball that install resolves every range afresh and runs other versions than
// the tested ones. The lockfile is the record of what was tested, so the shrinkwrap is derived
// from it (never resolved again): `npm run shrinkwrap` after any dependency change, and
// test/package.test.ts fails while the committed file differs from this derivation.

const fs = require("node:fs");
const path = require("node:path");

const PACK_DIR = "policypack";
const LOCK_FLAGS_OF_THE_WORKSPACE = ["dev", "devOptional", "peer", "optional"];

class ShrinkwrapError extends Error {}

/** Where Node.js (and npm) find `name` when it is required from the package installed at `from`. */
function resolve(packages, from, name) {
    let at = from;
    for (;;) {
        const candidate = `${at === "" ? "" : `${at}/`}node_modules/${name}`;
        if (packages[candidate]) return candidate;
        if (at === "") return undefined;
        const parent = at.lastIndexOf("/node_modules/");
        at = parent < 0 ? "" : at.slice(0, parent);
    }
}

/** The lock entries the pack's production dependencies reach, keyed by their place in the root tree. */
function productionClosure(packages) {
    const reached = new Map();
    const optionalOnly = new Set();
    const visit = (from) => {
        const entry = packages[from];
        const edges = [
            ...Object.keys(entry.dependencies ?? {}).map((name) => ({ name, optional: false })),
            ...Object.keys(entry.optionalDependencies ?? {}).map((name) => ({ name, optional: true })),
            // npm installs a peer unless it is optional; an optional peer (typescript for
            // @pulumi/pulumi) is only there when something else depends on it.
            ...Object.keys(entry.peerDependencies ?? {})
                .filter((name) => entry.peerDependenciesMeta?.[name]?.optional !== true)
                .map((name) => ({ name, optional: false })),
        ];
        for (const { name, optional } of edges) {
            const found = resolve(packages, from, name);
            if (!found) {
                if (optional) continue;
                throw new ShrinkwrapError(`${from} needs ${name}, which package-lock.json does not have: run npm install`);
            }
            if (packages[found].link)
                throw new ShrinkwrapError(`${from} needs ${name}, a link (${found}); the pack must not depend on a workspace`);
            if (reached.has(found)) continue;
            reached.set(found, packages[found]);
            if (optional) optionalOnly.add(found);
            visit(found);
        }
    };
    visit(PACK_DIR);
    return { reached, optionalOnly };
}

/** The shrinkwrap of the pack as `npm pack` ships it: its own package at "" and its dependencies below. */
function deriveShrinkwrap(lock, packageJson) {
    if (lock.lockfileVersion !== 3) throw new ShrinkwrapError(`package-lock.json has lockfileVersion ${lock.lockfileVersion}, expected 3`);
    const packages = lock.packages;
    if (!packages[PACK_DIR]) throw new ShrinkwrapError(`package-lock.json has no ${PACK_DIR} workspace`);
    const { reached, optionalOnly } = productionClosure(packages);
    const out = {};
    // In the unpacked pack, the workspace's own node_modules and the hoisted ones are one folder.
    const placeOf = (where) => (where.startsWith(`${PACK_DIR}/`) ? where.slice(PACK_DIR.length + 1) : where);
    const ordered = [...reached.entries()].sort(([a], [b]) => (placeOf(a) < placeOf(b) ? -1 : 1));
    for (const [where, entry] of ordered) {
        const place = placeOf(where);
        if (out[place])
            throw new ShrinkwrapError(`${place} is reached both from the workspace and hoisted at the root; align the versions`);
        const copy = { ...entry };
        // The flags describe the package in the development tree; in the pack every one is production.
        for (const flag of LOCK_FLAGS_OF_THE_WORKSPACE) delete copy[flag];
        if (optionalOnly.has(where) || entry.optional) copy.optional = true;
        out[place] = copy;
    }
    const own = {
        name: packageJson.name,
        version: packageJson.version,
        ...(packageJson.license ? { license: packageJson.license } : {}),
        dependencies: packageJson.dependencies,
        ...(packageJson.bin ? { bin: packageJson.bin } : {}),
        ...(packageJson.engines ? { engines: packageJson.engines } : {}),
    };
    return { name: packageJson.name, version: packageJson.version, lockfileVersion: 3, requires: true, packages: { "": own, ...out } };
}

function shrinkwrapText(root) {
    const lock = JSON.parse(fs.readFileSync(path.join(root, "package-lock.json"), "utf8"));
    const packageJson = JSON.parse(fs.readFileSync(path.join(root, PACK_DIR, "package.json"), "utf8"));
    return `${JSON.stringify(deriveShrinkwrap(lock, packageJson), null, 2)}\n`;
}

module.exports = { deriveShrinkwrap, shrinkwrapText, resolve, ShrinkwrapError };

if (require.main === module) {
    const root = path.resolve(__dirname, "..");
    try {
        const text = shrinkwrapText(root);
        const file = path.join(root, PACK_DIR, "npm-shrinkwrap.json");
        if (process.argv.includes("--check")) {
            const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
            if (current !== text)
                throw new ShrinkwrapError("policypack/npm-shrinkwrap.json differs from package-lock.json: run npm run shrinkwrap");
            process.exit(0);
        }
        fs.writeFileSync(file, text);
        const count = Object.keys(JSON.parse(text).packages).length - 1;
        process.stderr.write(`shrinkwrap: policypack/npm-shrinkwrap.json written (${count} packages from package-lock.json)\n`);
    } catch (e) {
        process.stderr.write(`shrinkwrap: ${e.message}\n`);
        process.exit(1);
    }
}
