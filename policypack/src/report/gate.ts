// The gate: which findings fail the pipeline. --fail-on names enforcement levels (mandatory,
// advisory), severities (low, medium, high, critical: a finding of that severity or more, of any
// level) or none, several joined by commas (any of them fails); --baseline names an earlier report
// whose findings are not new and do not fail. An incomplete run fails whatever the gate says.
import { EventLogError, EXIT, EXIT_ORDER, LEVEL_RANK, type PolicyRun, type PolicyViolation, readEventLog, STATUS_EXIT } from "./eventLog";

const SEVERITY_RANK: Record<string, number> = { low: 1, medium: 2, high: 3, critical: 4 };
export const FAIL_ON_VALUES = ["mandatory", "advisory", "none", "low", "medium", "high", "critical"];

export interface Gate {
    /** The lowest enforcement level that fails (LEVEL_RANK), Infinity for none. */
    level: number;
    /** The lowest severity that fails (SEVERITY_RANK), Infinity for none. */
    severity: number;
    /** Findings of the baseline (findingKey), which never fail. */
    baseline?: Set<string>;
}

export class GateError extends Error {}

export function parseFailOn(value: string): Gate {
    const parts = value.split(",").map((p) => p.trim());
    const unknown = parts.filter((p) => !FAIL_ON_VALUES.includes(p));
    if (unknown.length > 0 || parts.length === 0)
        throw new GateError(
            `--fail-on takes mandatory, advisory, none, low, medium, high or critical (several joined by commas), not '${value}'`,
        );
    if (parts.includes("none") && parts.length > 1) throw new GateError(`--fail-on none cannot be combined with other values ('${value}')`);
    const lowest = (ranks: Record<string, number>) => Math.min(Infinity, ...parts.filter((p) => p in ranks).map((p) => ranks[p]));
    return { level: lowest(LEVEL_RANK), severity: lowest(SEVERITY_RANK) };
}

/** What identifies a finding across runs: its pack, policy and resource (the URN names stack and project). */
export function findingKey(v: { policyPackName: string; policyName: string; resourceUrn: string }): string {
    return `${v.policyPackName}\u0000${v.policyName}\u0000${v.resourceUrn}`;
}

export function fails(v: PolicyViolation, gate: Gate): boolean {
    if (gate.baseline?.has(findingKey(v))) return false;
    if (v.exemption) return false;
    return (LEVEL_RANK[v.enforcementLevel] ?? 0) >= gate.level || (SEVERITY_RANK[v.severity] ?? 0) >= gate.severity;
}

export function exitCode(runs: PolicyRun[], gate: Gate): number {
    const codes = new Set(
        runs.map((r) =>
            r.status !== "complete" ? STATUS_EXIT[r.status] : r.violations.some((v) => fails(v, gate)) ? EXIT.violations : EXIT.clean,
        ),
    );
    return EXIT_ORDER.find((code) => codes.has(code)) ?? EXIT.clean;
}

/**
 * The findings of an earlier report: a SARIF file this tool wrote (its pack runs' results) or an
 * engine event log. A baseline whose run did not complete has no pack runs, so nothing in it
 * counts as known and every finding stays new: a broken baseline never lets a finding through.
 */
/** The parts of a SARIF run a baseline reads; anything may be missing in a file from elsewhere. */
interface SarifRun {
    tool?: { driver?: { name?: unknown } };
    results?: Array<{ ruleId?: unknown; locations?: Array<{ logicalLocations?: Array<{ fullyQualifiedName?: unknown }> }> } | null>;
}

export function readBaseline(text: string, file: string): Set<string> {
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch {
        // Not one JSON document: an event log (JSON lines), or nothing this tool reads.
        return new Set(readEventLog(text, file).violations.map(findingKey));
    }
    const runs = (json as { runs?: unknown } | null)?.runs;
    if (!Array.isArray(runs)) {
        if (json !== null && typeof json === "object" && !Array.isArray(json))
            return new Set(readEventLog(text, file).violations.map(findingKey));
        throw new EventLogError(file, undefined, "not a baseline: expected a SARIF report of uc-policy-report or an engine event log");
    }
    const keys = new Set<string>();
    for (const run of runs as Array<SarifRun | null>) {
        const pack = run?.tool?.driver?.name;
        if (typeof pack !== "string" || !Array.isArray(run?.results)) continue;
        for (const result of run.results) {
            const urn = result?.locations?.[0]?.logicalLocations?.[0]?.fullyQualifiedName;
            if (typeof result?.ruleId === "string" && typeof urn === "string")
                keys.add(findingKey({ policyPackName: pack, policyName: result.ruleId, resourceUrn: urn }));
        }
    }
    return keys;
}
