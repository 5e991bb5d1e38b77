// The pack as `pulumi policy publish` ships it: `npm pack` of policypack/ (pulumi's npmManager.Pack),
// then, on every machine that runs it, the CLI unpacks the tarball into a `package` folder and runs
// `npm install` there (installRequiredPolicy in pulumi/pulumi pkg/backend/httpstate/policypack.go).
// That install must give exactly the versions the tests ran with: the shrinkwrap derived from the
// lockfile (scripts/shrinkwrap.js) is in the tarball, and npm installs from it offline.
import * as assert from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const REPO = path.resolve(__dirname, "..", "..");
const PACK_DIR = path.join(REPO, "policypack");
const { deriveShrinkwrap, resolve, ShrinkwrapError } = require(path.join(REPO, "scripts", "shrinkwrap.js"));

type Lock = { lockfileVersion: number; packages: Record<string, Record<string, unknown>> };
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, "utf8"));
const npm = (args: string[], cwd: string) =>
    execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 5 * 60_000 });

describe("the published package", function () {
    this.timeout(5 * 60_000);

    it("is private: an npm publish cannot put the pack on the public registry", () => {
        assert.strictEqual(readJson(path.join(PACK_DIR, "package.json")).private, true);
    });

    it("ships a shrinkwrap that is exactly what scripts/shrinkwrap.js derives from the tested lockfile", () => {
        const derived = deriveShrinkwrap(readJson(path.join(REPO, "package-lock.json")), readJson(path.join(PACK_DIR, "package.json")));
        assert.deepStrictEqual(readJson(path.join(PACK_DIR, "npm-shrinkwrap.json")), derived, "stale: run npm run shrinkwrap");
    });

    it("pins, for every production dependency, the version installed in the tested tree", () => {
        const shrinkwrap = readJson(path.join(PACK_DIR, "npm-shrinkwrap.json"));
        const places = Object.keys(shrinkwrap.packages).filter((p) => p !== "");
        assert.ok(places.length > 50, `${places.length} packages`);
        for (const place of ["node_modules/@pulumi/policy", "node_modules/@pulumi/pulumi", "node_modules/ajv"])
            assert.ok(places.includes(place), place);
        for (const place of places) {
            // @pulumi/policy's own package.json says "v1.21.0"; npm records it as 1.21.0.
            const tested = readJson(path.join(REPO, place, "package.json")).version.replace(/^v/, "");
            assert.strictEqual(shrinkwrap.packages[place].version, tested, place);
            assert.ok(!("dev" in shrinkwrap.packages[place]), `${place} is production in the pack`);
        }
        // Development tools never reach the pack.
        for (const dev of ["mocha", "typescript", "@biomejs/biome", "@stryker-mutator/core"])
            assert.ok(!places.includes(`node_modules/${dev}`), dev);
    });

    it("npm pack ships the shrinkwrap, and the unpacked package installs exactly it, offline from the npm cache", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "uc-pack-"));
        try {
            // As pulumi's npmManager.Pack runs it.
            const tarball = npm(["pack", "--loglevel=error", "--pack-destination", dir], PACK_DIR).trim().split("\n").pop()!;
            const listing = execFileSync("tar", ["-tzf", path.join(dir, tarball)], { encoding: "utf8" }).split("\n");
            assert.ok(listing.includes("package/npm-shrinkwrap.json"), listing.join("\n"));
            execFileSync("tar", ["-xzf", path.join(dir, tarball), "-C", dir]);
            const unpacked = path.join(dir, "package");
            // As the CLI's installRequiredPolicy runs it (npm install --production), but --offline:
            // the install may only use what the tested tree's npm ci put into the cache.
            npm(["install", "--loglevel=error", "--omit=dev", "--offline", "--no-audit", "--no-fund"], unpacked);
            const installed = readJson(path.join(unpacked, "node_modules", ".package-lock.json")).packages;
            const shrinkwrap = readJson(path.join(PACK_DIR, "npm-shrinkwrap.json")).packages;
            const versions = (packages: Record<string, { version?: string }>) =>
                Object.fromEntries(
                    Object.entries(packages)
                        .filter(([place]) => place !== "")
                        .map(([place, entry]) => [place, entry.version]),
                );
            assert.deepStrictEqual(versions(installed), versions(shrinkwrap));
            assert.deepStrictEqual(readJson(path.join(unpacked, "npm-shrinkwrap.json")).packages[""].version, shrinkwrap[""].version);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe("scripts/shrinkwrap.js", () => {
    const own = { name: "pack", version: "2.0.0", dependencies: { a: "^1.0.0" } };
    const lock = (packages: Lock["packages"]): Lock => ({
        lockfileVersion: 3,
        packages: { "": {}, policypack: { dependencies: { a: "^1.0.0" } }, ...packages },
    });

    it("resolves a name as Node.js does: nested first, then each parent, then the root", () => {
        const packages = { "node_modules/a": {}, "node_modules/b/node_modules/a": {}, "policypack/node_modules/a": {} };
        assert.strictEqual(resolve(packages, "node_modules/b", "a"), "node_modules/b/node_modules/a");
        assert.strictEqual(resolve(packages, "node_modules/b/node_modules/c", "a"), "node_modules/b/node_modules/a");
        assert.strictEqual(resolve(packages, "node_modules/c", "a"), "node_modules/a");
        assert.strictEqual(resolve(packages, "policypack", "a"), "policypack/node_modules/a");
        assert.strictEqual(resolve(packages, "policypack", "z"), undefined);
    });

    it("keeps the reached packages only, drops the development flags, marks optional-only ones optional", () => {
        const result = deriveShrinkwrap(
            lock({
                "node_modules/a": {
                    version: "1.2.0",
                    dev: true,
                    peer: true,
                    dependencies: { b: "1" },
                    optionalDependencies: { c: "1", gone: "1" },
                },
                "node_modules/b": { version: "1.0.0", devOptional: true },
                "node_modules/c": { version: "1.0.1", optional: true },
                "node_modules/unused": { version: "9.9.9" },
                "node_modules/a/node_modules/d": { version: "0.1.0" },
            }),
            own,
        );
        assert.deepStrictEqual(result, {
            name: "pack",
            version: "2.0.0",
            lockfileVersion: 3,
            requires: true,
            packages: {
                "": { name: "pack", version: "2.0.0", dependencies: { a: "^1.0.0" } },
                "node_modules/a": { version: "1.2.0", dependencies: { b: "1" }, optionalDependencies: { c: "1", gone: "1" } },
                "node_modules/b": { version: "1.0.0" },
                "node_modules/c": { version: "1.0.1", optional: true },
            },
        });
    });

    it("moves the workspace's own node_modules to the pack's root, and follows peers but not optional ones", () => {
        const result = deriveShrinkwrap(
            lock({
                "policypack/node_modules/a": {
                    version: "2.0.0",
                    peerDependencies: { p: "1", q: "1" },
                    peerDependenciesMeta: { q: { optional: true } },
                },
                "node_modules/a": { version: "1.0.0" },
                "node_modules/p": { version: "1.0.0" },
                "node_modules/q": { version: "1.0.0" },
            }),
            { ...own, license: "MIT", bin: { x: "x.js" }, engines: { node: ">=22" } },
        );
        assert.deepStrictEqual(Object.keys(result.packages), ["", "node_modules/a", "node_modules/p"]);
        assert.strictEqual(result.packages["node_modules/a"].version, "2.0.0");
        assert.deepStrictEqual(result.packages[""], { ...own, license: "MIT", bin: { x: "x.js" }, engines: { node: ">=22" } });
    });

    it("refuses what it cannot ship as tested", () => {
        const refuses = (l: Lock, message: RegExp) =>
            assert.throws(
                () => deriveShrinkwrap(l, own),
                (e: Error) => e instanceof ShrinkwrapError && message.test(e.message),
            );
        refuses(lock({}), /^policypack needs a, which package-lock.json does not have: run npm install$/);
        refuses(lock({ "node_modules/a": { link: true, resolved: "x" } }), /^policypack needs a, a link \(node_modules\/a\)/);
        refuses({ lockfileVersion: 2, packages: {} }, /lockfileVersion 2, expected 3/);
        refuses({ lockfileVersion: 3, packages: { "": {} } }, /no policypack workspace/);
        refuses(
            lock({
                "policypack/node_modules/a": { version: "2.0.0", dependencies: { b: "1" } },
                "node_modules/b": { version: "1.0.0", dependencies: { a: "1" } },
                "node_modules/a": { version: "1.0.0" },
            }),
            /^node_modules\/a is reached both from the workspace and hoisted at the root/,
        );
    });
});
