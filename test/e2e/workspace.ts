// Runs the real pulumi CLI against a private copy of the sample project: local file backend,
// private PULUMI_HOME, passphrase secrets, no update check, no plugin download - nothing leaves
// the machine and nothing in the repository changes.
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
export const PACK_DIR = path.join(REPO_ROOT, "policypack");
const TOOLS_BIN = path.join(REPO_ROOT, ".tools", "bin");

export interface RunResult {
    code: number;
    stdout: string;
    stderr: string;
    output: string;
}

/** Builds or reuses the pinned CLI (scripts/install-pulumi.sh); throws with the reason if it cannot. */
export function ensurePulumiCli(): void {
    try {
        execFileSync("bash", [path.join(REPO_ROOT, "scripts", "install-pulumi.sh")], {
            stdio: ["ignore", "inherit", "inherit"],
            timeout: 40 * 60_000,
        });
    } catch (e) {
        throw new Error(`the pulumi CLI could not be installed (scripts/install-pulumi.sh failed): ${(e as Error).message}`);
    }
}

export class PulumiWorkspace {
    readonly dir: string;
    readonly projectDir: string;
    private readonly env: NodeJS.ProcessEnv;

    constructor() {
        this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "uc-e2e-"));
        this.projectDir = path.join(this.dir, "project");
        fs.mkdirSync(this.projectDir);
        for (const file of fs.readdirSync(REPO_ROOT).filter((f) => /^Pulumi(\.[\w-]+)?\.yaml$/.test(f))) {
            fs.copyFileSync(path.join(REPO_ROOT, file), path.join(this.projectDir, file));
        }
        fs.cpSync(path.join(REPO_ROOT, "sample"), path.join(this.projectDir, "sample"), { recursive: true });
        fs.mkdirSync(path.join(this.dir, "state"));
        this.env = {
            ...process.env,
            PATH: `${TOOLS_BIN}${path.delimiter}${process.env.PATH}`,
            PULUMI_HOME: path.join(this.dir, "home"),
            PULUMI_BACKEND_URL: `file://${path.join(this.dir, "state")}`,
            PULUMI_CONFIG_PASSPHRASE: "uc-estate-sample",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            PULUMI_SKIP_CONFIRMATIONS: "true",
            // `--event-log` (what CI reports are made from) is offered only with debug commands on.
            PULUMI_DEBUG_COMMANDS: "true",
            // The local providers run from this copy; they load @pulumi/pulumi from the repository.
            NODE_PATH: path.join(REPO_ROOT, "node_modules"),
        };
    }

    /** The environment every command of this workspace runs with. */
    get environment(): NodeJS.ProcessEnv {
        return this.env;
    }

    /** The CLI's version, as `pulumi version` prints it (runs the CLI). */
    cliVersion(): string {
        return this.ok(["version"]).stdout.trim();
    }

    run(args: string[], options: { cwd?: string; timeoutMs?: number } = {}): RunResult {
        const result = spawnSync("pulumi", ["--color", "never", ...args], {
            cwd: options.cwd ?? this.projectDir,
            env: this.env,
            encoding: "utf8",
            timeout: options.timeoutMs ?? 5 * 60_000,
            maxBuffer: 64 * 1024 * 1024,
        });
        if (result.error) throw result.error;
        const stdout = result.stdout ?? "";
        const stderr = result.stderr ?? "";
        return { code: result.status ?? -1, stdout, stderr, output: `${stdout}\n${stderr}` };
    }

    /** Runs a command that must succeed, failing with its output otherwise. */
    ok(args: string[], options: { cwd?: string } = {}): RunResult {
        const result = this.run(args, options);
        if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${result.code}:\n${result.output}`);
        return result;
    }

    /** Runs a bash script with `set -e` semantics as a CI job would, with the workspace's
     * environment and extra folders first on PATH. */
    shell(script: string, options: { cwd?: string; path?: string[] } = {}): RunResult {
        const result = spawnSync("bash", ["-e", "-c", script], {
            cwd: options.cwd ?? this.projectDir,
            env: { ...this.env, PATH: [...(options.path ?? []), this.env.PATH].join(path.delimiter) },
            encoding: "utf8",
            timeout: 5 * 60_000,
        });
        if (result.error) throw result.error;
        return {
            code: result.status ?? -1,
            stdout: result.stdout ?? "",
            stderr: result.stderr ?? "",
            output: `${result.stdout}\n${result.stderr}`,
        };
    }

    /**
     * Copies a project of test/e2e/projects (with the sample's local providers) into the workspace
     * and initialises its stacks; returns its directory, for `run(..., { cwd })`.
     */
    project(name: string, stacks: string[], copyName = name): string {
        const dir = path.join(this.dir, copyName);
        fs.cpSync(path.join(REPO_ROOT, "test", "e2e", "projects", name), dir, { recursive: true });
        fs.cpSync(path.join(REPO_ROOT, "sample"), path.join(dir, "sample"), { recursive: true });
        for (const stack of stacks) this.ok(["stack", "init", stack], { cwd: dir });
        return dir;
    }

    writeFile(name: string, content: string): string {
        const file = path.join(this.dir, name);
        fs.writeFileSync(file, content);
        return file;
    }

    remove() {
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}
