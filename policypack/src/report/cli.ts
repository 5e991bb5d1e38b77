#!/usr/bin/env node
// uc-policy-report: turns the engine's policy results into CI formats, and lists the UC servers
// of a stack for an audit. Exit codes: 0 nothing at or above --fail-on, 1 violations at or above
// --fail-on, 2 usage or input error (never a partial report).
import * as fs from "fs";
import { parseArgs } from "util";
import { loadCatalog } from "../catalog/load";
import { buildInventory } from "../inventory";
import { EventLogError, LEVEL_RANK, PolicyViolation, readEventLog } from "./eventLog";
import { inventoryCsv, inventoryMarkdown } from "./inventoryFormats";
import { toJunit } from "./junit";
import { toMarkdown } from "./markdown";
import { resourcesFromEventLog, resourcesFromStackExport } from "./resources";
import { toSarif } from "./sarif";

const USAGE = `usage:
  uc-policy-report sarif|junit|markdown [--fail-on mandatory|advisory|none] [--output FILE] EVENT_LOG...
  uc-policy-report inventory [--format markdown|csv|json] [--output FILE] [--stack-tag KEY=VALUE]... (--stack-export FILE | EVENT_LOG)

EVENT_LOG is what 'PULUMI_DEBUG_COMMANDS=true pulumi preview --event-log FILE' writes (also pulumi up,
and 'pulumi policy analyze --json > FILE'); --stack-export takes 'pulumi stack export --file FILE'.`;

class UsageError extends Error {}

export function run(argv: string[], write: (text: string) => void): number {
    const [command, ...rest] = argv;
    const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
            "fail-on": { type: "string", default: "mandatory" },
            output: { type: "string" },
            format: { type: "string", default: "markdown" },
            "stack-export": { type: "string" },
            "stack-tag": { type: "string", multiple: true },
            help: { type: "boolean" },
        },
    });
    const emit = (text: string) => (values.output ? fs.writeFileSync(values.output, text) : write(text));
    if (command === "inventory") return inventory(values, positionals, emit);
    if (!["sarif", "junit", "markdown"].includes(command ?? "")) throw new UsageError(`unknown command '${command ?? ""}'`);
    if (positionals.length === 0) throw new UsageError("give at least one event log");
    const failOn = values["fail-on"]!;
    if (!["mandatory", "advisory", "none"].includes(failOn)) throw new UsageError(`--fail-on must be mandatory, advisory or none, not '${failOn}'`);

    const violations: PolicyViolation[] = positionals.flatMap((file) => readEventLog(readFile(file), file));
    emit(command === "sarif" ? `${JSON.stringify(toSarif(violations), null, 2)}\n` : command === "junit" ? toJunit(violations) : toMarkdown(violations));
    if (failOn === "none") return 0;
    const threshold = LEVEL_RANK[failOn];
    return violations.some((v) => (LEVEL_RANK[v.enforcementLevel] ?? 0) >= threshold) ? 1 : 0;
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
    readEventLog(text, file); // the same completeness checks as the CI reports
    return resourcesFromEventLog(text);
}

function readFile(file: string): string {
    try {
        return fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new EventLogError(file, undefined, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
}

if (require.main === module) {
    let code: number;
    try {
        code = run(process.argv.slice(2), (text) => process.stdout.write(text));
    } catch (e) {
        const usage = e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
        process.stderr.write(`uc-policy-report: ${(e as Error).message}\n${usage ? `${USAGE}\n` : ""}`);
        code = 2;
    }
    process.exitCode = code;
}
