// The CI recipes of docs/ci, checked by the best parser available here for each system, and their
// report-tool invocations run as written against a real event log.
// - GitHub Actions: @actions/workflow-parser, GitHub's own parser and workflow schema.
// - Azure Pipelines: the Azure Pipelines YAML schema (service-schema.json of
//   microsoft/azure-pipelines-vscode), which knows every task and its inputs.
// - GitLab CI: a YAML parser and the job keywords and report types of GitLab's documentation.
// - Every shell script: bash -n.
import * as assert from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { register } from "node:module";
import * as path from "node:path";
import * as zlib from "node:zlib";
import Ajv from "ajv";
import { parse as parseYaml } from "yaml";
import { tempDir } from "./harness/tempDir";

const REPO = path.resolve(__dirname, "..", "..");
const CI_DOCS = path.join(REPO, "docs", "ci");
const CLI = path.join(REPO, "policypack", "bin", "report", "cli.js");
const EVENT_LOG = path.join(REPO, "test", "fixtures", "report", "noncompliant-preview.jsonl");

function yamlBlock(file: string): string {
    const text = fs.readFileSync(path.join(CI_DOCS, file), "utf8");
    const blocks = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
    assert.strictEqual(blocks.length, 1, `${file} has one pipeline`);
    return blocks[0];
}

/** bash -n, after filling in the placeholders (<org>, <stack>, ...) a reader replaces. */
function bashSyntax(script: string, where: string) {
    const result = spawnSync("bash", ["-n"], { input: script.replace(/<([a-z-]+)>/g, "$1"), encoding: "utf8" });
    assert.strictEqual(result.status, 0, `${where}: ${result.stderr}\n${script}`);
}

/** Runs every report-tool command of a script as written, from a folder with the real event log as
 * events.jsonl: each must be a command and options the tool accepts (any exit code but 2). */
function runReportCommands(script: string, where: string): string[] {
    const commands = [...script.matchAll(/(?:node \S*report\/cli\.js|\$report)\s+([^|\n]*?)(?:\s+(?:\|\||>>|>)|\n|$)/g)].map((m) =>
        m[1].trim(),
    );
    const dir = tempDir("uc-recipe-");
    fs.copyFileSync(EVENT_LOG, path.join(dir, "events.jsonl"));
    for (const command of commands) {
        const args = command.split(/\s+/).map((a) => (a === "/dev/null" ? path.join(dir, "null") : a));
        const result = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: "utf8" });
        assert.ok(result.status === 0 || result.status === 1, `${where}: '${command}' exited ${result.status}: ${result.stderr}`);
    }
    return commands;
}

// The parser imports its JSON schemas without an import attribute, which Node.js refuses; this
// resolve hook adds the attribute for JSON files, as a bundler would.
register(
    `data:text/javascript,${encodeURIComponent(`export async function resolve(specifier, context, next) {
    const result = await next(specifier, context);
    return result.url.endsWith(".json") ? { ...result, format: "json", importAttributes: { ...context.importAttributes, type: "json" } } : result;
}`)}`,
);

describe("CI recipes (docs/ci)", function () {
    // The Azure schema alone takes 10-20 s to compile on a loaded 2-core machine.
    this.timeout(120_000);
    it("GitHub Actions: GitHub's workflow parser accepts the workflow, with current actions and Node.js 24", async () => {
        const content = yamlBlock("github-actions.md");
        const parser = await import("@actions/workflow-parser");
        const parsed = parser.parseWorkflow({ name: "pulumi-policy.yml", content }, new parser.NoOperationTraceWriter());
        assert.deepStrictEqual(
            parsed.context.errors.getErrors().map((e) => e.message),
            [],
        );
        const template = await parser.convertWorkflowTemplate(parsed.context, parsed.value!);
        assert.deepStrictEqual(template.errors ?? [], []);

        const workflow = parseYaml(content);
        assert.deepStrictEqual(workflow.on.push, { branches: ["main"] }, "base-branch runs for code scanning");
        assert.ok(workflow.on.pull_request);
        assert.strictEqual(workflow.permissions["security-events"], "write");
        const steps = workflow.jobs.preview.steps as Array<Record<string, any>>;
        assert.deepStrictEqual(
            steps.filter((s) => s.uses).map((s) => s.uses),
            [
                "actions/checkout@v7",
                "actions/checkout@v7",
                "actions/setup-node@v7",
                "pulumi/actions@v7",
                "github/codeql-action/upload-sarif@v4",
            ],
        );
        assert.strictEqual(steps.find((s) => s.uses === "actions/setup-node@v7")!.with["node-version"], 24);
        const policyCheckout = steps.find((s) => s.with?.repository)!;
        assert.match(policyCheckout.with.token, /^\$\{\{ secrets\.\w+ \}\}$/, "a private policy repository needs a token");
        const upload = steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif"))!;
        assert.match(upload.if, /steps\.report\.outputs\.code != '2'/);
        for (const step of steps.filter((s) => s.run)) bashSyntax(step.run, step.name ?? step.run);
        const commands = steps.filter((s) => s.run).flatMap((s) => runReportCommands(s.run, "github-actions.md"));
        assert.deepStrictEqual(
            commands.map((c) => c.split(" ")[0]),
            ["annotations", "markdown", "markdown", "sarif"],
        );
        // The PR comment is updated in place: found by the report's first line, the hidden marker.
        const comment = steps.find((s) => s.name === "Comment on the pull request")!;
        assert.match(comment.run, /marker="\$\(head -n 1 policy\.md\)"/);
        assert.match(comment.run, /select\(\.body \| startswith\(\\"\$marker\\"\)\)/);
        assert.match(comment.run, /gh api --method PATCH "repos\/\$GITHUB_REPOSITORY\/issues\/comments\/\$id" -F body=@policy\.md/);
        const report = steps.find((s) => s.id === "report")!;
        assert.match(report.run, /markdown --fail-on none --max-chars 1000000 --output summary\.md/, "the job summary's own limit");
        assert.match(report.run, /--report-url "\$GITHUB_SERVER_URL\/\$GITHUB_REPOSITORY\/actions\/runs\/\$GITHUB_RUN_ID"/);
    });

    it("Azure Pipelines: the Azure Pipelines schema accepts the pipeline, which says pr: needs a branch policy on Azure Repos", () => {
        const content = yamlBlock("azure-pipelines.md");
        const schema = JSON.parse(
            zlib
                .gunzipSync(fs.readFileSync(path.join(REPO, "test", "fixtures", "azure-pipelines-service-schema.json.gz")))
                .toString("utf8"),
        );
        // The schema's patterns are written for non-Unicode regular expressions.
        const validate = new Ajv({ strict: false, allErrors: false, validateFormats: false, unicodeRegExp: false }).compile(schema);
        const pipeline = parseYaml(content) as Record<string, any>;
        assert.ok(validate(pipeline), JSON.stringify(validate.errors?.slice(0, 5)));
        const misspelt = structuredClone(pipeline) as Record<string, any>;
        misspelt.steps.find((s: Record<string, unknown>) => s.task === "PublishTestResults@2").inputs.testResultsFormt = "JUnit";
        assert.ok(!validate(misspelt), "the schema checks task inputs");

        assert.match(content.replace(/\n# /g, " "), /Azure Repos, YAML pr: triggers are ignored - add a Build validation branch policy/);
        assert.deepStrictEqual(pipeline.trigger, { branches: { include: ["main"] } });
        assert.strictEqual(pipeline.steps.find((s: Record<string, any>) => s.task === "NodeTool@0").inputs.versionSpec, "24.x");
        assert.ok(
            pipeline.resources.repositories.some((r: Record<string, string>) => r.repository === "policies"),
            "the private policy repository is a repository resource",
        );
        const scripts = pipeline.steps
            .filter((s: Record<string, string>) => s.script)
            .map((s: Record<string, string>) => s.script as string);
        for (const script of scripts) bashSyntax(script, "azure-pipelines.md");
        assert.deepStrictEqual(
            scripts.flatMap((s: string) => runReportCommands(s, "azure-pipelines.md")).map((c: string) => c.split(" ")[0]),
            ["junit", "markdown"],
        );
    });

    it("GitLab CI: the job uses GitLab's documented keywords and report types, with job-token access to the policy project", () => {
        const content = yamlBlock("gitlab-ci.md");
        const config = parseYaml(content);
        const job = config["pulumi-policy"];
        // docs.gitlab.com/ci/yaml: job keywords (the subset a job may use).
        const JOB_KEYWORDS = [
            "after_script",
            "allow_failure",
            "artifacts",
            "before_script",
            "cache",
            "coverage",
            "dependencies",
            "environment",
            "except",
            "extends",
            "image",
            "inherit",
            "interruptible",
            "needs",
            "only",
            "parallel",
            "release",
            "resource_group",
            "retry",
            "rules",
            "script",
            "services",
            "stage",
            "tags",
            "timeout",
            "trigger",
            "variables",
            "when",
            "id_tokens",
            "secrets",
            "hooks",
        ];
        assert.deepStrictEqual(
            Object.keys(job).filter((k) => !JOB_KEYWORDS.includes(k)),
            [],
        );
        assert.strictEqual(job.image, "node:24");
        assert.deepStrictEqual(Object.keys(job.artifacts.reports).sort(), ["codequality", "junit"]);
        assert.strictEqual(job.artifacts.when, "always");
        assert.deepStrictEqual(
            job.rules.map((r: { if: string }) => r.if),
            ['$CI_PIPELINE_SOURCE == "merge_request_event"', "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"],
        );
        assert.ok((job.before_script as string[]).some((line) => line.includes("gitlab-ci-token:${CI_JOB_TOKEN}@${CI_SERVER_HOST}/")));
        const script = [...job.before_script, ...job.script].join("\n");
        bashSyntax(script, "gitlab-ci.md");
        assert.deepStrictEqual(
            runReportCommands(job.script.join("\n"), "gitlab-ci.md").map((c) => c.split(" ")[0]),
            ["junit", "codequality", "markdown", "markdown"],
        );
        const reports = job.script as string[];
        assert.ok(
            reports[reports.length - 1].includes("cli.js markdown") && !reports[reports.length - 1].includes("|| true"),
            "the last line is the gate",
        );
    });

    it("every shell snippet of the CI docs is valid bash, and the audit runs to its report under set -e", () => {
        for (const file of fs.readdirSync(CI_DOCS).filter((f) => f.endsWith(".md"))) {
            const text = fs.readFileSync(path.join(CI_DOCS, file), "utf8");
            for (const [, block] of text.matchAll(/```sh\n([\s\S]*?)```/g)) bashSyntax(block, file);
        }
        const audit = fs.readFileSync(path.join(CI_DOCS, "README.md"), "utf8").match(/```sh\n(set -e\n[\s\S]*?)```/)![1];
        const lines = audit.split("\n").filter((l) => l && !l.startsWith("#"));
        for (const line of lines.slice(1, -1))
            assert.match(line, /^pulumi stack export|\|\| true$/, `a step before the report must not stop the script: ${line}`);
    });

    it("publishing: validate-config before enable, and a policy group created without a prompt before it is used", () => {
        const text = fs.readFileSync(path.join(CI_DOCS, "publishing.md"), "utf8");
        const commands = [...text.matchAll(/^pulumi policy .*$/gm)].map((m) => m[0]);
        const index = (pattern: RegExp) => commands.findIndex((c) => pattern.test(c));
        assert.ok(index(/validate-config/) >= 0 && index(/validate-config/) < index(/policy enable/));
        // pulumi v3.276.0: --yes needs --mode (test/e2e checks every flag against the real CLI).
        assert.match(commands[index(/group new/)], /--mode preventative --yes/);
        assert.ok(index(/group new/) < index(/enable .*--policy-group/));
    });
});
