// Reads the JSON-lines engine event log that `pulumi preview|up --event-log FILE` writes (and the
// JSON events of `pulumi policy analyze --json`) into what happened in the run: its outcome, the
// engine's errors, the policy packs that ran with the policies they evaluated, and the violations.
// A report is only as complete as the run it describes, so the outcome is decided here, once, and
// every format shows it; a run that failed, was cancelled, or whose log is cut short is never
// reduced to "no violations".
import { type Estate, readEstate } from "./estate";
import { EventLogError } from "./inputError";

export { EventLogError };

export interface PolicyViolation {
    resourceUrn: string;
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    /** "mandatory", "advisory" (older engines write "warning"), "remediate" or "disabled". */
    enforcementLevel: string;
    severity: string;
    /** The policy's description, then the violation's own message (the engine joins them). */
    description: string;
    detail: string;
    sourceUrl?: string;
    /** Set when the finding is exempted by the pack's config: it is reported, as an advisory, but accepted. */
    exemption?: { until: string; reason: string };
    /** The stack and project the violation was reported in (from the log it came from). */
    stack: string;
    project: string;
}

/**
 * complete: the run finished and every policy pack analysed it (violations may have failed it).
 * failed: the program, a provider or the engine failed. canceled: the run was cancelled.
 * truncated: the log ends before the engine's summary. no-policy-pack: the run finished but no
 * policy pack analysed anything.
 */
export type RunStatus = "complete" | "failed" | "canceled" | "truncated" | "no-policy-pack";

export interface EngineProblem {
    message: string;
    /** Where the engine says the problem is, relative to the project directory. */
    file?: string;
    line?: number;
}

export interface PackRun {
    name: string;
    version: string;
    /** Every policy the pack reported evaluating (passed or failed), sorted. */
    policies: string[];
}

export interface PolicyRun {
    file: string;
    project: string;
    stack: string;
    status: RunStatus;
    /** What went wrong, in the engine's words, for every status but complete. */
    problems: EngineProblem[];
    packs: PackRun[];
    /** URNs of the resources the packs analysed, in the order the engine reported them. */
    analyzedResources: string[];
    violations: PolicyViolation[];
    /** The resources of the log and the UC servers among them. */
    estate: Estate;
    /** Seconds from the log's first event to its last (the engine stamps events in whole seconds). */
    seconds: number;
}

const EVENT_FIELDS = new Set([
    "cancelEvent",
    "stdoutEvent",
    "diagnosticEvent",
    "preludeEvent",
    "summaryEvent",
    "resourcePreEvent",
    "resOutputsEvent",
    "resOpFailedEvent",
    "policyEvent",
    "policyRemediationEvent",
    "policyLoadEvent",
    "policyAnalyzeSummaryEvent",
    "policyRemediateSummaryEvent",
    "policyAnalyzeStackSummaryEvent",
    "startDebuggingEvent",
    "progressEvent",
    "errorEvent",
]);
const SOURCE = / Source: (https:\/\/\S+)\s*$/;
// The engine closes every failed operation with this generic error; it says nothing about the cause.
const GENERIC_FAILURE = /^(preview|update|destroy|refresh|import) failed$/;
// Pulumi YAML (and other hosts) name the file and line of a program error on their own line.
const WHERE = /^\s*on (\S+) line (\d+):?\s*$/;
// Colour directives appear in messages unless the command ran with --color never.
const COLOR = /<\{%[^%]*%\}>/g;

/** What the lines of a log say, gathered in one pass; readEventLog then decides the outcome. */
interface Reading {
    found: Found[];
    packs: Map<string, { name: string; version: string; policies: Set<string> }>;
    /** URNs the packs analysed, in the engine's order, and the same as a Set (includes() was quadratic). */
    analyzed: string[];
    analyzedOnce: Set<string>;
    errors: string[];
    resourceUrns: string[];
    summary?: Record<string, unknown>;
    /** The engine writes a cancelEvent last in every log, finished or cancelled; the summary says which. */
    ended: boolean;
    stackAnalyzed: boolean;
    /** Set when the last line is half-written; the log then ends at lastContentLine. */
    cutMidLine: boolean;
    lastContentLine: number;
    firstTime: number;
    lastTime: number;
}

export function readEventLog(text: string, file: string): PolicyRun {
    const reading = readLines(text, file);
    addPacksNamedElsewhere(reading);
    const { project, stack } = identify([...reading.resourceUrns, ...reading.analyzed, ...reading.found.map((v) => v.resourceUrn)]);
    const run: PolicyRun = {
        file,
        project,
        stack,
        status: "complete",
        problems: [],
        violations: reading.found.map((v) => ({ ...v, stack, project })),
        analyzedResources: reading.analyzed,
        estate: readEstate(text),
        seconds: reading.lastTime > reading.firstTime ? reading.lastTime - reading.firstTime : 0,
        packs: [...reading.packs.values()].map((p) => ({ name: p.name, version: p.version, policies: [...p.policies].sort() })),
    };
    decideStatus(run, reading, toProblems(reading.errors));
    return run;
}

function readLines(text: string, file: string): Reading {
    const lines = text.split("\n");
    const lastContentLine = lines.reduce((last, line, index) => (line.trim() === "" ? last : index + 1), 0);
    if (lastContentLine === 0)
        throw new EventLogError(file, undefined, "the event log is empty; did the pulumi command run with --event-log?");
    const reading: Reading = {
        found: [],
        packs: new Map(),
        analyzed: [],
        analyzedOnce: new Set(),
        errors: [],
        resourceUrns: [],
        ended: false,
        stackAnalyzed: false,
        cutMidLine: false,
        lastContentLine,
        firstTime: Infinity,
        lastTime: -Infinity,
    };
    for (let index = 0; index < lastContentLine; index++) {
        if (lines[index].trim() === "") continue;
        const record = parseLine(lines[index], index + 1, lastContentLine, file);
        if (!record) {
            reading.cutMidLine = true;
            break;
        }
        if (typeof record.timestamp === "number" && Number.isFinite(record.timestamp)) {
            reading.firstTime = Math.min(reading.firstTime, record.timestamp);
            reading.lastTime = Math.max(reading.lastTime, record.timestamp);
        }
        const kind = Object.keys(record).find((key) => EVENT_FIELDS.has(key));
        if (!kind)
            throw new EventLogError(
                file,
                index + 1,
                "not a Pulumi engine event (no known event field such as policyEvent or summaryEvent)",
            );
        readEvent(reading, kind, (record[kind] ?? {}) as Record<string, unknown>, file, index + 1);
    }
    return reading;
}

/** One line as a JSON object; undefined for the half-written last line a killed pulumi process leaves. */
function parseLine(line: string, lineNumber: number, lastContentLine: number, file: string): Record<string, unknown> | undefined {
    let event: unknown;
    try {
        event = JSON.parse(line);
    } catch (e) {
        // Anywhere but at the end the file is damaged or not an event log at all.
        if (lineNumber === lastContentLine && lineNumber > 1) return undefined;
        throw new EventLogError(file, lineNumber, `not JSON (${(e as Error).message}); is this an engine event log?`);
    }
    if (typeof event !== "object" || event === null || Array.isArray(event))
        throw new EventLogError(file, lineNumber, "not an engine event (expected a JSON object)");
    return event as Record<string, unknown>;
}

function readEvent(reading: Reading, kind: string, body: Record<string, unknown>, file: string, lineNumber: number): void {
    const text = (key: string) => (typeof body[key] === "string" ? (body[key] as string) : "");
    const names = (key: string) =>
        Array.isArray(body[key]) ? (body[key] as unknown[]).filter((n): n is string => typeof n === "string") : [];
    switch (kind) {
        case "summaryEvent":
            reading.summary = body;
            break;
        case "cancelEvent":
            reading.ended = true;
            break;
        case "policyEvent":
            reading.found.push(toViolation(body, file, lineNumber));
            break;
        case "policyAnalyzeSummaryEvent":
        case "policyAnalyzeStackSummaryEvent": {
            const pack = reading.packs.get(text("policyPackName")) ?? {
                name: text("policyPackName"),
                version: text("policyPackVersion"),
                policies: new Set<string>(),
            };
            reading.packs.set(pack.name, pack);
            for (const policy of [...names("passed"), ...names("failed")]) pack.policies.add(policy);
            if (kind === "policyAnalyzeStackSummaryEvent") reading.stackAnalyzed = true;
            else if (text("resourceUrn") && !reading.analyzedOnce.has(text("resourceUrn"))) {
                reading.analyzedOnce.add(text("resourceUrn"));
                reading.analyzed.push(text("resourceUrn"));
            }
            break;
        }
        case "resourcePreEvent": {
            const urn = (body.metadata as { urn?: unknown } | undefined)?.urn;
            if (typeof urn === "string") reading.resourceUrns.push(urn);
            break;
        }
        case "diagnosticEvent": {
            // "error" is the engine's own; "info#err" is what the program wrote to stderr, which
            // is where language hosts put program errors.
            const severity = text("severity");
            if (severity === "error" || severity === "info#err") reading.errors.push(clean(text("message")));
            break;
        }
        case "errorEvent":
            reading.errors.push(clean(text("error")));
            break;
    }
}

/** Packs that wrote no analysis summaries: named by the summary (policy analyze) or by their violations. */
function addPacksNamedElsewhere({ summary, packs, found }: Reading): void {
    // `pulumi policy analyze --json` names the packs in its summary ("name" or "name|local|path" -> version).
    const summaryPacks = summary?.PolicyPacks;
    if (summaryPacks && typeof summaryPacks === "object") {
        for (const [key, version] of Object.entries(summaryPacks as Record<string, unknown>)) {
            const name = key.split("|")[0];
            if (name && !packs.has(name))
                packs.set(name, { name, version: typeof version === "string" ? version : "", policies: new Set() });
        }
    }
    for (const violation of found) {
        if (violation.policyPackName && !packs.has(violation.policyPackName)) {
            packs.set(violation.policyPackName, {
                name: violation.policyPackName,
                version: violation.policyPackVersion,
                policies: new Set(),
            });
        }
        packs.get(violation.policyPackName)?.policies.add(violation.policyName);
    }
}

/** The run's outcome, decided once for every format: complete only when nothing says otherwise. */
function decideStatus(run: PolicyRun, reading: Reading, problems: EngineProblem[]): void {
    const { summary } = reading;
    const result = typeof summary?.result === "string" ? summary.result : undefined;
    if (reading.cutMidLine || (!summary && !reading.ended)) {
        run.status = "truncated";
        run.problems = [
            {
                message: `The event log ends at line ${reading.lastContentLine} without the engine's summary: the pulumi command was stopped or the file is cut short, so the run's results are incomplete.`,
            },
            ...problems,
        ];
    } else if (!summary) {
        // The engine writes a cancelEvent and nothing else when it stops before the deployment
        // starts, which is how a policy pack that cannot be loaded shows in the log.
        run.status = reading.packs.size === 0 ? "no-policy-pack" : "failed";
        run.problems = [
            {
                message:
                    "The engine stopped before the program ran and wrote no summary (a policy pack that cannot be loaded stops it this way); the pulumi command's own output says why.",
            },
            ...problems,
        ];
    } else if (result === "canceled") {
        run.status = "canceled";
        run.problems = [{ message: "The run was cancelled before it finished, so not every resource was checked." }, ...problems];
    } else if (result === "failed" || (result === undefined && problems.length > 0)) {
        // Mandatory violations fail a preview too; the run is complete when nothing else went wrong
        // and the packs got as far as analysing the whole stack.
        // (An audit of exported state, with no resource events, has no stack analysis summary.)
        const mandatory = run.violations.some(isMandatory);
        const explainedByPolicy = mandatory && problems.length === 0 && (reading.stackAnalyzed || reading.resourceUrns.length === 0);
        if (!explainedByPolicy) {
            run.status = "failed";
            run.problems =
                problems.length > 0
                    ? problems
                    : [
                          {
                              message: `The ${summary.isPreview === false ? "update" : "preview"} failed (the log gives no reason; see the pulumi command's output).`,
                          },
                      ];
        }
    }
    if (run.status === "complete" && run.packs.length === 0) {
        run.status = "no-policy-pack";
        run.problems = [
            {
                message:
                    "No policy pack ran: the command had no --policy-pack and no pack is enabled for the stack, so nothing was checked.",
            },
        ];
    }
}

/** Errors as the engine wrote them, without colour codes or the generic closing line, and with
 * the file and line that Pulumi YAML puts on a line of its own attached to the error above it. */
function toProblems(errors: string[]): EngineProblem[] {
    const problems: EngineProblem[] = [];
    for (const raw of errors) {
        const message = raw.trim();
        if (message === "" || GENERIC_FAILURE.test(message)) continue;
        const where = WHERE.exec(message);
        const previous = problems[problems.length - 1];
        if (where && previous && previous.line === undefined) {
            previous.file = where[1];
            previous.line = Number(where[2]);
            continue;
        }
        // The source line Pulumi YAML quotes after the location belongs to the same error.
        if (previous?.line !== undefined && message.startsWith(`${previous.line}:`)) continue;
        problems.push({ message });
    }
    return problems;
}

function clean(message: string): string {
    return message.replace(COLOR, "").replace(/\s+$/, "");
}

/** The stack and project from the first URN of the log (urn:pulumi:<stack>::<project>::...). */
function identify(urns: string[]): { project: string; stack: string } {
    for (const urn of urns) {
        const match = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn);
        if (match) return { stack: match[1], project: match[2] };
    }
    return { stack: "", project: "" };
}

/** A violation as its event says it; the stack and project come from the whole log. */
type Found = Omit<PolicyViolation, "stack" | "project">;

function toViolation(event: Record<string, unknown>, file: string, line: number): Found {
    const text = (key: string) => (typeof event[key] === "string" ? (event[key] as string) : "");
    if (!text("policyName") || !text("message")) throw new EventLogError(file, line, "a policyEvent without policyName or message");
    const message = clean(text("message"));
    const newline = message.indexOf("\n");
    // Without a newline, indexOf's -1 makes this the whole message.
    const detail = message.slice(newline + 1);
    return {
        resourceUrn: text("resourceUrn"),
        policyName: text("policyName"),
        policyPackName: text("policyPackName"),
        policyPackVersion: text("policyPackVersion"),
        enforcementLevel: text("enforcementLevel") === "warning" ? "advisory" : text("enforcementLevel"),
        severity: text("severity"),
        description: newline < 0 ? "" : message.slice(0, newline),
        detail,
        sourceUrl: SOURCE.exec(detail)?.[1],
        ...exemptionOf(detail),
    };
}

// How policies/diagnostics.ts words a finding its exemption covers (an expired one says "expired").
const EXEMPT = / is exempt from policy '[^']*' until (\d{4}-\d{2}-\d{2}) \(reason: (.*?)\)\. Without the exemption: /;

function exemptionOf(detail: string): { exemption?: { until: string; reason: string } } {
    const match = EXEMPT.exec(detail);
    return match ? { exemption: { until: match[1], reason: match[2] } } : {};
}

/** The resource name at the end of a URN, or "(stack)" for stack-wide violations. */
export function resourceName(urn: string): string {
    return urn === "" ? "(stack)" : urn.slice(urn.lastIndexOf("::") + 2);
}

/** "project/stack", or the log file's name when the log names no stack. */
export function stackLabel(run: { project: string; stack: string; file: string }): string {
    return run.stack ? `${run.project}/${run.stack}` : run.file;
}

export function isMandatory(v: PolicyViolation): boolean {
    return v.enforcementLevel === "mandatory" || v.enforcementLevel === "remediate";
}

export const LEVEL_RANK: Record<string, number> = { mandatory: 2, remediate: 2, advisory: 1 };

/** Exit codes, documented in the README; several logs give the first that applies in EXIT_ORDER. */
export const EXIT = { clean: 0, violations: 1, usage: 2, failed: 3, canceled: 4, truncated: 5, noPolicyPack: 6 } as const;
export const STATUS_EXIT: Record<RunStatus, number> = {
    complete: EXIT.clean,
    failed: EXIT.failed,
    canceled: EXIT.canceled,
    truncated: EXIT.truncated,
    "no-policy-pack": EXIT.noPolicyPack,
};
export const EXIT_ORDER = [EXIT.truncated, EXIT.canceled, EXIT.failed, EXIT.noPolicyPack, EXIT.violations, EXIT.clean];

/** One sentence per status, for every format's headline. */
export const STATUS_TEXT: Record<RunStatus, string> = {
    complete: "completed",
    failed: "FAILED before the policy check could finish: the results are incomplete",
    canceled: "was CANCELLED: the results are incomplete",
    truncated: "has a TRUNCATED event log: the results are incomplete",
    "no-policy-pack": "ran NO policy pack: nothing was checked",
};
