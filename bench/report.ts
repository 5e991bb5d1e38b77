// The report tool at scale: `uc-policy-report` (policypack/bin/report/cli.js, as users run it) on
// event logs of 1k, 10k and 100k resources (bench/reportEstate.ts: scaled from a real CLI log, 5%
// failing UC servers) for every format, and the inventory also from a stack export of as many
// resources (bench/cli.ts stackExport of bench/workload.ts's realistic estate). Each run under
// /usr/bin/time: wall and CPU time (user + system), peak memory, and the report's size; best of
// the rounds. `npm run bench:report` prints the table; `npm run bench` adds it to bench/results.md.
// BENCH_REPORT_SIZES (comma-separated) and BENCH_REPORT_ROUNDS override the defaults.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stackExport } from "./cli";
import { REPO_ROOT } from "./engine";
import { writeScaledEventLog } from "./reportEstate";
import { REALISTIC, workload } from "./workload";

const CLI = path.join(REPO_ROOT, "policypack", "bin", "report", "cli.js");
const PROJECT = ["--project-dir", path.join("test", "fixtures", "report")];

interface Format {
    name: string;
    args: (log: string, exported: string) => string[];
}

const FORMATS: Format[] = [
    { name: "sarif", args: (log) => ["sarif", ...PROJECT, log] },
    { name: "junit", args: (log) => ["junit", ...PROJECT, log] },
    { name: "codequality", args: (log) => ["codequality", ...PROJECT, log] },
    { name: "annotations", args: (log) => ["annotations", ...PROJECT, log] },
    { name: "markdown (default --max-chars 65536)", args: (log) => ["markdown", ...PROJECT, log] },
    { name: "markdown --max-chars 0 (whole)", args: (log) => ["markdown", "--max-chars", "0", ...PROJECT, log] },
    { name: "inventory markdown (event log)", args: (log) => ["inventory", log] },
    { name: "inventory csv (event log)", args: (log) => ["inventory", "--format", "csv", log] },
    { name: "inventory json (event log)", args: (log) => ["inventory", "--format", "json", log] },
    { name: "inventory json (--stack-export)", args: (_log, exported) => ["inventory", "--format", "json", "--stack-export", exported] },
];

interface Sample {
    wall: number;
    cpu: number;
    peakMegabytes: number;
    bytes: number;
}

function runOnce(args: string[], output: string): Sample {
    const result = spawnSync("/usr/bin/time", ["-f", "%e %U %S %M", process.execPath, CLI, ...args, "--output", output], {
        cwd: REPO_ROOT,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
    });
    // 0 or 1 (violations at the gate) are complete runs; anything else is a failure of the benchmark.
    if (result.status !== 0 && result.status !== 1)
        throw new Error(`uc-policy-report ${args.join(" ")} exited ${result.status}: ${result.stderr.slice(-2000)}`);
    const [wall, user, system, maxKb] = result.stderr.trim().split("\n").pop()!.split(" ").map(Number);
    return { wall, cpu: user + system, peakMegabytes: maxKb / 1024, bytes: fs.statSync(output).size };
}

export function measureReports(sizes = defaultSizes(), rounds = Number(process.env.BENCH_REPORT_ROUNDS ?? 3)): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "uc-bench-report-"));
    const results = new Map<string, Map<number, Sample>>();
    const logs = new Map<number, { resources: number; bytes: number }>();
    try {
        // The sample itself (11 resources) first: the fixed cost (Node.js, loading the tool and
        // the catalog), taken off each size's time for the cost per resource.
        for (const size of [0, ...sizes]) {
            const log = writeScaledEventLog(path.join(dir, `estate-${size}.jsonl`), size);
            logs.set(size, log);
            const exported = path.join(dir, `export-${size}.json`);
            fs.writeFileSync(exported, JSON.stringify(stackExport(workload(log.resources, REALISTIC))));
            process.stderr.write(`bench: report tool, ${log.resources} resources (${(log.bytes / 2 ** 20).toFixed(0)} MB log)\n`);
            for (const format of FORMATS) {
                const samples: Sample[] = [];
                for (let round = 0; round < rounds; round++) samples.push(runOnce(format.args(log.file, exported), path.join(dir, "out")));
                const best = samples.reduce((a, b) => (b.cpu < a.cpu ? b : a));
                if (!results.has(format.name)) results.set(format.name, new Map());
                results.get(format.name)!.set(size, best);
            }
            fs.rmSync(log.file);
            fs.rmSync(exported);
        }
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
    const first = sizes[0];
    const last = sizes[sizes.length - 1];
    const lines = [
        `Each cell: CPU s (wall s), CPU µs per resource beyond the fixed cost, peak MB, report size; best of ${rounds} by CPU. The fixed cost is the format's CPU time on the unscaled sample (${logs.get(0)!.resources} resources: starting Node.js, loading the tool and the catalog). Event logs: ${sizes
            .map((s) => `${logs.get(s)!.resources} resources, ${(logs.get(s)!.bytes / 2 ** 20).toFixed(1)} MB`)
            .join("; ")}.`,
        "",
        `| Format | Fixed cost | ${sizes.map((s) => `${s} resources`).join(" | ")} | CPU per resource, ${last} / ${first} |`,
        `|---|---|${sizes.map(() => "---").join("|")}|---|`,
    ];
    const size = (bytes: number) => (bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`);
    for (const [name, bySize] of results) {
        const perResource = (s: number) =>
            ((bySize.get(s)!.cpu - bySize.get(0)!.cpu) * 1e6) / (logs.get(s)!.resources - logs.get(0)!.resources);
        const cells = sizes.map((s) => {
            const r = bySize.get(s)!;
            return `${r.cpu.toFixed(2)} s (${r.wall.toFixed(2)} s), ${perResource(s).toFixed(0)} µs, ${r.peakMegabytes.toFixed(0)} MB, ${size(r.bytes)}`;
        });
        lines.push(
            `| ${name} | ${bySize.get(0)!.cpu.toFixed(2)} s | ${cells.join(" | ")} | ${(perResource(last) / perResource(first)).toFixed(2)}x |`,
        );
    }
    return lines.join("\n");
}

function defaultSizes(): number[] {
    return (process.env.BENCH_REPORT_SIZES ?? "1000,10000,100000").split(",").map(Number);
}

if (require.main === module) {
    process.stdout.write(`${measureReports()}\n`);
}
