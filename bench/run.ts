// npm run bench: this pack against bench/baseline-pack (one resource policy and one stack policy
// that only read tags), both started as the engine starts them and driven over the analyzer
// protocol, alternating in one run. Prints medians, spread and pack/baseline ratios, and writes
// bench/results.md. Two estates: realistic (5% UC servers) and UC-heavy (50%, a quarter
// non-compliant). Set BENCH_QUICK=1 for a short smoke run; BENCH_STACK_ONLY=1 measures only
// Analyze and AnalyzeStack (1k, 10k, 100k resources; BENCH_ROUNDS rounds, default 1), prints the
// table and writes nothing - for checking that stack validation stays linear after a change.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { AnalyzerProcess, PACK_DIR, REPO_ROOT } from "../test/harness/analyzer";
import { measureCli } from "./cli";
import { type Estate, REALISTIC, UC_HEAVY, workload } from "./workload";

const QUICK = process.env.BENCH_QUICK === "1";
const STACK_ONLY = process.env.BENCH_STACK_ONLY === "1";
const BASELINE_DIR = path.join(REPO_ROOT, "bench", "baseline-pack");
const ROUNDS = QUICK ? 1 : STACK_ONLY ? Number(process.env.BENCH_ROUNDS ?? 1) : 5;
const STARTS = QUICK ? 2 : 10;
const ANALYZE_RESOURCES = QUICK ? 1_000 : 10_000;
const STACK_SIZES = QUICK ? [1_000, 10_000] : [1_000, 10_000, 100_000];
// The UC-heavy estate is the worst case for the pack's own work; linearity is measured on the realistic one.
const ESTATES: Array<{ estate: Estate; stackSizes: number[] }> = [
    { estate: REALISTIC, stackSizes: STACK_SIZES },
    { estate: UC_HEAVY, stackSizes: [1_000, 10_000] },
];

type Side = "pack" | "baseline";
const dirs: Record<Side, string> = { pack: PACK_DIR, baseline: BASELINE_DIR };
const samples = new Map<string, Record<Side, number[]>>();

function record(metric: string, side: Side, value: number) {
    if (!samples.has(metric)) samples.set(metric, { pack: [], baseline: [] });
    samples.get(metric)![side].push(value);
}

const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const now = () => Number(process.hrtime.bigint()) / 1e6;

async function started(side: Side): Promise<AnalyzerProcess> {
    const analyzer = await AnalyzerProcess.start(dirs[side]);
    await analyzer.configureStack({ tags: {} });
    await analyzer.getAnalyzerInfo();
    await analyzer.configure({});
    return analyzer;
}

async function measureReady() {
    for (let i = 0; i < STARTS; i++) {
        for (const side of (i % 2 ? ["baseline", "pack"] : ["pack", "baseline"]) as Side[]) {
            const analyzer = await AnalyzerProcess.start(dirs[side]);
            record("ready time (spawn to port), ms", side, analyzer.readyMilliseconds);
            await analyzer.stop();
        }
    }
}

/** Analyze calls the way the engine sends them while a program registers resources: concurrently. */
async function analyzeAll(analyzer: AnalyzerProcess, resources: ReturnType<typeof workload>, concurrency = 16) {
    let next = 0;
    await Promise.all(
        Array.from({ length: concurrency }, async () => {
            while (next < resources.length) await analyzer.analyze(resources[next++]);
        }),
    );
}

// Each side replays the engine's order: Analyze every resource, then AnalyzeStack. Only the timed
// parts are measured; the stacks of different sizes share their first resources.
async function measureRound(round: number, estate: Estate, stackSizes: number[]) {
    const largest = workload(Math.max(...stackSizes, ANALYZE_RESOURCES), estate);
    const analyzeSet = largest.slice(0, ANALYZE_RESOURCES);
    const stackRequests = stackSizes.map((size) => ({ size, request: AnalyzerProcess.analyzeStackRequest(largest.slice(0, size)) }));
    const label = (metric: string) => `${metric}, ${estate.name}`;
    for (const side of (round % 2 ? ["baseline", "pack"] : ["pack", "baseline"]) as Side[]) {
        const analyzer = await started(side);
        for (const r of analyzeSet.slice(0, 200)) await analyzer.analyze(r); // warm-up
        const t0 = now();
        for (const r of analyzeSet) await analyzer.analyze(r);
        record(label(`Analyze, µs per resource (${ANALYZE_RESOURCES} resources)`), side, ((now() - t0) * 1000) / analyzeSet.length);
        let analyzed = ANALYZE_RESOURCES;
        for (const { size, request } of stackRequests) {
            if (size > analyzed) {
                await analyzeAll(analyzer, largest.slice(analyzed, size));
                analyzed = size;
            }
            await analyzer.sendAnalyzeStack(request); // warm-up at this size
            // Small stacks are quick and noisy: several timed calls each (every call is a sample).
            for (let call = 0; call < Math.max(1, Math.floor(20_000 / size)); call++) {
                const t1 = now();
                await analyzer.sendAnalyzeStack(request);
                record(label(`AnalyzeStack, ms (${size} resources)`), side, now() - t1);
            }
        }
        record(label("peak memory (VmHWM), MB"), side, analyzer.peakRssBytes() / 2 ** 20);
        await analyzer.stop();
    }
}

function versions() {
    const v = (name: string) => JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), "utf8")).version;
    return `node ${process.version}, @pulumi/pulumi ${v("@pulumi/pulumi")}, @pulumi/policy ${v("@pulumi/policy")}`;
}

function report(): string {
    const lines = [
        "| Metric | Pack median | Pack spread (min-max) | Baseline median | Baseline spread | Pack/baseline |",
        "|---|---|---|---|---|---|",
    ];
    for (const [metric, { pack, baseline }] of samples) {
        const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(2));
        const spread = (xs: number[]) => `${fmt(Math.min(...xs))}-${fmt(Math.max(...xs))}`;
        const ratio = metric.startsWith("peak memory")
            ? `+${(median(pack) - median(baseline)).toFixed(1)} MB`
            : `${(median(pack) / median(baseline)).toFixed(2)}x`;
        lines.push(`| ${metric} | ${fmt(median(pack))} | ${spread(pack)} | ${fmt(median(baseline))} | ${spread(baseline)} | ${ratio} |`);
    }
    const stack = (size: number) => samples.get(`AnalyzeStack, ms (${size} resources), ${REALISTIC.name}`);
    if (stack(100_000) && stack(10_000)) {
        lines.push(
            "",
            `Linearity (${REALISTIC.name}): AnalyzeStack 100k / 10k = ${(median(stack(100_000)!.pack) / median(stack(10_000)!.pack)).toFixed(1)}x for the pack, ${(median(stack(100_000)!.baseline) / median(stack(10_000)!.baseline)).toFixed(1)}x for the baseline (10x is linear).`,
        );
    }
    return lines.join("\n");
}

async function main() {
    const started = new Date();
    if (!STACK_ONLY) await measureReady();
    for (let round = 0; round < ROUNDS; round++) {
        process.stderr.write(`bench: round ${round + 1}/${ROUNDS}\n`);
        for (const { estate, stackSizes } of ESTATES) await measureRound(round, estate, stackSizes);
    }
    if (!STACK_ONLY) {
        process.stderr.write("bench: the real CLI\n");
        measureCli(record, QUICK ? 1 : 5, QUICK ? 1_000 : 10_000);
    }
    const table = report();
    process.stdout.write(`${table}\n`);
    if (QUICK || STACK_ONLY) return;
    const cpu = os.cpus();
    const header = [
        "# Benchmark results",
        "",
        `Written by \`npm run bench\` on ${started.toISOString().slice(0, 16).replace("T", " ")} UTC: ${cpu.length} x ${cpu[0]?.model ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}; ${versions()}.`,
        `Both packs are started as the engine starts them and driven over the analyzer protocol, alternating; ${STARTS} starts each, ${ROUNDS} rounds of Analyze/AnalyzeStack. The workloads (bench/workload.ts): ${ESTATES.map((e) => e.estate.name).join("; ")}; UC servers across providers, with Exchange UM declared.`,
        "",
        "",
    ];
    const extra = fs.existsSync(path.join(REPO_ROOT, "bench", "notes.md"))
        ? `\n${fs.readFileSync(path.join(REPO_ROOT, "bench", "notes.md"), "utf8")}`
        : "";
    fs.writeFileSync(path.join(REPO_ROOT, "bench", "results.md"), `${header.join("\n")}${table}\n${extra}`);
}

main().catch((e) => {
    process.stderr.write(`bench: ${e.stack ?? e}\n`);
    process.exit(1);
});
