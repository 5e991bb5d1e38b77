// npm run bench:profile: where the pack's process spends its CPU. Starts the pack (or the floor,
// BENCH_SIDE=floor) as the engine does under `node --cpu-prof` (bench/engine.ts), sends one engine
// operation - Remediate + Analyze of every resource, then AnalyzeStack - and prints, from the
// profile, the time by package, the pack's own functions (inclusive and self), and what
// validateResource and validateStack spend beside the SDK.
// BENCH_RESOURCES (default 5000), BENCH_ESTATE=uc-heavy, BENCH_PROFILE_DIR (default a temporary folder).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EnginePack, REPO_ROOT, resourceRequest, stackRequest } from "./engine";
import { engineEstate, REALISTIC, UC_HEAVY, workload } from "./workload";

const RESOURCES = Number(process.env.BENCH_RESOURCES ?? 5_000);
const ESTATE = process.env.BENCH_ESTATE === "uc-heavy" ? UC_HEAVY : REALISTIC;
const FLOOR = process.env.BENCH_SIDE === "floor";

interface ProfileNode {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
}
interface Profile {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
}

/** Where a frame's code lives: the pack's file, a package, a node builtin, or the VM (gc, idle). */
function origin(url: string): string {
    if (!url) return "(vm: gc, idle, program)";
    const pack = /policypack\/bin\/(.*)$/.exec(url);
    if (pack) return `pack ${pack[1]}`;
    if (url.includes("bench/floor-pack")) return "floor pack";
    const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
    if (pkg) return pkg[1];
    return url.startsWith("node:") ? "node builtins" : url;
}

function summarize(profile: Profile): string[] {
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const self = new Map<number, number>();
    for (let i = 0; i < profile.samples.length; i++) {
        const id = profile.samples[i];
        self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
    }
    const key = (n: ProfileNode) =>
        `${n.callFrame.functionName || "(anonymous)"} (${origin(n.callFrame.url)}:${n.callFrame.lineNumber + 1})`;
    const isIdle = (n: ProfileNode) => n.callFrame.functionName === "(idle)";
    let busy = 0;
    const byOrigin = new Map<string, number>();
    const packSelf = new Map<string, number>();
    const packInclusive = new Map<string, number>();
    /** Time under the pack's validateResource/validateStack frames, by the origin of the frame that spent it. */
    const underValidation = new Map<string, Map<string, number>>();
    const add = (m: Map<string, number>, k: string, t: number) => m.set(k, (m.get(k) ?? 0) + t);
    for (const [id, t] of self) {
        const node = byId.get(id)!;
        if (isIdle(node)) continue;
        busy += t;
        add(byOrigin, origin(node.callFrame.url).startsWith("pack ") ? "the pack's own code" : origin(node.callFrame.url), t);
        if (origin(node.callFrame.url).startsWith("pack ")) add(packSelf, key(node), t);
        const seen = new Set<string>();
        for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
            const n = byId.get(cur)!;
            if (!origin(n.callFrame.url).startsWith("pack ")) continue;
            const k = key(n);
            if (seen.has(k)) continue;
            seen.add(k);
            add(packInclusive, k, t);
            const fn = n.callFrame.functionName;
            if (fn === "validateResource" || fn === "validateStack") {
                if (!underValidation.has(fn)) underValidation.set(fn, new Map());
                add(underValidation.get(fn)!, origin(node.callFrame.url), t);
            }
        }
    }
    const ms = (t: number) => `${(t / 1000).toFixed(1)} ms`;
    const top = (m: Map<string, number>, n: number) =>
        [...m]
            .sort((a, b) => b[1] - a[1])
            .slice(0, n)
            .map(([k, t]) => `  ${ms(t).padStart(11)}  ${((100 * t) / busy).toFixed(1).padStart(5)}%  ${k}`);
    const lines = [`busy (not idle) ${ms(busy)}`, "", "By origin (self time):", ...top(byOrigin, 14)];
    lines.push("", "The pack's functions, inclusive (their callees included):", ...top(packInclusive, 25));
    lines.push("", "The pack's functions, self:", ...top(packSelf, 20));
    for (const [fn, m] of underValidation)
        lines.push("", `Under the pack's ${fn} (SDK callbacks excluded: the SDK calls it):`, ...top(m, 10));
    return lines;
}

async function main() {
    const dir = process.env.BENCH_PROFILE_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), "uc-bench-profile-"));
    const resources = engineEstate(workload(RESOURCES, ESTATE));
    const requests = resources.map(resourceRequest);
    const stack = stackRequest(resources);
    const packDir = path.join(REPO_ROOT, FLOOR ? path.join("bench", "floor-pack") : "policypack");
    const pack = await EnginePack.start(packDir, FLOOR ? { FLOOR_STACK_PASSES: "2" } : {}, dir);
    const cpuAtReady = pack.readyCpuMilliseconds;
    const policies = await pack.open();
    let cpu = pack.cpuMilliseconds();
    for (const request of requests) await pack.register(request);
    const analyzeCpu = pack.cpuMilliseconds() - cpu;
    cpu = pack.cpuMilliseconds();
    const response = await pack.analyzeStack(stack);
    const stackCpu = pack.cpuMilliseconds() - cpu;
    await pack.stop();
    const file = fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".cpuprofile"))
        .map((f) => path.join(dir, f))
        .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
    const profile = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
    process.stdout.write(
        `${[
            `${FLOOR ? "Floor (2 stack passes)" : "Pack"}, ${ESTATE.name}, ${resources.length} resources, node ${process.version}; profile ${file}`,
            `CPU (from /proc): start-up ${cpuAtReady.toFixed(0)} ms, Remediate + Analyze ${analyzeCpu.toFixed(0)} ms (${((analyzeCpu * 1000) / resources.length).toFixed(0)} µs per resource), AnalyzeStack ${stackCpu.toFixed(0)} ms (${policies - response.skipped.length} of ${policies} policies deserialized the stack)`,
            "",
            ...summarize(profile),
        ].join("\n")}\n`,
    );
}

main().catch((e) => {
    process.stderr.write(`bench: ${e.stack ?? e}\n`);
    process.exit(1);
});
