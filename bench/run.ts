// npm run bench: the pack against the fair floor (bench/floor-pack: as many policies as the
// catalog, registered as the pack registers them, each only reading tags; one and two stack passes)
// and the one-pass baseline (bench/baseline-pack: one resource and one stack policy), all started
// as the engine starts them and sent what the engine sends (bench/engine.ts: Remediate then Analyze
// for every resource - the stack and providers included - with its provider resource and options;
// AnalyzeStack with parents, dependencies and property dependencies), alternating in one run.
//
// Measured per phase: CPU time of the analyzer process (every thread, /proc) and wall time;
// start-up (spawn to port: wall, and the CPU the process used by then); peak memory (VmHWM);
// AnalyzeStack as the mean per call of each round's calls (see measureSide). Printed
// as best of N with median and spread (min-max), and pack/floor ratios against the floor with as
// many stack passes as the pack's AnalyzeStack responses show, next to the targets of issue 23.
//
// Environment: BENCH_QUICK=1 a short smoke run (1 round, 1k/10k, writes nothing); BENCH_ROUNDS,
// BENCH_STARTS, BENCH_ANALYZE and BENCH_LARGE_ROUNDS (rounds with the 100k stack, default 3) override the counts; BENCH_CLI=1 adds the real CLI part (bench/cli.ts);
// BENCH_REPORT=0 leaves out the report tool's part (bench/report.ts; =1 adds it to a quick run).
// A full run writes bench/results.md (these tables, then bench/notes.md).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { measureCli } from "./cli";
import { EnginePack, REPO_ROOT, resourceRequest, type StackDiagnostic, type StackResponse, stackEntry, stackRequest } from "./engine";
import { measureReports } from "./report";
import { type Estate, engineEstate, REALISTIC, UC_HEAVY, workload } from "./workload";

const QUICK = process.env.BENCH_QUICK === "1";
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 1 : 5));
const STARTS = Number(process.env.BENCH_STARTS ?? (QUICK ? 2 : 10));
const ANALYZE_RESOURCES = Number(process.env.BENCH_ANALYZE ?? (QUICK ? 2_000 : 10_000));
const WARM_UP = 200;
/** Resources AnalyzeStack reads per side, stack size and round: 40 calls of the 1k stack, 4 of the 10k, 1 of the 100k. */
const STACK_CALL_BUDGET = 40_000;
const LARGE = 100_000;
const LARGE_ROUNDS = Number(process.env.BENCH_LARGE_ROUNDS ?? Math.min(3, ROUNDS));
const ESTATES: Array<{ estate: Estate; stackSizes: number[] }> = [
    { estate: REALISTIC, stackSizes: QUICK ? [1_000, 10_000] : [1_000, 10_000, 100_000] },
    // The UC-heavy estate is the worst case for the pack's own work; linearity is measured on the realistic one.
    { estate: UC_HEAVY, stackSizes: QUICK ? [1_000] : [1_000, 10_000] },
];

// "echo" is the floor that says what the pack says (bench/floor-pack FLOOR_ECHO): not a target's
// floor, it splits the pack's AnalyzeStack cost into the SDK's cost of returning the pack's findings
// and the pack's own work. The pack runs before it in every round (rotate keeps the pack first in
// round 0, and later rounds reuse round 0's recording).
type Side = "pack" | "floor1" | "floor2" | "baseline" | "echo";
const SIDES: Side[] = ["pack", "floor1", "floor2", "baseline", "echo"];
const SIDE_NAMES: Record<Side, string> = {
    pack: "Pack",
    floor1: "Floor, 1 stack pass",
    floor2: "Floor, 2 stack passes",
    baseline: "One-pass baseline",
    echo: "Floor saying what the pack says",
};
const FLOOR_DIR = path.join(REPO_ROOT, "bench", "floor-pack");
const PACKS: Record<Side, { dir: string; env: NodeJS.ProcessEnv }> = {
    pack: { dir: path.join(REPO_ROOT, "policypack"), env: {} },
    floor1: { dir: FLOOR_DIR, env: { FLOOR_STACK_PASSES: "1" } },
    floor2: { dir: FLOOR_DIR, env: { FLOOR_STACK_PASSES: "2" } },
    baseline: { dir: path.join(REPO_ROOT, "bench", "baseline-pack"), env: {} },
    // FLOOR_ECHO is set per estate (measureSide); the followers that read the stack are the pack's.
    echo: { dir: FLOOR_DIR, env: { FLOOR_STACK_PASSES: "1" } },
};

interface Metric {
    name: string;
    /** What the pack is compared with: a target ratio, or an allowance in MB over the floor. */
    target?: { ratio?: number; plusMegabytes?: number };
    /** The pack's stack passes this metric was measured with (AnalyzeStack): picks the floor. */
    passes?: Set<number>;
    samples: Record<Side, number[]>;
}
const metrics = new Map<string, Metric>();

/** The metric of that name, created (with its target) the first time it is named: the tables keep that order. */
function metricNamed(name: string, target?: Metric["target"]): Metric {
    let metric = metrics.get(name);
    if (!metric) {
        metric = { name, target, samples: { pack: [], floor1: [], floor2: [], baseline: [], echo: [] } };
        metrics.set(name, metric);
    }
    return metric;
}

function record(name: string, side: Side, value: number, target?: Metric["target"]) {
    const metric = metricNamed(name, target);
    metric.samples[side].push(value);
    return metric;
}

const now = () => Number(process.hrtime.bigint()) / 1e6;
const rotate = <T>(xs: T[], by: number) => xs.map((_, i) => xs[(i + by) % xs.length]);
const loadAverage = () =>
    os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(", ");

async function measureStarts() {
    for (let i = 0; i < STARTS; i++) {
        for (const side of rotate(SIDES, i)) {
            const pack = await EnginePack.start(PACKS[side].dir, PACKS[side].env);
            record("start-up: spawn to port, wall ms", side, pack.readyMilliseconds, { ratio: 1.05 });
            record("start-up: CPU ms until the port", side, pack.readyCpuMilliseconds, { ratio: 1.05 });
            await pack.stop();
        }
    }
}

interface Prepared {
    estate: Estate;
    stackSizes: number[];
    /** The stack and providers before the program's resources. */
    header: number;
    registrations: Buffer[];
    stacks: Array<{ size: number; request: Buffer }>;
    /** What the pack said on each stack (by resources in the request), for the echo floor; written to `echoFile`. */
    said: Record<number, { ran: string[]; diagnostics: Record<string, EchoedViolation[]>; count: number; fingerprint: string }>;
    echoFile: string;
}

function prepare(estate: Estate, stackSizes: number[]): Prepared {
    const largest = Math.max(...stackSizes, ANALYZE_RESOURCES + WARM_UP);
    const resources = engineEstate(workload(largest, estate));
    const header = resources.length - largest;
    const entries = resources.slice(0, header + Math.max(...stackSizes)).map(stackEntry);
    return {
        estate,
        stackSizes,
        header,
        registrations: resources.map(resourceRequest),
        stacks: stackSizes.map((size) => ({ size, request: stackRequest(entries.slice(0, header + size)) })),
        said: {},
        echoFile: path.join(fs.mkdtempSync(path.join(os.tmpdir(), "uc-bench-echo-")), `${estate.name.replace(/\W+/g, "-")}.json`),
    };
}

/** Remediate and Analyze for resources [from, to), `concurrency` resources at a time (the engine registers concurrently). */
async function registerAll(pack: EnginePack, requests: Buffer[], from: number, to: number, concurrency = 16) {
    let next = from;
    await Promise.all(
        Array.from({ length: concurrency }, async () => {
            while (next < to) await pack.register(requests[next++]);
        }),
    );
}

// One side through one engine operation: Remediate + Analyze of every resource in registration
// order (a warm-up, then a timed run of ANALYZE_RESOURCES one at a time), then AnalyzeStack at each
// size, the resources it holds registered first (the engine analyzes every resource before the stack).
async function measureSide(side: Side, p: Prepared, round: number) {
    const label = (name: string) => `${name}, ${p.estate.name}`;
    const began = now();
    if (side === "echo" && Object.keys(p.said).length === 0) {
        process.stderr.write("bench:   the echo floor has no recording of the pack yet: not measured this round\n");
        return;
    }
    const env = side === "echo" ? { ...PACKS.echo.env, FLOOR_ECHO: p.echoFile } : PACKS[side].env;
    const pack = await EnginePack.start(PACKS[side].dir, env);
    const policies = await pack.open();
    const warm = p.header + WARM_UP;
    await registerAll(pack, p.registrations, 0, warm, 1);
    const cpu0 = pack.cpuMilliseconds();
    const t0 = now();
    await registerAll(pack, p.registrations, warm, warm + ANALYZE_RESOURCES, 1);
    const perResource = (ms: number) => (ms * 1000) / ANALYZE_RESOURCES;
    record(label("Remediate + Analyze, CPU µs per resource"), side, perResource(pack.cpuMilliseconds() - cpu0), { ratio: 1.05 });
    record(label("Remediate + Analyze, wall µs per resource"), side, perResource(now() - t0));
    let registered = warm + ANALYZE_RESOURCES;
    // The largest stacks (100k: minutes per side, most of them registering the resources) in the first LARGE_ROUNDS rounds only.
    const stacks = p.stacks.filter(({ size }) => size < LARGE || round < LARGE_ROUNDS);
    for (const { size, request } of stacks) {
        if (p.header + size > registered) {
            await registerAll(pack, p.registrations, registered, p.header + size);
            registered = p.header + size;
        }
        // Small stacks are quick: a warm-up, then several timed calls, whose mean is the round's
        // sample. The mean charges each side the garbage collection its calls cause: a scavenge of
        // about 30 ms falls in roughly every other 1k call, so the best single call measured which
        // side was spared one, not which costs less. The single calls are kept beside it. The
        // largest stack is called once, as the engine calls it once per operation.
        const calls = Math.max(1, Math.floor(STACK_CALL_BUDGET / size));
        if (calls > 1) await pack.analyzeStack(request);
        const cpuMetric = metricNamed(label(`AnalyzeStack ${size}, CPU ms`), { ratio: 1.1 });
        const wallMetric = metricNamed(label(`AnalyzeStack ${size}, wall ms`));
        const singleCalls = calls > 1 ? metricNamed(label(`AnalyzeStack ${size}, CPU ms, single calls`)) : undefined;
        const cpu0 = pack.cpuMilliseconds();
        const t0 = now();
        const stackResources = p.header + size;
        for (let call = 0; call < calls; call++) {
            const cpu = pack.cpuMilliseconds();
            // The pack's first response on each stack is recorded for the echo floor (read out of the
            // response in this process, so not charged to the pack's CPU).
            const recording = side === "pack" && !p.said[stackResources];
            const response = await pack.analyzeStack(request, recording || (side === "echo" && call === 0));
            singleCalls?.samples[side].push(pack.cpuMilliseconds() - cpu);
            if (side === "pack") {
                cpuMetric.passes ??= new Set();
                cpuMetric.passes.add(policies - response.skipped.length);
                if (singleCalls) singleCalls.passes = cpuMetric.passes;
            }
            if (recording) recordWhatThePackSaid(p, stackResources, pack.policyNames, response);
            if (side === "echo") checkEcho(p.said[stackResources], response, policies);
        }
        cpuMetric.samples[side].push((pack.cpuMilliseconds() - cpu0) / calls);
        wallMetric.samples[side].push((now() - t0) / calls);
    }
    // Peak memory is compared after the same largest stack only.
    if (stacks.length === p.stacks.length) {
        record(label(`peak memory (VmHWM) after AnalyzeStack ${Math.max(...p.stackSizes)}, MB`), side, pack.peakMegabytes(), {
            plusMegabytes: 15,
        });
    }
    await pack.stop();
    process.stderr.write(`bench:   ${SIDE_NAMES[side]}: ${((now() - began) / 1000).toFixed(0)} s\n`);
}

/** A violation as the pack's policy reported it: an advisory one as the object form, verbatim; else the string after the SDK's description prefix. */
type EchoedViolation = { advisory: true; message: string; urn: string } | { advisory: false; reported: string; urn: string };

function asReported({ description, message, urn, advisory }: StackDiagnostic): EchoedViolation {
    if (advisory) return { advisory, message, urn };
    // Undone here, not in the floor, so that the floor's measured work is only the report call.
    if (!message.startsWith(`${description}\n`))
        throw new Error(`a mandatory diagnostic of the pack does not start with its policy's description: ${message}`);
    return { advisory, reported: message.slice(description.length + 1), urn };
}

/** The pack's diagnostics and the policies that read the stack, by stack size, for the echo floor (bench/floor-pack FLOOR_ECHO). */
function recordWhatThePackSaid(p: Prepared, stackResources: number, policyNames: string[], response: StackResponse) {
    const diagnostics: Prepared["said"][number]["diagnostics"] = {};
    for (const said of response.said ?? []) {
        diagnostics[said.policyName] ??= [];
        diagnostics[said.policyName].push(asReported(said));
    }
    const skipped = new Set(response.skipped);
    const ran = policyNames.filter((name) => !skipped.has(name));
    if (ran.length + skipped.size !== policyNames.length)
        throw new Error("the pack's AnalyzeStack response names policies it did not register");
    p.said[stackResources] = { ran, diagnostics, count: response.diagnostics, fingerprint: fingerprint(response) };
    fs.writeFileSync(p.echoFile, JSON.stringify(p.said));
}

/** A response's diagnostics as the engine shows them (URN, level, message), in a fixed order: the echo floor's must be the pack's. */
function fingerprint(response: StackResponse): string {
    return (response.said ?? [])
        .map((d) => `${d.urn} ${d.advisory} ${d.message}`)
        .sort()
        .join("\n");
}

/** The echo floor read the stack as often as the pack did and said as much, or its figures mean nothing. */
function checkEcho(said: Prepared["said"][number] | undefined, response: StackResponse, policies: number) {
    const passes = policies - response.skipped.length;
    const sameWords = !response.said || fingerprint(response) === said?.fingerprint;
    if (!said || response.diagnostics !== said.count || passes !== said.ran.length || !sameWords)
        throw new Error(
            `the echo floor read the stack ${passes} times and said ${response.diagnostics} diagnostics${sameWords ? "" : " in other words"}; the pack ${said?.ran.length} and ${said?.count}`,
        );
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => {
    const s = sorted(xs);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const best = (xs: number[]) => Math.min(...xs);
/** A difference in MB with its sign: +8.6, -3.1. */
const signed = (x: number) => `${x < 0 ? "-" : "+"}${Math.abs(x).toFixed(1)}`;
const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

/** The floor a metric is judged against: as many stack passes as the pack made (AnalyzeStack), else one. */
function floorOf(metric: Metric): Side | undefined {
    const passes = metric.passes ?? passesForMemory(metric);
    if (!passes) return "floor1";
    if (passes.size !== 1) return undefined;
    const [n] = passes;
    return n === 1 ? "floor1" : n === 2 ? "floor2" : undefined;
}

function passesForMemory(metric: Metric): Set<number> | undefined {
    if (!metric.name.startsWith("peak memory")) return undefined;
    // Memory is judged against the floor with the stack passes of the largest stack of that estate.
    const estate = metric.name.slice(metric.name.indexOf(", MB, ") + ", MB, ".length);
    const size = /after AnalyzeStack (\d+)/.exec(metric.name)?.[1];
    return metrics.get(`AnalyzeStack ${size}, CPU ms, ${estate}`)?.passes;
}

function cell(xs: number[]): string {
    if (xs.length === 0) return "-";
    return `${fmt(best(xs))} / ${fmt(median(xs))} (${fmt(best(xs))}-${fmt(Math.max(...xs))})`;
}

function verdict(metric: Metric, floor: Side | undefined): { ratio: string; target: string; met: string } {
    const pack = metric.samples.pack;
    if (!floor || metric.samples[floor].length === 0 || pack.length === 0) {
        const passes = metric.passes ? [...metric.passes].join(" and ") : "?";
        return { ratio: `no floor with ${passes} passes`, target: "-", met: "-" };
    }
    const f = metric.samples[floor];
    if (metric.target?.plusMegabytes !== undefined) {
        const over = best(pack) - best(f);
        return {
            ratio: `${signed(over)} MB (median ${signed(median(pack) - median(f))})`,
            target: `<= +${metric.target.plusMegabytes} MB`,
            met: over <= metric.target.plusMegabytes ? "yes" : "no",
        };
    }
    const ratio = best(pack) / best(f);
    const target = metric.target?.ratio;
    return {
        ratio: `${ratio.toFixed(2)}x (median ${(median(pack) / median(f)).toFixed(2)}x)`,
        target: target ? `<= ${target.toFixed(2)}x` : "-",
        met: target ? (ratio <= target ? "yes" : "no") : "-",
    };
}

function report(): string {
    const lines = [
        "Each side: best / median (min-max) of its samples. Pack/floor: best over best (median over median), against the floor",
        "with as many stack passes as the pack made (the column named in brackets). AnalyzeStack CPU and wall ms: one sample per",
        `side and round, the mean of that round's calls (${STACK_CALL_BUDGET.toLocaleString("en")} resources' worth: ${ESTATES[0].stackSizes.map((size) => `${Math.max(1, Math.floor(STACK_CALL_BUDGET / size))} of the ${size}`).join(", ")}),`,
        "so each side is charged the garbage collection its calls cause; the single calls are the rows marked so, not judged.",
        "",
        `| Metric | ${SIDES.map((s) => SIDE_NAMES[s]).join(" | ")} | Pack/floor | Target | Met | Pack/baseline (median) |`,
        `|---|${SIDES.map(() => "---").join("|")}|---|---|---|---|`,
    ];
    for (const metric of metrics.values()) {
        const floor = floorOf(metric);
        const v = verdict(metric, floor);
        const passes = metric.passes ? ` [${[...metric.passes].join("/")} pass${metric.passes.has(1) ? "" : "es"}]` : "";
        const baseline = metric.samples.baseline;
        const vsBaseline = metric.name.startsWith("peak memory")
            ? `${signed(median(metric.samples.pack) - median(baseline))} MB`
            : `${(median(metric.samples.pack) / median(baseline)).toFixed(2)}x`;
        lines.push(
            `| ${metric.name}${passes} | ${SIDES.map((s) => cell(metric.samples[s])).join(" | ")} | ${v.ratio}${floor ? ` [${SIDE_NAMES[floor]}]` : ""} | ${v.target} | ${v.met} | ${baseline.length ? vsBaseline : "-"} |`,
        );
    }
    lines.push("", ...ownWork(), "", ...linearity());
    return lines.join("\n");
}

/**
 * AnalyzeStack and memory against the floor that says what the pack says: the SDK's cost of building,
 * holding and serialising the pack's diagnostics is on both sides, so the ratio is the pack's own
 * work (reading, rules, wording). Not a target of issue 23, whose floor says nothing.
 */
function ownWork(): string[] {
    const lines = [
        "The pack's own work: AnalyzeStack against the floor that reads tags and returns the pack's own diagnostics (bench/floor-pack FLOOR_ECHO, the same policies reading the stack). Not judged: the targets' floor returns nothing.",
        "",
        "| Metric | Pack | Floor saying what the pack says | Pack/that floor | Pack/floor, same passes, as above |",
        "|---|---|---|---|---|",
    ];
    for (const metric of metrics.values()) {
        if (!/^AnalyzeStack \d+, CPU ms|^peak memory/.test(metric.name)) continue;
        const pack = metric.samples.pack;
        const echo = metric.samples.echo;
        if (pack.length === 0 || echo.length === 0) continue;
        const judged = verdict(metric, floorOf(metric)).ratio;
        const against = metric.name.startsWith("peak memory")
            ? `${signed(best(pack) - best(echo))} MB (median ${signed(median(pack) - median(echo))})`
            : `${(best(pack) / best(echo)).toFixed(2)}x (median ${(median(pack) / median(echo)).toFixed(2)}x)`;
        lines.push(`| ${metric.name} | ${cell(pack)} | ${cell(echo)} | ${against} | ${judged} |`);
    }
    return lines;
}

/** AnalyzeStack CPU per resource at each size of the realistic estate, and the 100k/10k and 10k/1k ratios. */
function linearity(): string[] {
    const at = (side: Side, size: number) => metrics.get(`AnalyzeStack ${size}, CPU ms, ${REALISTIC.name}`)?.samples[side] ?? [];
    // A run without the largest stack (BENCH_LARGE_ROUNDS=0) shows the sizes it measured.
    const sizes = ESTATES[0].stackSizes.filter((size) => at("pack", size).length > 0);
    const lines = [
        `Linearity (${REALISTIC.name}): AnalyzeStack CPU per resource, µs (best), and the best CPU time's growth (10x more resources: 10x is linear).`,
        "",
        `| Side | ${sizes.map((s) => `${s}`).join(" | ")} | ${sizes
            .slice(1)
            .map((s, i) => `${s}/${sizes[i]}`)
            .join(" | ")} |`,
        `|---|${sizes.map(() => "---").join("|")}|${sizes
            .slice(1)
            .map(() => "---")
            .join("|")}|`,
    ];
    for (const side of SIDES) {
        if (at(side, sizes[0]).length === 0) continue;
        const perResource = sizes.map((s) => fmt((best(at(side, s)) * 1000) / s));
        const growth = sizes.slice(1).map((s, i) => `${(best(at(side, s)) / best(at(side, sizes[i]))).toFixed(1)}x`);
        lines.push(`| ${SIDE_NAMES[side]} | ${perResource.join(" | ")} | ${growth.join(" | ")} |`);
    }
    return lines;
}

function versions() {
    const v = (name: string) => JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), "utf8")).version;
    return `node ${process.version}, @pulumi/pulumi ${v("@pulumi/pulumi")}, @pulumi/policy ${v("@pulumi/policy")}`;
}

async function main() {
    const started = new Date();
    const loadBefore = loadAverage();
    process.stderr.write(`bench: load average ${loadBefore}; ${STARTS} starts per side, ${ROUNDS} rounds\n`);
    const prepared = ESTATES.map(({ estate, stackSizes }) => prepare(estate, stackSizes));
    await measureStarts();
    for (let round = 0; round < ROUNDS; round++) {
        for (const p of prepared) {
            process.stderr.write(`bench: round ${round + 1}/${ROUNDS}, ${p.estate.name}\n`);
            for (const side of rotate(SIDES, round)) await measureSide(side, p, round);
        }
    }
    if (process.env.BENCH_CLI === "1") {
        process.stderr.write("bench: the real CLI\n");
        measureCli(
            (metric, side, value) => record(metric, side === "pack" ? "pack" : "baseline", value),
            QUICK ? 1 : 5,
            QUICK ? 1_000 : 10_000,
        );
    }
    const loadAnalyzer = loadAverage();
    let table = report();
    if (process.env.BENCH_REPORT === "1" || (!QUICK && process.env.BENCH_REPORT !== "0")) {
        table += `\n\n## The report tool: uc-policy-report on event logs of 1k, 10k and 100k resources\n\n${measureReports()}`;
    }
    const loadAfter = loadAverage();
    process.stdout.write(`${table}\n\nload average before ${loadBefore}, after the analyzer part ${loadAnalyzer}, after ${loadAfter}\n`);
    if (QUICK) return;
    const cpu = os.cpus();
    const header = [
        "# Benchmark results",
        "",
        `Written by \`npm run bench\` on ${started.toISOString().slice(0, 16).replace("T", " ")} UTC (${((Date.now() - started.getTime()) / 60_000).toFixed(0)} min): ${cpu.length} x ${cpu[0]?.model ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}; ${versions()}. Load average (1, 5, 15 min) before the run ${loadBefore}, after the analyzer part ${loadAnalyzer}, at the end ${loadAfter}.`,
        `Every pack started as the engine starts it and sent what the engine sends (bench/engine.ts), alternating; ${STARTS} starts each, ${ROUNDS} rounds of Remediate + Analyze (${ANALYZE_RESOURCES} resources timed, one at a time) and AnalyzeStack (the ${LARGE}-resource stack in the first ${LARGE_ROUNDS}). CPU: the analyzer process's, every thread. Workloads (bench/workload.ts): ${ESTATES.map((e) => `${e.estate.name} (stacks of ${e.stackSizes.join(", ")})`).join("; ")}.`,
        "",
        "",
    ];
    const notes = path.join(REPO_ROOT, "bench", "notes.md");
    const extra = fs.existsSync(notes) ? `\n${fs.readFileSync(notes, "utf8")}` : "";
    fs.writeFileSync(path.join(REPO_ROOT, "bench", "results.md"), `${header.join("\n")}${table}\n${extra}`);
}

main().catch((e) => {
    process.stderr.write(`bench: ${e.stack ?? e}\n`);
    process.exit(1);
});
