// npm run bench:in-process: where the pack's time over the baseline goes, without gRPC and process
// noise. Drives @pulumi/policy's own Analyze and AnalyzeStack handlers in this process (the code the
// gRPC server calls) with the pack's policies and with the baseline pack's, on the same requests,
// alternating, and times the pack's own validation functions alone. Prints medians of 7 runs.
import { loadCatalog } from "../policypack/src/catalog/load";
import { buildPolicies } from "../policypack/src/policies";
import { type TestResource, urnOf } from "../test/harness/analyzer";
import { type Estate, REALISTIC, UC_HEAVY, workload } from "./workload";

const server = require("@pulumi/policy/server");
const analyzerProto = require("@pulumi/pulumi/proto/analyzer_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
const { unknownCheckingProxy } = require("@pulumi/policy/proxy");

const RESOURCES = Number(process.env.BENCH_RESOURCES ?? 5_000);
const RUNS = 7;

type Handler = (call: { request: unknown }, callback: (error: unknown, response: unknown) => void) => void;
type AnyPolicy = { name: string; validateResource?: Function; validateStack?: Function };

function describe(message: Record<string, Function>, r: TestResource) {
    message.setType(r.type);
    message.setName(r.name);
    message.setUrn(urnOf(r));
    message.setProperties(Struct.fromJavaScript(r.properties));
    message.setOptions(new analyzerProto.AnalyzerResourceOptions());
    const dependencies = message.getPropertydependenciesMap?.();
    for (const [property, urns] of Object.entries(r.propertyDependencies ?? {})) {
        const d = new analyzerProto.AnalyzerPropertyDependencies();
        d.setUrnsList(urns);
        dependencies?.set(property, d);
    }
    return message;
}

/** The baseline pack's two policies (bench/baseline-pack), as objects. */
function baselinePolicies(): AnyPolicy[] {
    let sink = 0;
    const readTags = (props: Record<string, unknown>) => {
        for (const property of ["tags", "labels", "freeformTags"]) {
            const tags = props[property];
            if (tags && typeof tags === "object") sink += Object.keys(tags).length;
        }
    };
    return [
        { name: "baseline-read-tags", validateResource: (args: { props: Record<string, unknown> }) => readTags(args.props) },
        {
            name: "baseline-read-stack-tags",
            validateStack: (args: { resources: Array<{ props: Record<string, unknown> }> }) => {
                for (const r of args.resources) readTags(r.props);
                return sink < 0 ? undefined : undefined;
            },
        },
    ];
}

const call = (handler: Handler, request: unknown) =>
    new Promise((resolve, reject) => handler({ request }, (error, response) => (error ? reject(error) : resolve(response))));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const now = () => Number(process.hrtime.bigint()) / 1e3;

async function measure(estate: Estate) {
    const resources = workload(RESOURCES, estate);
    const analyzeRequests = resources.map((r) => describe(new analyzerProto.AnalyzeRequest(), r));
    const stackRequest = new analyzerProto.AnalyzeStackRequest();
    stackRequest.setResourcesList(resources.map((r) => describe(new analyzerProto.AnalyzerResource(), r)));
    const samples = { packAnalyze: [] as number[], baseAnalyze: [] as number[], packStack: [] as number[], baseStack: [] as number[] };
    const own: number[] = [];
    let stackRuns = "";
    for (let run = 0; run < RUNS; run++) {
        for (const side of run % 2 ? ["baseline", "pack"] : ["pack", "baseline"]) {
            // A fresh pack per run: what it remembers from Analyze is per engine operation.
            const policies = side === "pack" ? (buildPolicies(loadCatalog()) as AnyPolicy[]) : baselinePolicies();
            const analyze: Handler = server.makeAnalyzeRpcFun("bench", "1.0.0", "advisory", policies);
            const analyzeStack: Handler = server.makeAnalyzeStackRpcFun("bench", "1.0.0", "advisory", policies);
            let t = now();
            for (const request of analyzeRequests) await call(analyze, request);
            (side === "pack" ? samples.packAnalyze : samples.baseAnalyze).push((now() - t) / resources.length);
            t = now();
            const response = (await call(analyzeStack, stackRequest)) as { getNotApplicableList(): unknown[] };
            (side === "pack" ? samples.packStack : samples.baseStack).push((now() - t) / 1000);
            const ran = policies.length - response.getNotApplicableList().length;
            if (side === "pack") stackRuns = `${ran} of ${policies.length} policies deserialized the stack`;
        }
        // The pack's own validation functions alone, on resources deserialized once beforehand.
        const policies = buildPolicies(loadCatalog()) as AnyPolicy[];
        const stackTags = new Map<string, string>();
        const args = resources.map((r) => ({
            type: r.type,
            name: r.name,
            urn: urnOf(r),
            props: unknownCheckingProxy(JSON.parse(JSON.stringify(r.properties))),
            stackTags,
            getConfig: () => ({}),
        }));
        const t = now();
        for (const a of args) for (const p of policies) p.validateResource!(a, () => undefined);
        own.push((now() - t) / resources.length);
    }
    const m = (xs: number[]) => median(xs).toFixed(1);
    process.stdout.write(
        [
            `| ${estate.name} | Analyze, µs per resource | ${m(samples.packAnalyze)} | ${m(samples.baseAnalyze)} | ${(median(samples.packAnalyze) - median(samples.baseAnalyze)).toFixed(1)} | ${m(own)} (all six policies' own work) |`,
            `| ${estate.name} | AnalyzeStack, ms (${RESOURCES} resources) | ${m(samples.packStack)} | ${m(samples.baseStack)} | ${(median(samples.packStack) - median(samples.baseStack)).toFixed(1)} | ${stackRuns} (baseline: 1 of 1) |`,
        ].join("\n") + "\n",
    );
}

async function main() {
    process.stdout.write(
        `In process (no gRPC), ${RESOURCES} resources, Analyze of every resource then AnalyzeStack, medians of ${RUNS} runs; node ${process.version}\n\n`,
    );
    process.stdout.write("| Estate | Measure | Pack | Baseline | Pack - baseline | Pack's own functions |\n|---|---|---|---|---|---|\n");
    for (const estate of [REALISTIC, UC_HEAVY]) await measure(estate);
}

main().catch((e) => {
    process.stderr.write(`bench: ${e.stack ?? e}\n`);
    process.exit(1);
});
