// The Pulumi engine's side of the analyzer protocol, for the benchmarks: starts a policy pack as the
// engine does (`node @pulumi/pulumi/cmd/run-policy-pack <engine> <pack dir>`, cwd the pack, the
// port the first stdout line) and sends what pulumi/pulumi v3.276.0 sends, in its order:
//
// - ConfigureStack, GetAnalyzerInfo, then Configure with every policy of the info at its level and
//   its config schema's defaults (pkg/resource/analyzer/config.go ReconcilePolicyPackConfig;
//   pkg/engine/update.go).
// - For every resource the program registers - the root `pulumi:pulumi:Stack` and the default
//   providers included - Remediate and then Analyze, on the checked inputs, with the resource's
//   options (custom timeouts always set, the parent) and its provider resource with the provider's
//   inputs (pkg/resource/deploy/step_generator.go: "two passes: first we perform remediations, and
//   *then* we do analysis"; pkg/resource/plugin/analyzer_plugin.go marshals both requests the same
//   way). GetAnalyzerInfo before each is answered from the plugin's cache, not sent.
// - At the end AnalyzeStack with every resource (outputs; the same properties here, as for the
//   creates of a first preview), each with its options, provider, parent, dependencies and
//   property dependencies (step_generator.go AnalyzeResources).
//
// It also reads what the process spent: CPU time (all threads, from /proc), peak memory, and can
// start the pack under `node --cpu-prof`.
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

const analyzerProto = require("@pulumi/pulumi/proto/analyzer_pb");
const analyzerService = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const { Empty } = require("google-protobuf/google/protobuf/empty_pb");
const RUN_POLICY_PACK = require.resolve("@pulumi/pulumi/cmd/run-policy-pack");
export const REPO_ROOT = path.resolve(__dirname, "..", "..");
const LEVELS = ["advisory", "mandatory", "disabled", "remediate"];

export interface ProviderResource {
    urn: string;
    type: string;
    name: string;
    properties: Record<string, unknown>;
}

/** A resource as the engine describes it to an analyzer. */
export interface EngineResource {
    urn: string;
    type: string;
    name: string;
    properties: Record<string, unknown>;
    parent?: string;
    provider?: ProviderResource;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
}

function options(resource: EngineResource) {
    const timeouts = new analyzerProto.AnalyzerResourceOptions.CustomTimeouts();
    timeouts.setCreate(0);
    timeouts.setUpdate(0);
    timeouts.setDelete(0);
    const opts = new analyzerProto.AnalyzerResourceOptions();
    opts.setCustomtimeouts(timeouts);
    if (resource.parent) opts.setParent(resource.parent);
    return opts;
}

function provider(p: ProviderResource) {
    const message = new analyzerProto.AnalyzerProviderResource();
    message.setUrn(p.urn);
    message.setType(p.type);
    message.setName(p.name);
    message.setProperties(Struct.fromJavaScript(p.properties as never));
    return message;
}

/**
 * The request of Remediate and Analyze (the same message, filled the same way by the engine), encoded
 * as it goes on the wire: encoded once, so sending it costs the benchmark nothing and the analyzer
 * decodes exactly what it would from the engine.
 */
export function resourceRequest(resource: EngineResource): Buffer {
    const message = new analyzerProto.AnalyzeRequest();
    message.setUrn(resource.urn);
    message.setType(resource.type);
    message.setName(resource.name);
    message.setProperties(Struct.fromJavaScript(resource.properties as never));
    message.setOptions(options(resource));
    if (resource.provider) message.setProvider(provider(resource.provider));
    return Buffer.from(message.serializeBinary());
}

/**
 * One resource of an AnalyzeStack request, encoded as its field of the request: an encoded
 * AnalyzeStackRequest is the concatenation of its resources' fields (protobuf's repeated-field
 * encoding), so stacks of every size are prefixes of one list, without holding a message per
 * resource and size (a 100k-resource stack of messages does not fit the harness's heap).
 */
export function stackEntry(resource: EngineResource): Buffer {
    const message = new analyzerProto.AnalyzerResource();
    message.setUrn(resource.urn);
    message.setType(resource.type);
    message.setName(resource.name);
    message.setProperties(Struct.fromJavaScript(resource.properties as never));
    message.setOptions(options(resource));
    if (resource.provider) message.setProvider(provider(resource.provider));
    if (resource.parent) message.setParent(resource.parent);
    message.setDependenciesList(resource.dependencies);
    const map = message.getPropertydependenciesMap();
    for (const [property, urns] of Object.entries(resource.propertyDependencies)) {
        if (urns.length > 0) map.set(property, new analyzerProto.AnalyzerPropertyDependencies().setUrnsList(urns));
    }
    const request = new analyzerProto.AnalyzeStackRequest();
    request.setResourcesList([message]);
    return Buffer.from(request.serializeBinary());
}

/** The AnalyzeStack request of the given resources, encoded. */
export function stackRequest(resources: EngineResource[] | Buffer[]): Buffer {
    return Buffer.concat((resources as Array<EngineResource | Buffer>).map((r) => (Buffer.isBuffer(r) ? r : stackEntry(r))));
}

/** The messages the SDK's handlers receive from its gRPC server, for driving them in-process. */
export const decodeResourceRequest = (encoded: Buffer): unknown => analyzerProto.AnalyzeRequest.deserializeBinary(encoded);
export const decodeStackRequest = (encoded: Buffer): unknown => analyzerProto.AnalyzeStackRequest.deserializeBinary(encoded);

/** The analyzer service as the client sends it: encoded requests go on the wire as they are. */
const SERVICE = Object.fromEntries(
    Object.entries(analyzerService.AnalyzerService as Record<string, { requestSerialize: (arg: unknown) => Buffer }>).map(
        ([name, method]) => [
            name,
            { ...method, requestSerialize: (arg: unknown) => (Buffer.isBuffer(arg) ? arg : method.requestSerialize(arg)) },
        ],
    ),
);

/** Packs still running, stopped if the benchmark exits early (an error) so none is left behind. */
const running = new Set<ChildProcess>();
process.on("exit", () => {
    for (const child of running) child.kill("SIGKILL");
});

export const STACK_TAGS: Record<string, string> = {
    "pulumi:project": "uc-estate",
    "pulumi:runtime": "yaml",
    "pulumi:description": "The organisation's UC estate",
    "vcs:owner": "contoso",
    "vcs:repo": "uc-estate",
    "vcs:kind": "github.com",
    "vcs:root": "infra",
};
const STACK_CONFIG: Record<string, string> = {
    "aws:region": "eu-west-1",
    "azure-native:location": "westeurope",
    "gcp:project": "uc-estate-prod",
    "vsphere:vsphereServer": "vcenter.example.org",
};

/** One diagnostic of an AnalyzeStack response, as the engine receives it. */
export interface StackDiagnostic {
    policyName: string;
    /** The policy's description, which the SDK puts before the message of a violation reported as a string. */
    description: string;
    message: string;
    urn: string;
    advisory: boolean;
}

export interface StackResponse {
    diagnostics: number;
    /** Every diagnostic, when asked for (analyzeStack's `withDiagnostics`). */
    said?: StackDiagnostic[];
    /** Policies the SDK reported as not applicable (skipped without deserializing the stack). */
    skipped: string[];
}

export class EnginePack {
    /** The pack's policies in the order it registers them, once `open` has asked. */
    policyNames: string[] = [];

    private constructor(
        private readonly child: ChildProcess,
        private readonly client: grpc.Client,
        /** Spawn to port printed, ms (wall). */
        readonly readyMilliseconds: number,
        /** CPU time the process had used when it printed its port, ms. */
        readonly readyCpuMilliseconds: number,
        readonly stderr: string[],
    ) {}

    /**
     * Starts a pack as the engine does. `cpuProfileDir` runs it under `node --cpu-prof`, sampling
     * every 100 µs (the profile is written there when the process exits after stop()).
     */
    static async start(packDir: string, env: NodeJS.ProcessEnv = {}, cpuProfileDir?: string): Promise<EnginePack> {
        const started = process.hrtime.bigint();
        const nodeArgs = cpuProfileDir
            ? [
                  "--cpu-prof",
                  "--cpu-prof-interval=100",
                  `--cpu-prof-dir=${cpuProfileDir}`,
                  "--require",
                  path.join(REPO_ROOT, "bench", "exit-on-signal.js"),
              ]
            : [];
        const child = spawn(process.execPath, [...nodeArgs, RUN_POLICY_PACK, "127.0.0.1:1", packDir], {
            cwd: packDir,
            env: { ...process.env, ...env },
            stdio: ["ignore", "pipe", "pipe"],
        });
        running.add(child);
        child.once("exit", () => running.delete(child));
        const stderr: string[] = [];
        child.stderr!.setEncoding("utf8").on("data", (chunk: string) => stderr.push(chunk));
        const port = await new Promise<number>((resolve, reject) => {
            let buffered = "";
            const onData = (chunk: string) => {
                buffered += chunk;
                const newline = buffered.indexOf("\n");
                if (newline < 0) return;
                child.stdout!.off("data", onData);
                const line = buffered.slice(0, newline).trim();
                if (/^\d+$/.test(line)) resolve(Number(line));
                else reject(new Error(`the pack's first stdout line is not a port: ${JSON.stringify(line)}; stderr: ${stderr.join("")}`));
            };
            child.stdout!.setEncoding("utf8").on("data", onData);
            child.once("exit", (code) =>
                reject(new Error(`the pack exited with code ${code} before its port; stderr: ${stderr.join("")}`)),
            );
        });
        const readyMilliseconds = Number(process.hrtime.bigint() - started) / 1e6;
        const readyCpu = cpuMilliseconds(child.pid!);
        const Client = grpc.makeGenericClientConstructor(SERVICE as never, "Analyzer");
        const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
            "grpc.max_receive_message_length": 1024 * 1024 * 1024,
            "grpc.max_send_message_length": 1024 * 1024 * 1024,
        });
        return new EnginePack(child, client, readyMilliseconds, readyCpu, stderr);
    }

    get pid(): number {
        return this.child.pid!;
    }

    private call<T>(method: string, request: unknown): Promise<T> {
        return new Promise((resolve, reject) => {
            (this.client as unknown as Record<string, Function>)[method](request, (err: Error | null, response: T) =>
                err ? reject(err) : resolve(response),
            );
        });
    }

    /**
     * ConfigureStack, GetAnalyzerInfo and Configure, as the engine opens an operation. Returns the
     * policy count. The stack's tags and config: what the CLI sends for a project in a git checkout
     * (pkg/backend/stack.go GetEnvironmentTagsForCurrentStack: project name, runtime, description,
     * the vcs:* tags) and a stack config.
     */
    async open(stackTags: Record<string, string> = STACK_TAGS, config: Record<string, string> = STACK_CONFIG): Promise<number> {
        const stack = new analyzerProto.AnalyzerStackConfigureRequest();
        stack.setStack("dev");
        stack.setProject("uc-estate");
        stack.setOrganization("organization");
        stack.setDryRun(true);
        for (const [k, v] of Object.entries(stackTags)) stack.getTagsMap().set(k, v);
        for (const [k, v] of Object.entries(config)) stack.getConfigMap().set(k, v);
        await this.call("configureStack", stack);
        const info = await this.call<{ getPoliciesList(): Array<Record<string, Function>> }>("getAnalyzerInfo", new Empty());
        const configure = new analyzerProto.ConfigureAnalyzerRequest();
        for (const policy of info.getPoliciesList()) {
            const defaults: Record<string, unknown> = {};
            const schema = policy.getConfigschema()?.getProperties()?.toJavaScript() as Record<string, { default?: unknown }> | undefined;
            for (const [key, property] of Object.entries(schema ?? {}))
                if (property && "default" in property) defaults[key] = property.default;
            const config = new analyzerProto.PolicyConfig();
            config.setEnforcementlevel(policy.getEnforcementlevel());
            config.setProperties(Struct.fromJavaScript(defaults as never));
            configure.getPolicyconfigMap().set(policy.getName() as string, config);
        }
        await this.call("configure", configure);
        this.policyNames = info.getPoliciesList().map((policy) => policy.getName() as string);
        return this.policyNames.length;
    }

    /** One registered resource: Remediate, then Analyze, as the step generator does. */
    async register(request: unknown): Promise<void> {
        await this.call("remediate", request);
        await this.call("analyze", request);
    }

    async analyzeStack(request: unknown, withDiagnostics = false): Promise<StackResponse> {
        const response = await this.call<{
            getDiagnosticsList(): Array<{
                getPolicyname(): string;
                getDescription(): string;
                getMessage(): string;
                getUrn(): string;
                getEnforcementlevel(): number;
            }>;
            getNotApplicableList(): Array<{ getPolicyName(): string }>;
        }>("analyzeStack", request);
        const diagnostics = response.getDiagnosticsList();
        return {
            diagnostics: diagnostics.length,
            said: withDiagnostics
                ? diagnostics.map((d) => ({
                      policyName: d.getPolicyname(),
                      description: d.getDescription(),
                      message: d.getMessage(),
                      urn: d.getUrn(),
                      advisory: d.getEnforcementlevel() === analyzerProto.EnforcementLevel.ADVISORY,
                  }))
                : undefined,
            skipped: response.getNotApplicableList().map((p) => p.getPolicyName()),
        };
    }

    /** CPU time the process has used so far, ms (user + system, every thread). */
    cpuMilliseconds(): number {
        return cpuMilliseconds(this.pid);
    }

    /** Peak resident memory so far, MB (VmHWM). */
    peakMegabytes(): number {
        const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${this.pid}/status`, "utf8"));
        return match ? Number(match[1]) / 1024 : Number.NaN;
    }

    async stop(): Promise<void> {
        this.client.close();
        if (this.child.exitCode !== null || this.child.signalCode !== null) return;
        const exited = new Promise((resolve) => this.child.once("exit", resolve));
        // SIGINT: the engine's way of stopping a plugin; under --cpu-prof, exit-on-signal.js turns it into an exit.
        this.child.kill("SIGINT");
        const timer = setTimeout(() => this.child.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(timer);
    }
}

export const levelName = (level: number) => LEVELS[level];

/**
 * CPU time of a process, ms: the sum of every thread's time on CPU from /proc/<pid>/task/<tid>/schedstat
 * (nanoseconds), or utime + stime from /proc/<pid>/stat (clock ticks, 10 ms) where schedstat is not kept.
 */
export function cpuMilliseconds(pid: number): number {
    try {
        let ns = 0;
        for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
            try {
                ns += Number(fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
            } catch {
                // the thread ended between the listing and the read
            }
        }
        if (ns > 0) return ns / 1e6;
    } catch {
        // fall through to /proc/<pid>/stat
    }
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}
