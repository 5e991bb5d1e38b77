// Reads the JSON-lines engine event log that `pulumi preview|up --event-log FILE` writes (and the
// JSON events of `pulumi policy analyze --json`). A log that is malformed or cut short is an
// error naming the file and line: a partial report that looks complete would hide violations.

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
}

export class EventLogError extends Error {
    constructor(file: string, line: number | undefined, problem: string) {
        super(`${file}${line === undefined ? "" : `:${line}`}: ${problem}`);
        this.name = "EventLogError";
    }
}

const EVENT_FIELDS = new Set([
    "cancelEvent", "stdoutEvent", "diagnosticEvent", "preludeEvent", "summaryEvent", "resourcePreEvent", "resOutputsEvent",
    "resOpFailedEvent", "policyEvent", "policyRemediationEvent", "policyLoadEvent", "policyAnalyzeSummaryEvent",
    "policyRemediateSummaryEvent", "policyAnalyzeStackSummaryEvent", "startDebuggingEvent", "progressEvent", "errorEvent",
]);
const SOURCE = / Source: (https:\/\/\S+)\s*$/;

export function readEventLog(text: string, file: string): PolicyViolation[] {
    const violations: PolicyViolation[] = [];
    const lines = text.split("\n");
    let finished = false;
    let lastLine = 0;
    lines.forEach((line, index) => {
        const lineNumber = index + 1;
        if (line.trim() === "") return;
        lastLine = lineNumber;
        let event: unknown;
        try {
            event = JSON.parse(line);
        } catch (e) {
            throw new EventLogError(file, lineNumber, `not JSON (${(e as Error).message}); is the log truncated or not an engine event log?`);
        }
        if (typeof event !== "object" || event === null || Array.isArray(event)) throw new EventLogError(file, lineNumber, "not an engine event (expected a JSON object)");
        const record = event as Record<string, unknown>;
        const kind = Object.keys(record).find((key) => EVENT_FIELDS.has(key));
        if (!kind) throw new EventLogError(file, lineNumber, "not a Pulumi engine event (no known event field such as policyEvent or summaryEvent)");
        if (kind === "summaryEvent" || kind === "cancelEvent") finished = true;
        if (kind === "policyEvent") violations.push(toViolation(record.policyEvent, file, lineNumber));
    });
    if (lastLine === 0) throw new EventLogError(file, undefined, "the event log is empty; did the pulumi command run with --event-log?");
    if (!finished) throw new EventLogError(file, lastLine, "the log ends here without a summaryEvent or cancelEvent: the run did not finish or the file is truncated, so the report would be incomplete");
    return violations;
}

function toViolation(value: unknown, file: string, line: number): PolicyViolation {
    const event = value as Record<string, unknown> | null;
    const text = (key: string) => (event && typeof event[key] === "string" ? (event[key] as string) : "");
    if (!event || typeof event !== "object" || !text("policyName") || !text("message")) {
        throw new EventLogError(file, line, "a policyEvent without policyName or message");
    }
    const message = text("message").replace(/\s+$/, "");
    const newline = message.indexOf("\n");
    const detail = newline < 0 ? message : message.slice(newline + 1);
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
    };
}

/** The resource name at the end of a URN, or "(stack)" for stack-wide violations. */
export function resourceName(urn: string): string {
    return urn === "" ? "(stack)" : urn.slice(urn.lastIndexOf("::") + 2);
}

export const LEVEL_RANK: Record<string, number> = { mandatory: 2, remediate: 2, advisory: 1 };
