// npm run bench:in-process: where the pack's time over the floor goes, without gRPC and process
// noise. Drives @pulumi/policy's own Remediate, Analyze and AnalyzeStack handlers in this process
// (the functions its gRPC server calls) with the pack's policies, with the floor's (as many
// policies as the catalog, each only reading tags, followers skipped in stack validation as the
// pack skips them; bench/floor-pack) and with the one-pass baseline's (bench/baseline-pack), on the
// same requests as the engine fills them (bench/engine.ts), alternating, and times the pack's own
// validation functions alone. Prints medians of 7 runs, in CPU time of this process.
import { loadCatalog } from "../policypack/src/catalog/load";
import { buildPolicies } from "../policypack/src/policies";
import { NOTHING_TO_CHECK } from "../policypack/src/policies/sharedReading";
import { decodeResourceRequest, decodeStackRequest, resourceRequest, STACK_TAGS, stackRequest } from "./engine";
import { type Estate, engineEstate, REALISTIC, UC_HEAVY, workload } from "./workload";

const server = require("@pulumi/policy/server");
const { unknownCheckingProxy } = require("@pulumi/policy/proxy");

const RESOURCES = Number(process.env.BENCH_RESOURCES ?? 5_000);
const RUNS = 7;

type Handler = (call: { request: unknown }, callback: (error: unknown, response: unknown) => void) => void;
type AnyPolicy = {
    name: string;
    enforcementLevel?: string;
    validateResource?: Function;
    validateStack?: Function & { __pulumiType?: string };
};
type Side = "pack" | "floor" | "baseline";

let sink = 0;
function readTags(props: Record<string, unknown>) {
    for (const property of ["tags", "labels", "freeformTags"]) {
        const tags = props[property];
        if (tags && typeof tags === "object") sink += Object.keys(tags).length;
    }
}
const readStack = (args: { resources: Array<{ props: Record<string, unknown> }> }) => {
    for (const r of args.resources) readTags(r.props);
};

/** The floor pack's policies (bench/floor-pack/index.js), as objects: `stackPasses` of them read the stack. */
function floorPolicies(stackPasses: number): AnyPolicy[] {
    const catalog = loadCatalog();
    const ordered = [...catalog.policies].sort(
        (a, b) => Number(b.name === catalog.estateSettingsOwner) - Number(a.name === catalog.estateSettingsOwner),
    );
    return ordered.map((entry, index) => {
        const validateStack: AnyPolicy["validateStack"] = (args: Parameters<typeof readStack>[0]) => readStack(args);
        if (index >= stackPasses) validateStack.__pulumiType = NOTHING_TO_CHECK;
        return {
            name: entry.name,
            enforcementLevel: entry.enforcementLevel,
            validateResource: (args: { props: Record<string, unknown> }) => readTags(args.props),
            validateStack,
        };
    });
}

/** The one-pass baseline's two policies (bench/baseline-pack). */
function baselinePolicies(): AnyPolicy[] {
    return [
        { name: "baseline-read-tags", validateResource: (args: { props: Record<string, unknown> }) => readTags(args.props) },
        { name: "baseline-read-stack-tags", validateStack: readStack },
    ];
}

/** Times a pack policy's stack validation (its own work inside the SDK's AnalyzeStack), keeping the SDK's fast path working. */
function timeStackValidation(policy: AnyPolicy, add: (micros: number) => void) {
    const validate = policy.validateStack!;
    const timed = ((args: unknown, report: unknown) => {
        const t = cpuMicros();
        try {
            return validate(args, report);
        } finally {
            add(cpuMicros() - t);
        }
    }) as NonNullable<AnyPolicy["validateStack"]>;
    Object.defineProperty(timed, "__pulumiType", { get: () => validate.__pulumiType, set: (v) => (validate.__pulumiType = v) });
    policy.validateStack = timed;
}

function schemaDefaults(schema?: { properties?: Record<string, unknown> }): Record<string, unknown> {
    const defaults: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(schema?.properties ?? {}))
        if (property && typeof property === "object" && "default" in property) defaults[key] = property.default;
    return defaults;
}

const call = (handler: Handler, request: unknown) =>
    new Promise((resolve, reject) => handler({ request }, (error, response) => (error ? reject(error) : resolve(response))));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cpuMicros = () => {
    const { user, system } = process.cpuUsage();
    return user + system;
};

async function measure(estate: Estate) {
    const program = workload(RESOURCES, estate);
    const resources = engineEstate(program);
    const requests = resources.map((r) => decodeResourceRequest(resourceRequest(r)));
    const stack = decodeStackRequest(stackRequest(resources));
    const samples: Record<string, Record<Side, number[]>> = {
        analyze: { pack: [], floor: [], baseline: [] },
        stack: { pack: [], floor: [], baseline: [] },
    };
    const own: number[] = [];
    const ownStack: number[] = [];
    let packPasses = 1;
    for (let run = 0; run < RUNS; run++) {
        for (const side of (["pack", "floor", "baseline"] as Side[]).map((_, i, xs) => xs[(i + run) % xs.length])) {
            // A fresh pack per run: what it remembers from Analyze is per engine operation.
            const policies =
                side === "pack"
                    ? (buildPolicies(loadCatalog()) as AnyPolicy[])
                    : side === "floor"
                      ? floorPolicies(packPasses)
                      : baselinePolicies();
            let stackOwn = 0;
            if (side === "pack") for (const p of policies) timeStackValidation(p, (micros) => (stackOwn += micros));
            const remediate: Handler = server.makeRemediateRpcFun("bench", "1.0.0", "advisory", policies);
            const analyze: Handler = server.makeAnalyzeRpcFun("bench", "1.0.0", "advisory", policies);
            const analyzeStack: Handler = server.makeAnalyzeStackRpcFun("bench", "1.0.0", "advisory", policies);
            let t = cpuMicros();
            for (const request of requests) {
                await call(remediate, request);
                await call(analyze, request);
            }
            samples.analyze[side].push((cpuMicros() - t) / requests.length);
            t = cpuMicros();
            const response = (await call(analyzeStack, stack)) as { getNotApplicableList(): unknown[] };
            samples.stack[side].push((cpuMicros() - t) / 1000);
            if (side === "pack") ownStack.push(stackOwn / 1000);
            if (side === "pack") packPasses = policies.length - response.getNotApplicableList().length;
        }
        // The pack's own validation functions alone, on resources deserialized once beforehand.
        const policies = buildPolicies(loadCatalog()) as AnyPolicy[];
        const stackTags = new Map(Object.entries(STACK_TAGS));
        const defaults = policies.map((p) =>
            schemaDefaults((p as { configSchema?: { properties?: Record<string, unknown> } }).configSchema),
        );
        const args = program.map((r) => ({
            type: r.type,
            name: r.name,
            urn: `urn:pulumi:dev::uc-estate::${r.type}::${r.name}`,
            props: unknownCheckingProxy(JSON.parse(JSON.stringify(r.properties))),
            stackTags,
        }));
        const t = cpuMicros();
        // As the SDK calls them: a fresh copy of the policy's config (the engine sends the schema defaults) on each call.
        for (const a of args) {
            for (let i = 0; i < policies.length; i++)
                policies[i].validateResource!({ ...a, getConfig: () => ({ ...defaults[i] }) }, () => undefined);
        }
        own.push((cpuMicros() - t) / program.length);
    }
    const m = (xs: number[]) => median(xs).toFixed(1);
    const { analyze, stack: st } = samples;
    process.stdout.write(
        `${[
            `| ${estate.name} | Remediate + Analyze, µs per resource | ${m(analyze.pack)} | ${m(analyze.floor)} | ${m(analyze.baseline)} | ${(median(analyze.pack) - median(analyze.floor)).toFixed(1)} | ${m(own)} (every policy's own work) |`,
            `| ${estate.name} | AnalyzeStack, ms (${resources.length} resources) | ${m(st.pack)} | ${m(st.floor)} | ${m(st.baseline)} | ${(median(st.pack) - median(st.floor)).toFixed(1)} | ${m(ownStack)} (validateStack; ${packPasses} stack passes, the floor's as many) |`,
        ].join("\n")}\n`,
    );
}

async function main() {
    process.stdout.write(
        `In process (no gRPC), ${RESOURCES} resources, Remediate + Analyze of every resource then AnalyzeStack, CPU time, medians of ${RUNS} runs; node ${process.version}\n\n`,
    );
    process.stdout.write(
        "| Estate | Measure | Pack | Floor | One-pass baseline | Pack - floor | Pack's own functions |\n|---|---|---|---|---|---|---|\n",
    );
    for (const estate of [REALISTIC, UC_HEAVY]) await measure(estate);
    if (sink < 0) process.stdout.write("\n");
}

main().catch((e) => {
    process.stderr.write(`bench: ${e.stack ?? e}\n`);
    process.exit(1);
});
