// A release users can pin: one version (policypack/package.json) that the changelog describes, the
// recipes pin as a tag, the report tool prints and every report names; scripts/release.sh makes
// the tag only when all of them agree.
import * as assert from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../policypack/src/report/cli";

const REPO = path.resolve(__dirname, "..", "..");
const VERSION: string = JSON.parse(fs.readFileSync(path.join(REPO, "policypack", "package.json"), "utf8")).version;
const RECIPES = ["github-actions.md", "gitlab-ci.md", "azure-pipelines.md"];
const EVENT_LOG = path.join(REPO, "test", "fixtures", "report", "noncompliant-preview.jsonl");

function cli(argv: string[]): { code: number; stdout: string; stderr: string } {
    let stdout = "";
    let stderr = "";
    const code = main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr };
}

describe("the release", () => {
    it("is a semantic version, and the changelog's latest section describes it", () => {
        assert.match(VERSION, /^\d+\.\d+\.\d+$/);
        assert.notStrictEqual(VERSION, "1.0.0", "verdicts changed since 1.0.0");
        const changelog = fs.readFileSync(path.join(REPO, "CHANGELOG.md"), "utf8");
        const sections = [...changelog.matchAll(/^## (\d+\.\d+\.\d+) - (\d{4}-\d{2}-\d{2})$/gm)].map((m) => m[1]);
        assert.strictEqual(sections[0], VERSION);
        assert.ok(sections.includes("1.0.0"), "the release it replaces");
    });

    it("is the tag every CI recipe pins, and no recipe pins another", () => {
        for (const recipe of RECIPES) {
            const text = fs.readFileSync(path.join(REPO, "docs", "ci", recipe), "utf8");
            const pins = [...text.matchAll(/(?:ref: (?:refs\/tags\/)?|--branch )(v\d+\.\d+\.\d+)/g)].map((m) => m[1]);
            assert.deepStrictEqual(pins, [`v${VERSION}`], recipe);
        }
    });

    it("is what uc-policy-report --version prints, and what SARIF and Markdown name", () => {
        assert.deepStrictEqual(cli(["--version"]), { code: 0, stdout: `uc-policy-report ${VERSION}\n`, stderr: "" });
        assert.deepStrictEqual(cli(["-V"]), { code: 0, stdout: `uc-policy-report ${VERSION}\n`, stderr: "" });
        assert.match(cli(["help"]).stdout, /^ {2}--version +the release of the pack and report tool/m);
        const sarif = JSON.parse(cli(["sarif", EVENT_LOG]).stdout);
        const status = sarif.runs.find((r: { tool: { driver: { name: string } } }) => r.tool.driver.name === "uc-policy-report");
        assert.strictEqual(status.tool.driver.version, VERSION);
        assert.ok(cli(["markdown", EVENT_LOG]).stdout.includes(`uc-policy-report ${VERSION}`));
    });
});

describe("scripts/release.sh", function () {
    this.timeout(60_000);
    let dir: string;
    const files = [
        "CHANGELOG.md",
        "package-lock.json",
        "policypack/package.json",
        "policypack/npm-shrinkwrap.json",
        "scripts/release.sh",
        "scripts/shrinkwrap.js",
        ...RECIPES.map((r) => `docs/ci/${r}`),
    ];
    const git = (...args: string[]) => spawnSync("git", args, { cwd: dir, encoding: "utf8" });
    const release = () => spawnSync("bash", ["scripts/release.sh"], { cwd: dir, encoding: "utf8" });
    const edit = (file: string, change: (text: string) => string) => {
        fs.writeFileSync(path.join(dir, file), change(fs.readFileSync(path.join(dir, file), "utf8")));
        git("commit", "-qam", `edit ${file}`);
    };

    beforeEach(() => {
        // A repository of just the files the release reads, committed.
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "uc-release-"));
        for (const file of files) {
            fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
            fs.copyFileSync(path.join(REPO, file), path.join(dir, file));
        }
        git("init", "-q");
        git("config", "user.email", "release@example.invalid");
        git("config", "user.name", "release test");
        git("add", ".");
        git("commit", "-qm", "release");
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("tags v<version> (annotated) when the version, changelog, recipes and shrinkwrap agree", () => {
        const result = release();
        assert.strictEqual(result.status, 0, result.stderr);
        assert.match(
            result.stdout,
            new RegExp(`^release: tagged v${VERSION.replace(/\./g, "\\.")} at [0-9a-f]+; push it with: git push origin v`),
        );
        assert.strictEqual(git("cat-file", "-t", `v${VERSION}`).stdout.trim(), "tag");
        assert.match(
            git("tag", "-l", "-n1", `v${VERSION}`).stdout.trim(),
            new RegExp(`^v${VERSION}\\s+uc-exchange-um-policies ${VERSION}$`),
        );
    });

    for (const [title, change, message] of [
        [
            "a version without its changelog section",
            () => edit("CHANGELOG.md", (t) => t.replace(`## ${VERSION} -`, "## 0.9.0 -")),
            /CHANGELOG.md's latest section is '## 0\.9\.0/,
        ],
        [
            "a recipe that pins another tag",
            () => edit("docs/ci/gitlab-ci.md", (t) => t.replace(`v${VERSION}`, "v1.0.0")),
            /docs\/ci\/gitlab-ci.md does not pin v/,
        ],
        [
            "a stale shrinkwrap",
            () => edit("policypack/npm-shrinkwrap.json", (t) => t.replace('"version": "1.21.0"', '"version": "1.20.0"')),
            /the shrinkwrap is stale/,
        ],
        ["uncommitted changes", (d: string) => fs.appendFileSync(path.join(d, "CHANGELOG.md"), "\n"), /uncommitted changes/],
        ["a tag that exists", () => git("tag", `v${VERSION}`), /the tag v[\d.]+ exists already/],
        [
            "a version that is not MAJOR.MINOR.PATCH",
            () => edit("policypack/package.json", (t) => t.replace(`"version": "${VERSION}"`, '"version": "2.0"')),
            /has version '2\.0'/,
        ],
    ] as Array<[string, (d: string) => unknown, RegExp]>) {
        it(`refuses ${title}, and tags nothing`, () => {
            change(dir);
            const before = git("tag", "-l").stdout;
            const result = release();
            assert.strictEqual(result.status, 1, result.stdout);
            assert.match(result.stderr, message);
            assert.strictEqual(git("tag", "-l").stdout, before);
        });
    }
});
