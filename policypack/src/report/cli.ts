#!/usr/bin/env node
// uc-policy-report: turns the engine's event logs into CI reports, and lists the UC servers of a
// stack for an audit. The exit code says first whether the run is complete, then whether it passes
// the gate, so a pipeline can never take a failed run for a clean one (see EXIT_CODES).
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { loadCatalog } from "../catalog/load";
import { buildInventory } from "../inventory";
import { toAnnotations } from "./annotations";
import { toCodeQuality } from "./codeQuality";
import { EventLogError, EXIT, type PolicyRun, readEventLog } from "./eventLog";
import { exitCode as gateExit, findingKey, GateError, parseFailOn, readBaseline } from "./gate";
import { inventoryCsv, inventoryMarkdown } from "./inventoryFormats";
import { toJunit } from "./junit";
import { type ProjectLayout, projectLayout, sourcePositions } from "./locations";
import { COMMENT_MARKER, toMarkdown } from "./markdown";
import { resourcesFromEventLog, resourcesFromStackExport } from "./resources";
import { toSarif } from "./sarif";
import { RELEASE_VERSION } from "../release";

const EXIT_CODES = `exit codes (several logs: the first that applies, in this order):
  5  an event log is truncated (no engine summary at its end): results incomplete
  4  a run was cancelled: results incomplete
  3  a run failed (program, provider or engine error; a failed update): results incomplete
  6  no policy pack ran (none given or enabled, or it could not be loaded): nothing was checked
  1  complete, with violations at or above --fail-on
  0  complete, nothing at or above --fail-on
  2  usage error, or a file that cannot be read or is not an engine event log (no report written)`;

const REPORT_OPTIONS = `  --fail-on mandatory|advisory|none   the gate for violations (default mandatory); incomplete
                                      runs fail whatever it says. Also a severity, low|medium|
                                      high|critical: findings of it or more, of any level; several
                                      joined by commas fail on any (mandatory,high). Exempted
                                      findings never fail
  --baseline FILE                     an earlier report (a SARIF file of this tool, or an event
                                      log): its findings (same pack, policy, resource) do not
                                      fail, only new ones do
  --output FILE                       write the report to FILE instead of stdout
  --project-dir DIR                   the Pulumi project's folder, relative to --repo-root (default .)
  --repo-root DIR                     the repository root that report paths are relative to
                                      (default: the current directory)
  --stack-export FILE                 'pulumi stack export' of the stack: resources' source positions
                                      (SDKs that record them, e.g. Node.js) locate findings`;

const HELP: Record<string, string> = {
    sarif: `usage: uc-policy-report sarif [options] EVENT_LOG...

SARIF 2.1.0 for GitHub code scanning: per stack, one run per policy pack that ran (category
pulumi-policy/<project>/<stack>/<pack>/) and a run-status run (…/run-status/) that holds one error
result when the run did not complete; an incomplete run writes no pack runs, so an upload never
closes alerts that are still real.

${REPORT_OPTIONS}`,
    junit: `usage: uc-policy-report junit [options] EVENT_LOG...

JUnit XML for GitLab (artifacts:reports:junit), Azure DevOps (PublishTestResults@2), Jenkins (xUnit's
JUnit schema) and dorny/test-reporter: a suite per stack and pack, a test saying how many UC servers
were recognised (skipped when none was), and a test per policy for each UC server and each resource
with a finding: mandatory violations fail, advisories are skipped with their message, passed checks
pass; a run that did not complete is an error. Suites carry the run's length in seconds.

${REPORT_OPTIONS}`,
    markdown: `usage: uc-policy-report markdown [options] EVENT_LOG...

A Markdown report for a pull-request comment or job summary. First, per stack, the summary: whether
the run completed, how many UC servers were checked of how many resources, the failing servers per
policy and product and the advisories, a Mermaid picture of the estate. Then the findings, grouped
by policy (its source once) and by message, sorted by resource, long lists collapsed. It starts
with the hidden line ${COMMENT_MARKER}, by which a CI step finds its earlier comment
and updates it in place. It fits --max-chars: when the findings do not, the names that do not fit
are counted instead of listed and the report says so and where the full report is.

  --max-chars N                       the most characters the report may have (default 65536,
                                      GitHub's limit for a comment; 0: no limit)
  --report-url URL                    where the full report is (e.g. the CI run's page), named
                                      when the report is cut
${REPORT_OPTIONS}`,
    codequality: `usage: uc-policy-report codequality [options] EVENT_LOG...

GitLab Code Quality JSON (artifacts:reports:codequality), shown in the merge request widget.

${REPORT_OPTIONS}`,
    annotations: `usage: uc-policy-report annotations [options] EVENT_LOG...

GitHub Actions workflow commands (::error/::warning) that annotate the lines declaring the resources.

${REPORT_OPTIONS}`,
    inventory: `usage: uc-policy-report inventory [--format markdown|csv|json] [--output FILE] [--stack-tag KEY=VALUE]... (--stack-export FILE | EVENT_LOG)

Lists the UC servers of a stack export or an event log with product, CU found and required, status.
Exit 1 when a server is below its minimum or unsupported, 0 otherwise, 2 on a usage or input error.`,
};

const USAGE = `usage: uc-policy-report COMMAND [options] FILE...

commands:
  sarif         SARIF 2.1.0 for GitHub code scanning
  junit         JUnit XML for GitLab and Azure DevOps test views
  codequality   GitLab Code Quality JSON for the merge request widget
  annotations   GitHub Actions ::error/::warning annotations
  markdown      Markdown summary for a pull-request comment or job summary
  inventory     the UC servers of a stack, for an audit
  help [COMMAND]
  --version     the release of the pack and report tool (policypack/package.json)

EVENT_LOG is what 'PULUMI_DEBUG_COMMANDS=true pulumi preview --event-log FILE' writes (also pulumi up,
and 'pulumi policy analyze --json > FILE'); give several to report several stacks at once.
Run 'uc-policy-report help COMMAND' or 'uc-policy-report COMMAND --help' for its options.

${EXIT_CODES}`;

class UsageError extends Error {}

const GITHUB_MAX_RUNS = 20;

const OPTIONS = {
    "fail-on": { type: "string", default: "mandatory" },
    output: { type: "string" },
    format: { type: "string", default: "markdown" },
    "stack-export": { type: "string" },
    "stack-tag": { type: "string", multiple: true },
    "project-dir": { type: "string", default: "." },
    "repo-root": { type: "string", default: "." },
    "max-chars": { type: "string" },
    baseline: { type: "string" },
    "report-url": { type: "string" },
    help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof OPTIONS }>>["values"];

function run(argv: string[], write: (text: string) => void, warn: (text: string) => void = () => undefined): number {
    const [command, ...rest] = argv;
    if (command === "--version" || command === "-V") {
        write(`uc-policy-report ${RELEASE_VERSION}\n`);
        return EXIT.clean;
    }
    if (command === undefined || command === "help" || command === "--help" || command === "-h") {
        const topic = command === "help" ? rest[0] : undefined;
        if (topic !== undefined && !HELP[topic]) throw new UsageError(`unknown command '${topic}'`);
        write(`${topic ? `${HELP[topic]}\n\n${topic === "inventory" ? "" : `${EXIT_CODES}\n`}` : `${USAGE}\n`}`);
        return command === undefined ? EXIT.usage : EXIT.clean;
    }
    if (!HELP[command]) throw new UsageError(`unknown command '${command}'`);
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: OPTIONS });
    if (values.help) {
        write(`${HELP[command]}\n${command === "inventory" ? "" : `\n${EXIT_CODES}\n`}`);
        return EXIT.clean;
    }
    const emit = (text: string) => (values.output ? fs.writeFileSync(values.output, text) : write(text));
    if (command === "inventory") return inventory(values, positionals, emit);
    return report(command, values, positionals, emit, warn);
}

/** A report command: read the logs (and a baseline), write the format, answer the gate's exit code. */
function report(command: string, values: Values, files: string[], emit: (text: string) => void, warn: (text: string) => void): number {
    if (files.length === 0) throw new UsageError("give at least one event log");
    const failOn = values["fail-on"]!;
    parseFailOn(failOn);
    const baselineFile = values.baseline;
    const baseline = baselineFile ? readBaseline(readFile(baselineFile), baselineFile) : undefined;
    const runs = readRuns(files);
    const exportFile = values["stack-export"];
    const positions = exportFile ? sourcePositions(parseJson(readFile(exportFile), exportFile)) : undefined;
    const layout = projectLayout(values["repo-root"]!, values["project-dir"]!, positions);
    const formats: Record<string, () => string> = {
        sarif: () => sarifText(runs, layout, baseline, warn),
        junit: () => toJunit(runs),
        markdown: () => toMarkdown(runs, { maxChars: maxChars(values["max-chars"]), reportUrl: values["report-url"] }),
        codequality: () => toCodeQuality(runs, layout),
        annotations: () => toAnnotations(runs, layout),
    };
    emit(formats[command]());
    if (baseline) {
        const known = runs.flatMap((r) => r.violations).filter((v) => baseline.has(findingKey(v))).length;
        warn(`baseline ${baselineFile}: ${known} finding${known === 1 ? "" : "s"} already in it, which do not fail the gate`);
    }
    return exitCode(runs, failOn, baseline);
}

function readRuns(files: string[]): PolicyRun[] {
    const runs = files.map((file) => readEventLog(readFile(file), file));
    // Reports key everything by stack (SARIF categories, test names, fingerprints); two logs of
    // one stack would collide, and GitHub rejects an upload with two runs of one category.
    for (const [index, run] of runs.entries()) {
        const earlier = runs
            .slice(0, index)
            .find((other) => other.stack !== "" && other.stack === run.stack && other.project === run.project);
        if (earlier)
            throw new UsageError(`${run.file} and ${earlier.file} are both logs of ${run.project}/${run.stack}; give one log per stack`);
    }
    return runs;
}

function sarifText(runs: PolicyRun[], layout: ProjectLayout, baseline: Set<string> | undefined, warn: (text: string) => void): string {
    const sarif = toSarif(runs, layout, baseline) as { runs: unknown[] };
    // GitHub rejects the whole upload, so say it here rather than in the upload step.
    if (sarif.runs.length > GITHUB_MAX_RUNS)
        warn(
            `warning: this SARIF file has ${sarif.runs.length} runs; GitHub code scanning rejects an upload with more than ${GITHUB_MAX_RUNS} - write one file per stack (or fewer stacks per file)`,
        );
    return `${JSON.stringify(sarif, null, 2)}\n`;
}

function maxChars(value: string | undefined): number | undefined {
    if (value === undefined) return undefined;
    // Below 2,000 not even the summary of one stack fits; 0 is "no limit".
    if (!/^\d+$/.test(value) || (Number(value) !== 0 && Number(value) < 2000))
        throw new UsageError(`--max-chars takes 0 (no limit) or a number of characters of 2000 or more, not '${value}'`);
    return Number(value);
}

/** The exit code of the runs under --fail-on (and the findings of a --baseline, which never fail). */
export function exitCode(runs: PolicyRun[], failOn: string, baseline?: Set<string>): number {
    return gateExit(runs, { ...parseFailOn(failOn), baseline });
}

function inventory(values: Record<string, unknown>, positionals: string[], emit: (text: string) => void): number {
    const exportFile = values["stack-export"] as string | undefined;
    if (!exportFile && positionals.length !== 1) throw new UsageError("inventory takes --stack-export FILE or one event log");
    const resources = exportFile ? resourcesFromStackExport(readFile(exportFile), exportFile) : eventLogResources(positionals[0]);
    const stackTags = new Map<string, string>();
    for (const pair of (values["stack-tag"] as string[] | undefined) ?? []) {
        const at = pair.indexOf("=");
        if (at <= 0) throw new UsageError(`--stack-tag takes KEY=VALUE, not '${pair}'`);
        stackTags.set(pair.slice(0, at), pair.slice(at + 1));
    }
    const { rows, umDeclaredBy } = buildInventory(resources, loadCatalog(), stackTags);
    const format = values.format as string;
    if (format === "markdown") emit(inventoryMarkdown(rows, umDeclaredBy));
    else if (format === "csv") emit(inventoryCsv(rows));
    else if (format === "json") emit(`${JSON.stringify({ umDeclaredBy, servers: rows }, null, 2)}\n`);
    else throw new UsageError(`--format must be markdown, csv or json, not '${format}'`);
    return rows.some((r) => r.status === "below-minimum" || r.status === "unsupported") ? 1 : 0;
}

function eventLogResources(file: string) {
    const text = readFile(file);
    const run = readEventLog(text, file);
    // An inventory of half a stack would look like a whole one.
    if (run.status === "truncated" || run.status === "canceled" || run.status === "failed") {
        const what = { truncated: "log is truncated", canceled: "was cancelled", failed: "failed" }[run.status];
        throw new EventLogError(file, undefined, `the run ${what}, so the inventory would be incomplete; use --stack-export instead`);
    }
    return resourcesFromEventLog(text);
}

function parseJson(text: string, file: string): unknown {
    try {
        return JSON.parse(text);
    } catch (e) {
        throw new EventLogError(file, undefined, `not JSON (${(e as Error).message}); expected the output of pulumi stack export`);
    }
}

function readFile(file: string): string {
    try {
        return fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new EventLogError(file, undefined, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
}

/** Where the command writes: its report (unless --output) and its messages. */
export interface Io {
    stdout(text: string): void;
    stderr(text: string): void;
}

/**
 * The command as the `uc-policy-report` bin runs it: the exit code (EXIT), never an exception. A
 * usage error, or a file that cannot be read or is not what it should be, is a message on stderr
 * (with the usage for usage errors) and exit 2.
 */
export function main(argv: string[], io: Io): number {
    try {
        return run(argv, io.stdout, (text) => io.stderr(`uc-policy-report: ${text}\n`));
    } catch (e) {
        const usage = e instanceof UsageError || e instanceof GateError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
        io.stderr(`uc-policy-report: ${(e as Error).message}\n${usage ? `${USAGE}\n` : ""}`);
        return EXIT.usage;
    }
}

// The bin's entry: what it runs is main(), tested in process; this block is run by the tests that
// spawn the bin (test/report/report.test.ts), which Stryker cannot attribute to its mutants.
// Stryker disable all
if (require.main === module) {
    process.exitCode = main(process.argv.slice(2), {
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
    });
}
// Stryker restore all
