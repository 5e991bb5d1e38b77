// npm run bench:preview: the pack's share of a real preview. The real pulumi CLI previews a
// generated program of 1k and 10k resources (bench/previewEstate.ts, on the sample's local
// providers) with `--policy-pack policypack`, with the fair floor (bench/floor-pack, two stack
// passes: what any pack of as many policies costs) and without a pack, alternating (the side that
// goes first changes each round). The difference with the pack is its share of what a user waits
// for; the difference with the floor, the framework's part of that share.
//
// Measured per preview: wall time, and the CPU time of every process of the preview (the CLI,
// the language hosts, the providers and the pack), which is what this process's waited-for
// children used (/proc/self/stat cutime + cstime: each process of the tree waits for its own
// children, so their time is included - checked against a /proc sampling of the whole tree, within
// 3%). The pack's own process is sampled from /proc every 100 ms as well (its last sample, so it
// can miss the last 100 ms of its life).
//
// The engine saves the snapshot after every step even in a preview, and the time that takes grows
// with the stack (pulumi v3.276: 63% of the CLI's CPU in a 1k preview, `pulumi preview
// --profiling`), so a 10k preview with the default settings takes over an hour. The runs below are
// made with PULUMI_SKIP_CHECKPOINTS=true (Pulumi's setting for large stacks: only the final state is
// saved) unless a run says `checkpoints`: a faster preview, so the pack's share is the larger one.
//
// Environment: BENCH_PREVIEW_RUNS, a comma-separated list of SIZE:ROUNDS[:checkpoints] (default
// "1000:3:checkpoints,1000:3,10000:2"). Writes bench/preview.md unless BENCH_PREVIEW_WRITE=0.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ensurePulumiCli, PACK_DIR, PulumiWorkspace, REPO_ROOT } from "../test/e2e/workspace";
import { previewProgram, uc } from "./previewEstate";

const RUNS = (process.env.BENCH_PREVIEW_RUNS ?? "1000:3:checkpoints,1000:3,10000:2").split(",").map((run) => {
    const [size, rounds, mode] = run.split(":");
    if (!(Number(size) > 0 && Number(rounds) > 0) || (mode !== undefined && mode !== "checkpoints"))
        throw new Error(`BENCH_PREVIEW_RUNS: '${run}' is not SIZE:ROUNDS or SIZE:ROUNDS:checkpoints`);
    return { size: Number(size), rounds: Number(rounds), checkpoints: mode === "checkpoints" };
});
const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux
const FLOOR_DIR = path.join(REPO_ROOT, "bench", "floor-pack");
type Side = "pack" | "floor" | "none";
const SIDES: Side[] = ["pack", "floor", "none"];
const SIDE_NAMES: Record<Side, string> = { pack: "with the pack", floor: "with the floor", none: "no pack" };

interface Sample {
    wallMs: number;
    cpuMs: number;
    packCpuMs: number;
}

/** CPU ms used by this process's waited-for children (and, through them, their descendants). */
function childrenCpuMs(): number {
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[13]) + Number(fields[14])) * TICK_MS;
}

/** CPU ms of the live process running the policy pack (the SDK's run-policy-pack), if any. */
function packProcessCpuMs(): Map<string, number> {
    const found = new Map<string, number>();
    for (const pid of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(pid)) continue;
        try {
            if (!fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("run-policy-pack")) continue;
            const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
            const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
            found.set(pid, (Number(fields[11]) + Number(fields[12])) * TICK_MS);
        } catch {
            // the process ended between the listing and the read
        }
    }
    return found;
}

async function preview(ws: PulumiWorkspace, cwd: string, side: Side, checkpoints: boolean): Promise<Sample> {
    const packArgs = { pack: ["--policy-pack", PACK_DIR], floor: ["--policy-pack", FLOOR_DIR], none: [] }[side];
    const args = ["--color", "never", "preview", "--non-interactive", ...packArgs];
    const env = { ...ws.environment, FLOOR_STACK_PASSES: "2", ...(checkpoints ? {} : { PULUMI_SKIP_CHECKPOINTS: "true" }) };
    const cpuBefore = childrenCpuMs();
    const started = process.hrtime.bigint();
    const packCpu = new Map<string, number>();
    const sampler = setInterval(() => {
        for (const [pid, ms] of packProcessCpuMs()) packCpu.set(pid, ms);
    }, 100);
    const child = spawn("pulumi", args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => {
        output = (output + chunk).slice(-20_000);
    });
    child.stderr.on("data", (chunk) => {
        output = (output + chunk).slice(-20_000);
    });
    const code = await new Promise<number>((resolve) => child.on("exit", (c) => resolve(c ?? -1)));
    clearInterval(sampler);
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${code}:\n${output.slice(-4000)}`);
    if (side !== "none" && packCpu.size !== 1) throw new Error(`expected one policy pack process, saw ${packCpu.size}`);
    return { wallMs, cpuMs: childrenCpuMs() - cpuBefore, packCpuMs: [...packCpu.values()].reduce((a, b) => a + b, 0) };
}

const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const percent = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)}%`;
const rotate = <T>(xs: T[], by: number) => xs.map((_, i) => xs[(i + by) % xs.length]);
const range = (xs: number[]) => `${seconds(Math.min(...xs))}-${seconds(Math.max(...xs))}`;

async function main() {
    ensurePulumiCli();
    const ws = new PulumiWorkspace();
    const cliVersion = ws.cliVersion();
    const started = new Date();
    const loadBefore = os.loadavg();
    const rows: string[] = [];
    try {
        ws.ok(["login", "--local"]);
        for (const { size, rounds, checkpoints } of RUNS) {
            const name = `estate-${size}${checkpoints ? "-checkpoints" : ""}`;
            const dir = path.join(ws.dir, name);
            fs.mkdirSync(dir);
            const program = previewProgram(size, path.join(REPO_ROOT, "sample", "local-provider"), `uc-${name}`);
            fs.writeFileSync(path.join(dir, "Pulumi.yaml"), program);
            ws.ok(["stack", "init", "bench"], { cwd: dir });
            await preview(ws, dir, "none", checkpoints); // warm-up: the file cache, the plugins' first start
            const samples: Record<Side, Sample[]> = { pack: [], floor: [], none: [] };
            for (let round = 0; round < rounds; round++) {
                for (const side of rotate(SIDES, round)) {
                    const sample = await preview(ws, dir, side, checkpoints);
                    samples[side].push(sample);
                    process.stderr.write(
                        `${size} resources${checkpoints ? " (checkpoints)" : ""}, round ${round + 1}/${rounds}, ${SIDE_NAMES[side]}: wall ${seconds(sample.wallMs)}, CPU ${seconds(sample.cpuMs)}${side === "none" ? "" : `, the pack's process ${seconds(sample.packCpuMs)}`}\n`,
                    );
                }
            }
            const med = (side: Side, of: keyof Sample) => median(samples[side].map((s) => s[of]));
            const cell = (side: Side, of: keyof Sample) => {
                const xs = samples[side].map((s) => s[of]);
                return `${seconds(median(xs))} (${range(xs)})`;
            };
            const share = (side: Side, of: keyof Sample) => percent(med(side, of) / med("none", of) - 1);
            rows.push(
                `| ${size + 1} (${uc(size)} UC servers), ${checkpoints ? "default settings" : "PULUMI_SKIP_CHECKPOINTS"}, ${rounds} rounds | ${cell("none", "wallMs")} | ${cell("floor", "wallMs")} | ${cell("pack", "wallMs")} | **${share("pack", "wallMs")}** (floor ${share("floor", "wallMs")}) | ${cell("none", "cpuMs")} | ${cell("floor", "cpuMs")} | ${cell("pack", "cpuMs")} | **${share("pack", "cpuMs")}** (floor ${share("floor", "cpuMs")}) | ${seconds(med("pack", "packCpuMs"))} (floor ${seconds(med("floor", "packCpuMs"))}) |`,
            );
        }
    } finally {
        ws.remove();
    }
    const text = [
        "# The pack's share of a real preview",
        "",
        `Written by \`npm run bench:preview\` on ${started.toISOString().slice(0, 16).replace("T", " ")} UTC: ${os.cpus().length} x ${os.cpus()[0]?.model ?? "CPU"}, node ${process.version}, pulumi ${cliVersion}. Load average (1, 5, 15 min) before the run ${loadBefore.map((x) => x.toFixed(2)).join(", ")}, at the end ${os
            .loadavg()
            .map((x) => x.toFixed(2))
            .join(", ")}.`,
        "",
        "`pulumi preview` of a generated program (bench/previewEstate.ts: 5% UC servers, every one compliant, the rest unrelated resources; on the sample's local providers, whose own work is small, so the pack's share is larger than with real cloud providers) with `--policy-pack policypack`, with the floor pack (bench/floor-pack, two stack passes: as many policies as the pack, each only reading tags) and without a pack, alternating, after a warm-up preview. Resources: the program's and the stack. Each cell: median (min-max). CPU: every process of the preview (the CLI, the language hosts, the providers, the pack). The share: the median with the pack (or the floor) over the median without a pack, minus one. PULUMI_SKIP_CHECKPOINTS: the engine saves only the final state (bench/preview.ts says why the 10k runs need it).",
        "",
        "| Resources, settings | Wall, no pack | Wall, floor | Wall, pack | Pack's share, wall | CPU, no pack | CPU, floor | CPU, pack | Pack's share, CPU | Policy pack process, CPU |",
        "|---|---|---|---|---|---|---|---|---|---|",
        ...rows,
        "",
    ].join("\n");
    process.stdout.write(`${text}\n`);
    if (process.env.BENCH_PREVIEW_WRITE !== "0") fs.writeFileSync(path.join(REPO_ROOT, "bench", "preview.md"), text);
}

main().catch((e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exit(1);
});
