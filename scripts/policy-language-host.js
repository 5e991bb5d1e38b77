#!/usr/bin/env node
// A stand-in for the Node.js language host (pulumi-language-nodejs) that runs Node.js policy
// packs and nothing else. Since v3.274 the pulumi CLI starts a Node.js policy pack only through
// the language host's RunPlugin RPC (the older `pulumi-analyzer-policy-nodejs` fallback is gone),
// and the Go module proxy does not serve the language host, so the real-CLI tests, the demo and
// the benchmarks use this. It does what the real host does for kind "analyzer": resolves
// @pulumi/pulumi/cmd/run-policy-pack from the pack's folder and runs
// `node run-policy-pack <args from the engine> <pack folder>` in that folder with the engine's
// environment, streaming the pack's stdout (its port first) and stderr back to the engine.
// Not done: the real host also proxies ConfigureStack to pass stack config as PULUMI_NODEJS_*
// variables, which this pack does not read. Any other kind of plugin is refused by name.

const { spawn } = require("node:child_process");
const path = require("node:path");

const repoRoot = path.resolve(__dirname, "..");
const from = (id) => require(require.resolve(id, { paths: [repoRoot] }));
const grpc = from("@grpc/grpc-js");
const languageProto = from("@pulumi/pulumi/proto/language_pb");
const languageService = from("@pulumi/pulumi/proto/language_grpc_pb");
const pluginProto = from("@pulumi/pulumi/proto/plugin_pb");

const VERSION = "0.0.0-policy-packs-only";

function unimplemented(name) {
    return (_call, callback) =>
        callback({
            code: grpc.status.UNIMPLEMENTED,
            details: `${name}: this stand-in language host (scripts/policy-language-host.js) runs Node.js policy packs only`,
        });
}

function runPlugin(call) {
    const request = call.request;
    if (request.getKind() !== "analyzer") {
        call.emit("error", {
            code: grpc.status.UNIMPLEMENTED,
            details: `RunPlugin of kind '${request.getKind()}': this stand-in runs Node.js policy packs (kind 'analyzer') only`,
        });
        return;
    }
    const packDir = request.getInfo()?.getProgramDirectory() || request.getPwd();
    let runPolicyPack;
    try {
        runPolicyPack = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
    } catch {
        call.emit("error", {
            code: grpc.status.FAILED_PRECONDITION,
            details: `@pulumi/pulumi is not installed for the policy pack in ${packDir}; run npm install there`,
        });
        return;
    }
    const env = {};
    for (const entry of request.getEnvList()) {
        const at = entry.indexOf("=");
        if (at > 0) env[entry.slice(0, at)] = entry.slice(at + 1);
    }
    const child = spawn(process.execPath, [runPolicyPack, ...request.getArgsList(), packDir], {
        cwd: packDir,
        env: Object.keys(env).length > 0 ? env : process.env,
        stdio: ["ignore", "pipe", "pipe"],
    });
    const send = (set) => (chunk) => {
        const response = new languageProto.RunPluginResponse();
        set(response, chunk);
        call.write(response);
    };
    child.stdout.on(
        "data",
        send((r, chunk) => r.setStdout(chunk)),
    );
    child.stderr.on(
        "data",
        send((r, chunk) => r.setStderr(chunk)),
    );
    child.on("error", (e) => call.emit("error", { code: grpc.status.INTERNAL, details: `could not start node: ${e.message}` }));
    child.on("close", (code, signal) => {
        const response = new languageProto.RunPluginResponse();
        response.setExitcode(code ?? (signal ? 128 : 1));
        call.write(response);
        call.end();
    });
    // The engine cancels the stream when it is done with the pack: stop the pack with it.
    call.on("cancelled", () => child.kill("SIGTERM"));
}

function main() {
    const server = new grpc.Server();
    const handlers = {};
    for (const name of Object.keys(languageService.LanguageRuntimeService)) handlers[name] = unimplemented(name);
    handlers.getPluginInfo = (_call, callback) => {
        const info = new pluginProto.PluginInfo();
        info.setVersion(VERSION);
        callback(null, info);
    };
    handlers.handshake = (_call, callback) => callback(null, new languageProto.LanguageHandshakeResponse());
    handlers.runPlugin = runPlugin;
    server.addService(languageService.LanguageRuntimeService, handlers);
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
        if (error) {
            process.stderr.write(`policy-language-host: cannot listen: ${error.message}\n`);
            process.exit(1);
        }
        // The engine reads the port from the first stdout line.
        process.stdout.write(`${port}\n`);
    });
    const stop = () => server.tryShutdown(() => process.exit(0));
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
}

main();
