// The real CLI part of the benchmarks: `pulumi preview` of the sample stack with and without the
// pack, and `pulumi policy analyze --file` of a 10k-resource stack export with the pack and with
// the baseline pack.
import * as fs from "node:fs";
import * as path from "node:path";
import type { TestResource } from "../test/harness/analyzer";
import { ensurePulumiCli, PACK_DIR, PulumiWorkspace, REPO_ROOT } from "../test/e2e/workspace";
import { workload } from "./workload";

type Record = (metric: string, side: "pack" | "baseline", value: number) => void;
const BASELINE_DIR = path.join(REPO_ROOT, "bench", "baseline-pack");

function timed(run: () => void): number {
    const started = process.hrtime.bigint();
    run();
    return Number(process.hrtime.bigint() - started) / 1e6;
}

/** A `pulumi stack export` document holding the given resources, with their default providers. */
export function stackExport(resources: TestResource[], stack = "bench", project = "uc-estate"): object {
    const prefix = `urn:pulumi:${stack}::${project}::`;
    const stackUrn = `${prefix}pulumi:pulumi:Stack::${project}-${stack}`;
    const packages = [...new Set(resources.map((r) => r.type.split(":")[0]))];
    const providerRef = (pkg: string) =>
        `${prefix}pulumi:providers:${pkg}::default::00000000-0000-4000-8000-${String(packages.indexOf(pkg)).padStart(12, "0")}`;
    return {
        version: 3,
        deployment: {
            manifest: { time: "2026-11-24T00:00:00Z", magic: "", version: "v3.259.0" },
            resources: [
                { urn: stackUrn, custom: false, type: "pulumi:pulumi:Stack" },
                ...packages.map((pkg) => {
                    const ref = providerRef(pkg);
                    const at = ref.lastIndexOf("::");
                    return {
                        urn: ref.slice(0, at),
                        custom: true,
                        id: ref.slice(at + 2),
                        type: `pulumi:providers:${pkg}`,
                        parent: stackUrn,
                    };
                }),
                ...resources.map((r) => ({
                    urn: `${prefix}${r.type}::${r.name}`,
                    custom: true,
                    id: `id-${r.name}`,
                    type: r.type,
                    inputs: r.properties,
                    outputs: r.properties,
                    parent: stackUrn,
                    provider: providerRef(r.type.split(":")[0]),
                })),
            ],
        },
    };
}

export function measureCli(record: Record, rounds: number, exportSize: number) {
    ensurePulumiCli();
    const ws = new PulumiWorkspace();
    try {
        ws.ok(["login", "--local"]);
        ws.ok(["stack", "init", "compliant"]);
        ws.ok(["preview", "--stack", "compliant"]); // warm-up: plugins, caches
        for (let i = 0; i < rounds; i++) {
            const order = i % 2 ? (["baseline", "pack"] as const) : (["pack", "baseline"] as const);
            for (const side of order) {
                const args =
                    side === "pack" ? ["preview", "--stack", "compliant", "--policy-pack", PACK_DIR] : ["preview", "--stack", "compliant"];
                record(
                    "pulumi preview of the sample stack, ms (baseline: no policy pack)",
                    side,
                    timed(() => ws.ok(args)),
                );
            }
        }
        const state = path.join(ws.dir, "export.json");
        fs.writeFileSync(state, JSON.stringify(stackExport(workload(exportSize))));
        for (let i = 0; i < rounds; i++) {
            const order = i % 2 ? (["baseline", "pack"] as const) : (["pack", "baseline"] as const);
            for (const side of order) {
                const packDir = side === "pack" ? PACK_DIR : BASELINE_DIR;
                record(
                    `pulumi policy analyze --file (${exportSize} resources), ms`,
                    side,
                    timed(() => {
                        const result = ws.run(["policy", "analyze", "--policy-pack", packDir, "--file", state], { timeoutMs: 30 * 60_000 });
                        if (result.code !== 0 && !/mandatory policy violations/.test(result.output))
                            throw new Error(`policy analyze failed:\n${result.output.slice(-2000)}`);
                    }),
                );
            }
        }
    } finally {
        ws.remove();
    }
}
