// Starts a policy pack exactly as the Pulumi engine does - `node @pulumi/pulumi/cmd/run-policy-pack
// <engine-address> <pack-dir>` with the pack directory as cwd, the port read from the first stdout
// line - and drives it over the analyzer gRPC protocol. Used by the protocol tests and benchmarks.
import { type ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const analyzerProto = require("@pulumi/pulumi/proto/analyzer_pb");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const analyzerService = require("@pulumi/pulumi/proto/analyzer_grpc_pb");

export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
export const PACK_DIR = path.join(REPO_ROOT, "policypack");
const RUN_POLICY_PACK = require.resolve("@pulumi/pulumi/cmd/run-policy-pack");

/** The engine's wire sentinel for a value unknown during preview, and its secret envelope. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export function secret(value: unknown): Record<string, unknown> {
    return { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value };
}

export type EnforcementLevel = "advisory" | "mandatory" | "disabled" | "remediate";
const LEVEL_NAMES: EnforcementLevel[] = ["advisory", "mandatory", "disabled", "remediate"];

export interface TestResource {
    type: string;
    name: string;
    properties: Record<string, unknown>;
    urn?: string;
    /** Property -> URNs its value depends on; sent with AnalyzeStack, as the engine does. */
    propertyDependencies?: Record<string, string[]>;
}

export interface Diagnostic {
    policyName: string;
    message: string;
    enforcementLevel: EnforcementLevel;
    urn: string;
}

export function urnOf(resource: TestResource, stack = "dev", project = "uc-estate"): string {
    return resource.urn ?? `urn:pulumi:${stack}::${project}::${resource.type}::${resource.name}`;
}

export class AnalyzerProcess {
    readonly stderrChunks: string[] = [];
    readonly stdoutLines: string[] = [];
    private constructor(
        private readonly child: ChildProcess,
        private readonly client: grpc.Client,
        readonly readyMilliseconds: number,
    ) {}

    /** Spawns the pack; resolves once the port is printed and the gRPC channel is ready. */
    static async start(packDir = PACK_DIR, env: NodeJS.ProcessEnv = process.env): Promise<AnalyzerProcess> {
        const started = process.hrtime.bigint();
        const child = spawn(process.execPath, [RUN_POLICY_PACK, "127.0.0.1:1", packDir], {
            cwd: packDir,
            env,
            stdio: ["ignore", "pipe", "pipe"],
        });
        const stderr: string[] = [];
        child.stderr!.setEncoding("utf8").on("data", (chunk: string) => stderr.push(chunk));
        const firstLines: string[] = [];
        const port = await new Promise<number>((resolve, reject) => {
            let buffered = "";
            const onData = (chunk: string) => {
                buffered += chunk;
                const newline = buffered.indexOf("\n");
                if (newline < 0) return;
                const line = buffered.slice(0, newline).trim();
                firstLines.push(line);
                child.stdout!.off("data", onData);
                if (/^\d+$/.test(line)) resolve(Number(line));
                else reject(new Error(`the pack's first stdout line is not a port: ${JSON.stringify(line)}; stderr: ${stderr.join("")}`));
            };
            child.stdout!.setEncoding("utf8").on("data", onData);
            child.once("exit", (code) =>
                reject(new Error(`the pack exited with code ${code} before printing its port; stderr: ${stderr.join("")}`)),
            );
        });
        const readyMilliseconds = Number(process.hrtime.bigint() - started) / 1e6;
        const Client = grpc.makeGenericClientConstructor(analyzerService.AnalyzerService, "Analyzer");
        const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
            "grpc.max_receive_message_length": 1024 * 1024 * 1024,
            "grpc.max_send_message_length": 1024 * 1024 * 1024,
        });
        const analyzer = new AnalyzerProcess(child, client, readyMilliseconds);
        analyzer.stderrChunks.push(...stderr);
        analyzer.stdoutLines.push(...firstLines);
        child.stderr!.on("data", (chunk: string) => analyzer.stderrChunks.push(chunk));
        child.stdout!.on("data", (chunk: string) => analyzer.stdoutLines.push(chunk));
        return analyzer;
    }

    get pid(): number {
        return this.child.pid!;
    }

    get exited(): boolean {
        return this.child.exitCode !== null || this.child.signalCode !== null;
    }

    private call<T>(method: string, request: unknown): Promise<T> {
        return new Promise((resolve, reject) => {
            (this.client as unknown as Record<string, Function>)[method](request, (err: Error | null, response: T) =>
                err ? reject(err) : resolve(response),
            );
        });
    }

    async configureStack(
        options: { stack?: string; project?: string; organization?: string; dryRun?: boolean; tags?: Record<string, string> } = {},
    ) {
        const request = new analyzerProto.AnalyzerStackConfigureRequest();
        request.setStack(options.stack ?? "dev");
        request.setProject(options.project ?? "uc-estate");
        request.setOrganization(options.organization ?? "organization");
        request.setDryRun(options.dryRun ?? true);
        const tags = request.getTagsMap();
        for (const [k, v] of Object.entries(options.tags ?? {})) tags.set(k, v);
        await this.call("configureStack", request);
    }

    async getAnalyzerInfo(): Promise<{
        name: string;
        displayName: string;
        readme: string;
        tags: string[];
        policies: Array<{ name: string; displayName: string; tags: string[]; enforcementLevel: EnforcementLevel; configSchema?: unknown }>;
    }> {
        const info = await this.call<{
            getName(): string;
            getDisplayname(): string;
            getReadme(): string;
            getTagsList(): string[];
            getPoliciesList(): Array<Record<string, Function>>;
        }>("getAnalyzerInfo", new (require("google-protobuf/google/protobuf/empty_pb").Empty)());
        return {
            name: info.getName(),
            displayName: info.getDisplayname(),
            readme: info.getReadme(),
            tags: info.getTagsList(),
            policies: info.getPoliciesList().map((p) => ({
                name: p.getName() as string,
                displayName: p.getDisplayname() as string,
                tags: p.getTagsList() as string[],
                enforcementLevel: LEVEL_NAMES[p.getEnforcementlevel()],
                configSchema: p.getConfigschema()?.getProperties()?.toJavaScript(),
            })),
        };
    }

    /** Sends per-policy configuration the way the engine does after validating it. */
    async configure(config: Record<string, { enforcementLevel?: EnforcementLevel } & Record<string, unknown>>) {
        const request = new analyzerProto.ConfigureAnalyzerRequest();
        const map = request.getPolicyconfigMap();
        for (const [policy, { enforcementLevel, ...properties }] of Object.entries(config)) {
            const policyConfig = new analyzerProto.PolicyConfig();
            policyConfig.setEnforcementlevel(LEVEL_NAMES.indexOf(enforcementLevel ?? "mandatory"));
            policyConfig.setProperties(Struct.fromJavaScript(properties as never));
            map.set(policy, policyConfig);
        }
        await this.call("configure", request);
    }

    async analyze(resource: TestResource): Promise<Diagnostic[]> {
        return toDiagnostics(await this.call("analyze", describe(new analyzerProto.AnalyzeRequest(), resource)));
    }

    async analyzeStack(resources: TestResource[]): Promise<Diagnostic[]> {
        return this.sendAnalyzeStack(AnalyzerProcess.analyzeStackRequest(resources));
    }

    /** Builds an AnalyzeStack request once, so a benchmark can time only the pack's work. */
    static analyzeStackRequest(resources: TestResource[]): unknown {
        const request = new analyzerProto.AnalyzeStackRequest();
        request.setResourcesList(resources.map((resource) => describe(new analyzerProto.AnalyzerResource(), resource)));
        return request;
    }

    async sendAnalyzeStack(request: unknown): Promise<Diagnostic[]> {
        return toDiagnostics(await this.call("analyzeStack", request));
    }

    /** AnalyzeStack with the policies the SDK reported as not applicable (skipped), and why. */
    async analyzeStackWithSkips(
        resources: TestResource[],
    ): Promise<{ diagnostics: Diagnostic[]; notApplicable: Array<{ policyName: string; reason: string }> }> {
        const response = await this.call<{ getNotApplicableList(): Array<Record<string, Function>> }>(
            "analyzeStack",
            AnalyzerProcess.analyzeStackRequest(resources),
        );
        return {
            diagnostics: toDiagnostics(response),
            notApplicable: response
                .getNotApplicableList()
                .map((p) => ({ policyName: p.getPolicyName() as string, reason: p.getReason() as string })),
        };
    }

    /** Peak resident memory of the pack process so far, in bytes (Linux). */
    peakRssBytes(): number {
        const status = require("node:fs").readFileSync(`/proc/${this.pid}/status`, "utf8") as string;
        const match = /VmHWM:\s+(\d+) kB/.exec(status);
        return match ? Number(match[1]) * 1024 : NaN;
    }

    async stop() {
        this.client.close();
        if (this.exited) return;
        const exited = new Promise((resolve) => this.child.once("exit", resolve));
        this.child.kill("SIGTERM");
        await exited;
    }
}

/** Fills an AnalyzeRequest or AnalyzerResource (the same fields) with a resource, as the engine does. */
function describe<T extends Record<string, Function>>(message: T, resource: TestResource): T {
    message.setType(resource.type);
    message.setName(resource.name);
    message.setUrn(urnOf(resource));
    message.setProperties(Struct.fromJavaScript(resource.properties as never));
    message.setOptions(new analyzerProto.AnalyzerResourceOptions());
    // Only stack resources (AnalyzerResource) carry dependencies; an AnalyzeRequest has none.
    if (resource.propertyDependencies && typeof message.getPropertydependenciesMap === "function") {
        const map = message.getPropertydependenciesMap();
        for (const [property, urns] of Object.entries(resource.propertyDependencies)) {
            map.set(property, new analyzerProto.AnalyzerPropertyDependencies().setUrnsList(urns));
        }
    }
    return message;
}

function toDiagnostics(response: unknown): Diagnostic[] {
    const list = (response as { getDiagnosticsList(): Array<Record<string, Function>> }).getDiagnosticsList();
    return list.map((d) => ({
        policyName: d.getPolicyname() as string,
        message: d.getMessage() as string,
        enforcementLevel: LEVEL_NAMES[d.getEnforcementlevel() as number],
        urn: d.getUrn() as string,
    }));
}
