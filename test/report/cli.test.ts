// The uc-policy-report command in process (main(), what the bin runs): its help, option errors,
// where it writes, the exit code for every combination of outcomes and --fail-on, and the
// inventory command. The spawned bin is tested in report.test.ts.
import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { exitCode, main } from "../../policypack/src/report/cli";
import type { PolicyRun, PolicyViolation, RunStatus } from "../../policypack/src/report/eventLog";
import { RELEASE_VERSION } from "../../policypack/src/release";
import { tempDir } from "../harness/tempDir";

/** The start of a Markdown report of this release, then `rest`, as a pattern. */
function markdownStart(rest: string): RegExp {
    const start = `<!-- uc-policy-report: pulumi policy results -->\n### Pulumi policy results (uc-policy-report ${RELEASE_VERSION})\n${rest}`;
    return new RegExp(`^${start.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);
}

const REPO = path.resolve(__dirname, "..", "..", "..");
const fixtures = path.join(REPO, "test", "fixtures", "report");
const fixture = (name: string) => path.join(fixtures, `${name}-preview.jsonl`);
const read = (name: string) => fs.readFileSync(fixture(name), "utf8");
const EXPORT = path.join(fixtures, "noncompliant-export.json");
const USAGE_START = "usage: uc-policy-report COMMAND [options] FILE...\n\ncommands:\n";
const EXIT_CODES_START = "exit codes (several logs: the first that applies, in this order):\n";

function cli(args: string[]) {
    let stdout = "";
    let stderr = "";
    const code = main(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
    return { code, stdout, stderr };
}

function tempFile(name: string, content: string): string {
    const file = path.join(tempDir("uc-cli-"), name);
    fs.writeFileSync(file, content);
    return file;
}

/** A log of the same run for another stack, so several logs can be given at once. */
const asStack = (text: string, stack: string) => text.replace(/urn:pulumi:(noncompliant|compliant)::/g, `urn:pulumi:${stack}::`);

describe("CI report tool: help and usage errors", () => {
    it("prints the usage with the exit codes for help, and with exit 2 when no command is given", () => {
        const help = cli(["help"]);
        assert.deepStrictEqual([help.code, help.stderr], [0, ""]);
        assert.ok(help.stdout.startsWith(USAGE_START), help.stdout);
        assert.ok(help.stdout.includes(`\n\n${EXIT_CODES_START}`));
        assert.ok(help.stdout.endsWith("(no report written)\n"));
        assert.deepStrictEqual(cli(["--help"]), help);
        assert.deepStrictEqual(cli(["-h"]), help);
        assert.deepStrictEqual(cli(["--help", "sarif"]), help, "only 'help' takes a command");
        assert.deepStrictEqual(cli([]), { ...help, code: 2 });
    });

    it("prints a command's help and the exit codes, the same whether asked with help COMMAND or COMMAND --help", () => {
        for (const command of ["sarif", "junit", "markdown", "codequality", "annotations"]) {
            const asked = cli([command, "--help"]);
            assert.strictEqual(asked.code, 0);
            assert.ok(asked.stdout.startsWith(`usage: uc-policy-report ${command} [options] EVENT_LOG...\n\n`), asked.stdout);
            assert.ok(asked.stdout.includes("  --fail-on mandatory|advisory|none   the gate for violations (default mandatory)"));
            assert.ok(asked.stdout.includes(`locate findings\n\n${EXIT_CODES_START}`), command);
            assert.deepStrictEqual(cli(["help", command]), asked);
            assert.deepStrictEqual(cli([command, "-h", "whatever.jsonl"]), asked, "help wins over the files");
        }
        // The inventory has exit codes of its own, stated in its help.
        const inventory = cli(["inventory", "--help"]);
        assert.strictEqual(inventory.code, 0);
        assert.ok(inventory.stdout.startsWith("usage: uc-policy-report inventory [--format markdown|csv|json]"));
        assert.ok(
            inventory.stdout.endsWith(
                "Exit 1 when a server is below its minimum or unsupported, 0 otherwise, 2 on a usage or input error.\n",
            ),
        );
        assert.ok(!inventory.stdout.includes("exit codes"));
        assert.strictEqual(cli(["help", "inventory"]).stdout.trimEnd(), inventory.stdout.trimEnd());
    });

    it("answers a usage error with the message, the usage, exit 2 and no report", () => {
        const cases: Array<[string[], string]> = [
            [["pdf", fixture("noncompliant")], "unknown command 'pdf'"],
            [["help", "pdf"], "unknown command 'pdf'"],
            [["sarif"], "give at least one event log"],
            [
                ["sarif", "--fail-on", "sometimes", fixture("noncompliant")],
                "--fail-on takes mandatory, advisory, none, low, medium, high or critical (several joined by commas), not 'sometimes'",
            ],
            [
                ["sarif", "--fail-on", "remediate", fixture("noncompliant")],
                "--fail-on takes mandatory, advisory, none, low, medium, high or critical (several joined by commas), not 'remediate'",
            ],
            [["inventory"], "inventory takes --stack-export FILE or one event log"],
            [["inventory", fixture("noncompliant"), fixture("compliant")], "inventory takes --stack-export FILE or one event log"],
            [["inventory", "--format", "pdf", fixture("noncompliant")], "--format must be markdown, csv or json, not 'pdf'"],
            [["inventory", "--stack-tag", "exchange-um", fixture("noncompliant")], "--stack-tag takes KEY=VALUE, not 'exchange-um'"],
            [["inventory", "--stack-tag", "=enabled", fixture("noncompliant")], "--stack-tag takes KEY=VALUE, not '=enabled'"],
        ];
        for (const [args, message] of cases) {
            const result = cli(args);
            assert.deepStrictEqual([result.code, result.stdout], [2, ""], args.join(" "));
            assert.ok(result.stderr.startsWith(`uc-policy-report: ${message}\n${USAGE_START}`), result.stderr);
            assert.ok(result.stderr.endsWith("(no report written)\n"));
        }
        // Node's own option parsing errors are usage errors too.
        const unknown = cli(["sarif", "--bogus", fixture("noncompliant")]);
        assert.strictEqual(unknown.code, 2);
        assert.match(unknown.stderr, /^uc-policy-report: Unknown option '--bogus'.*\nusage: uc-policy-report COMMAND/);
    });

    it("answers an unreadable or damaged file with the file and the problem, without the usage", () => {
        const cases: Array<[string[], RegExp]> = [
            [["sarif", "/nonexistent/events.jsonl"], /^uc-policy-report: \/nonexistent\/events\.jsonl: cannot read: ENOENT\n$/],
            [["sarif", "--stack-export", "/nonexistent/state.json", fixture("noncompliant")], /: cannot read: ENOENT\n$/],
            [
                ["sarif", "--stack-export", tempFile("state.json", "{not json"), fixture("noncompliant")],
                /state\.json: not JSON \(.*\); expected the output of pulumi stack export\n$/,
            ],
            [
                ["inventory", "--stack-export", tempFile("state.json", "[1]")],
                /state\.json: not a stack export: no deployment\.resources list/,
            ],
            [
                ["inventory", "--stack-export", tempFile("state.json", "null")],
                /state\.json: not a stack export: no deployment\.resources list/,
            ],
            // A report that cannot be written: the system's reason, no usage.
            [
                ["markdown", "--output", "/nonexistent/dir/policy.md", fixture("noncompliant")],
                /^uc-policy-report: ENOENT: no such file or directory, open '\/nonexistent\/dir\/policy\.md'\n$/,
            ],
            [
                ["inventory", "--stack-export", tempFile("state.json", "{oops")],
                /state\.json: not JSON \(.*\); expected the output of pulumi stack export\n$/,
            ],
        ];
        for (const [args, expected] of cases) {
            const result = cli(args);
            assert.deepStrictEqual([result.code, result.stdout], [2, ""], args.join(" "));
            assert.match(result.stderr, expected);
        }
    });

    it("refuses two logs of one stack, which would give GitHub two runs of one category, but not two logs that name no stack", () => {
        const twice = cli(["junit", fixture("compliant"), fixture("failed")]);
        assert.strictEqual(twice.code, 2);
        assert.strictEqual(
            twice.stderr.split("\n")[0],
            `uc-policy-report: ${fixture("failed")} and ${fixture("compliant")} are both logs of uc-estate/compliant; give one log per stack`,
        );
        const otherProject = tempFile("other.jsonl", read("compliant").replace(/::uc-estate::/g, "::billing::"));
        assert.strictEqual(
            cli(["junit", "--fail-on", "none", fixture("compliant"), otherProject]).code,
            0,
            "same stack name, other project",
        );
        const nopack = cli(["junit", "--fail-on", "none", fixture("nopack"), tempFile("again.jsonl", read("nopack"))]);
        assert.strictEqual(nopack.code, 6);
        assert.strictEqual((nopack.stdout.match(/<testsuite /g) ?? []).length, 2);
    });
});

describe("CI report tool: where the report goes", () => {
    it("writes the report to --output and nothing to stdout", () => {
        const out = path.join(tempDir("uc-cli-"), "policy.md");
        const result = cli(["markdown", "--output", out, fixture("noncompliant")]);
        assert.deepStrictEqual([result.code, result.stdout, result.stderr], [1, "", ""]);
        assert.strictEqual(fs.readFileSync(out, "utf8"), cli(["markdown", fixture("noncompliant")]).stdout);
        assert.match(fs.readFileSync(out, "utf8"), markdownStart(""));
    });

    it("writes each format of the same run", () => {
        const formats: Array<[string, RegExp]> = [
            ["sarif", /^\{\n {2}"\$schema": "https:\/\/json\.schemastore\.org\/sarif-2\.1\.0\.json",\n/],
            [
                "junit",
                /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="pulumi policy" tests="26" failures="2" errors="0" time="3">\n/,
            ],
            ["markdown", markdownStart("\n❌ 2 mandatory and 1 advisory policy violations.\n")],
            ["codequality", /^\[\n {2}\{\n {4}"description": "\[uc-estate\/noncompliant\] communications-server-end-of-support/],
            ["annotations", /^::error file=Pulumi\.yaml,line=49,title=exchange-um-communications-server-minimum-cu/],
        ];
        for (const [format, start] of formats) {
            const result = cli([format, "--repo-root", fixtures, fixture("noncompliant")]);
            assert.strictEqual(result.code, 1, format);
            assert.match(result.stdout, start, format);
            assert.ok(result.stdout.endsWith("\n"), format);
        }
    });

    it("warns on stderr, and still writes the file, when it has more runs than GitHub accepts (20)", () => {
        const dir = tempDir("uc-cli-");
        const logs = Array.from({ length: 11 }, (_, i) => tempFile(`s${i}.jsonl`, asStack(read("compliant"), `s${i}`)));
        const result = cli(["sarif", "--output", path.join(dir, "all.sarif"), ...logs]);
        assert.strictEqual(result.code, 0);
        assert.strictEqual(
            result.stderr,
            "uc-policy-report: warning: this SARIF file has 22 runs; GitHub code scanning rejects an upload with more than 20 - write one file per stack (or fewer stacks per file)\n",
        );
        assert.strictEqual(JSON.parse(fs.readFileSync(path.join(dir, "all.sarif"), "utf8")).runs.length, 22);
        const twenty = cli(["sarif", "--output", path.join(dir, "twenty.sarif"), ...logs.slice(0, 10)]);
        assert.deepStrictEqual([twenty.code, twenty.stderr], [0, ""]);
        // Incomplete runs write fewer runs (no pack runs): 21 stacks of failed runs are 21 runs.
        const failed = Array.from({ length: 21 }, (_, i) =>
            tempFile(`f${i}.jsonl`, read("failed").replace(/urn:pulumi:compliant::/g, `urn:pulumi:f${i}::`)),
        );
        assert.match(cli(["sarif", "--output", path.join(dir, "failed.sarif"), ...failed]).stderr, /has 21 runs;/);
    });
});

describe("CI report tool: exit codes and --fail-on", () => {
    it("gates violations by --fail-on: mandatory (the default), advisory, or none", () => {
        const cases: Array<[string, string | undefined, number]> = [
            ["noncompliant", undefined, 1],
            ["noncompliant", "mandatory", 1],
            ["noncompliant", "advisory", 1],
            ["noncompliant", "none", 0],
            // The compliant stack has one advisory finding.
            ["compliant", undefined, 0],
            ["compliant", "mandatory", 0],
            ["compliant", "advisory", 1],
            ["compliant", "none", 0],
        ];
        for (const [log, failOn, code] of cases) {
            const args = ["markdown", ...(failOn ? ["--fail-on", failOn] : []), fixture(log)];
            assert.strictEqual(cli(args).code, code, args.join(" "));
        }
        const clean = tempFile("clean.jsonl", asStack(read("compliant"), "clean").replace(/^.*"policyEvent".*$/m, ""));
        assert.strictEqual(cli(["markdown", "--fail-on", "advisory", clean]).code, 0, "nothing found");
    });

    it("lets nothing but a complete run pass, whatever --fail-on says", () => {
        const lines = read("noncompliant").split("\n").filter(Boolean);
        const cases: Array<[string, number]> = [
            [fixture("failed"), 3],
            [tempFile("c.jsonl", read("noncompliant").replace('"result":"failed"', '"result":"canceled"')), 4],
            [tempFile("t.jsonl", lines.slice(0, 40).join("\n")), 5],
            [fixture("nopack"), 6],
            [fixture("withoutpack"), 6],
        ];
        for (const [file, code] of cases)
            for (const failOn of ["mandatory", "advisory", "none"])
                assert.strictEqual(cli(["junit", "--fail-on", failOn, file]).code, code, `${failOn} ${file}`);
    });

    it("answers several logs with the first exit code that applies: truncated, cancelled, failed, no pack, violations, clean", () => {
        const run = (status: RunStatus, levels: string[] = []): PolicyRun => ({
            estate: { resources: 0, servers: [] },
            seconds: 0,
            file: "x",
            project: "p",
            stack: "s",
            status,
            problems: [],
            packs: [],
            analyzedResources: [],
            violations: levels.map((enforcementLevel) => ({ enforcementLevel }) as PolicyViolation),
        });
        const order: PolicyRun[] = [
            run("truncated"),
            run("canceled"),
            run("failed"),
            run("no-policy-pack"),
            run("complete", ["mandatory"]),
            run("complete"),
        ];
        const codes = [5, 4, 3, 6, 1, 0];
        for (let i = 0; i < order.length; i++) {
            // The run that decides, with every run after it, in either order.
            const rest = order.slice(i);
            assert.strictEqual(exitCode(rest, "mandatory"), codes[i], rest.map((r) => r.status).join(" "));
            assert.strictEqual(exitCode([...rest].reverse(), "mandatory"), codes[i], `reversed ${rest.map((r) => r.status).join(" ")}`);
        }
        assert.strictEqual(exitCode([], "mandatory"), 0, "nothing to report");
        assert.strictEqual(exitCode([run("complete", ["remediate"])], "mandatory"), 1, "a remediation is mandatory");
        assert.strictEqual(exitCode([run("complete", ["advisory"])], "mandatory"), 0);
        assert.strictEqual(exitCode([run("complete", ["advisory"])], "advisory"), 1);
        assert.strictEqual(exitCode([run("complete", ["disabled"])], "advisory"), 0, "a disabled policy never fails");
        assert.strictEqual(exitCode([run("complete", ["mandatory"])], "none"), 0);
        // Through the command, with real logs of different stacks.
        const cancelled = tempFile("c.jsonl", asStack(read("noncompliant"), "c").replace('"result":"failed"', '"result":"canceled"'));
        assert.strictEqual(cli(["sarif", fixture("noncompliant"), cancelled, fixture("failed")]).code, 4);
        assert.strictEqual(cli(["sarif", fixture("compliant"), fixture("noncompliant")]).code, 1);
        assert.strictEqual(cli(["sarif", fixture("noncompliant"), fixture("nopack")]).code, 6);
    });
});

describe("CI report tool: inventory command", () => {
    const exported = () => JSON.parse(fs.readFileSync(EXPORT, "utf8"));
    const withServers = (change: (resource: Record<string, any>) => void) => {
        const state = exported();
        for (const resource of state.deployment.resources) change(resource);
        return tempFile("state.json", JSON.stringify(state));
    };

    it("lists the servers of a stack export as Markdown, saying who declared Exchange UM", () => {
        const result = cli(["inventory", "--stack-export", EXPORT]);
        assert.strictEqual(result.code, 1, "servers below their minimum");
        const lines = result.stdout.split("\n");
        assert.deepStrictEqual(lines.slice(0, 6), [
            "### UC server inventory",
            "",
            "Exchange UM integration declared by 'exch-mbx-01'.",
            "",
            "| Resource | Type | Product | CU found | CU required | Status | Integrations declared | Note |",
            "|---|---|---|---|---|---|---|---|",
        ]);
        assert.strictEqual(
            lines.find((l) => l.startsWith("| lync-fe-01 ")),
            "| lync-fe-01 | azure-native:compute:VirtualMachine | Lync Server 2010 | CU2 | CU3 or later | below-minimum | exchange-um | past end of support (2021-04-13) |",
        );
    });

    it("takes stack tags as KEY=VALUE, the value kept whole", () => {
        const tagged = cli(["inventory", "--stack-tag", "exchange-um=enabled", "--stack-tag", "note=a=b", fixture("noncompliant")]);
        assert.match(tagged.stdout, /^Exchange UM integration declared by the stack tag 'exchange-um' and 'exch-mbx-01'\.$/m);
        const undeclared = withServers((r) => {
            if (r.outputs?.tags?.["exchange-um"]) delete r.outputs.tags["exchange-um"];
        });
        assert.match(cli(["inventory", "--stack-export", undeclared]).stdout, /^No Exchange UM integration declared\.$/m);
        assert.match(
            cli(["inventory", "--stack-tag", "exchange-um=enabled", "--stack-export", undeclared]).stdout,
            /^Exchange UM integration declared by the stack tag 'exchange-um'\.$/m,
        );
        assert.match(
            cli(["inventory", "--stack-tag", "exchange-um=enabled=x", "--stack-export", undeclared]).stdout,
            /^No Exchange UM integration declared\.$/m,
            "the value is everything after the first '=': 'enabled=x' is not a yes",
        );
    });

    it("exits 1 for an unsupported server, and 0 when every server meets its minimum", () => {
        const fixed = (r: Record<string, any>) => {
            if (r.outputs?.tags?.CU) r.outputs.tags.CU = "CU3";
            if (r.outputs?.labels?.cu) r.outputs.labels.cu = "CU10";
        };
        const compliant = cli(["inventory", "--format", "json", "--stack-export", withServers(fixed)]);
        assert.strictEqual(compliant.code, 0, compliant.stdout);
        const unsupported = cli([
            "inventory",
            "--format",
            "json",
            "--stack-export",
            withServers((r) => {
                fixed(r);
                if (r.outputs?.labels?.product) r.outputs.labels.product = "ocs-2007";
            }),
        ]);
        assert.strictEqual(unsupported.code, 1);
        const servers = JSON.parse(unsupported.stdout).servers as Array<Record<string, string>>;
        assert.deepStrictEqual(
            servers.map((s) => `${s.name} ${s.status}`),
            [
                "exch-mbx-01 exchange-server",
                "lync-fe-01 compliant",
                "lync13-edge not-required",
                "ocs-r2-01 unsupported",
                "sfb-fe-01 unverifiable",
            ],
        );
    });

    it("writes JSON with who declared UM and every server, and CSV with the URN last", () => {
        const json = cli(["inventory", "--format", "json", "--stack-export", EXPORT]);
        const parsed = JSON.parse(json.stdout);
        assert.strictEqual(parsed.umDeclaredBy, "'exch-mbx-01'");
        assert.deepStrictEqual(Object.keys(parsed.servers[0]), [
            "name",
            "type",
            "urn",
            "product",
            "updateFound",
            "updateRequired",
            "status",
            "note",
            "integrations",
        ]);
        assert.ok(json.stdout.startsWith('{\n  "umDeclaredBy"') && json.stdout.endsWith("}\n"));
        const csv = cli(["inventory", "--format", "csv", "--stack-export", EXPORT]).stdout.split("\n");
        assert.strictEqual(csv[0], "name,type,product,updateFound,updateRequired,status,integrations,note,urn");
        assert.strictEqual(
            csv.find((l) => l.startsWith("lync-fe-01,")),
            "lync-fe-01,azure-native:compute:VirtualMachine,Lync Server 2010,CU2,CU3 or later,below-minimum,exchange-um,past end of support (2021-04-13),urn:pulumi:noncompliant::uc-estate::azure-native:compute:VirtualMachine::lync-fe-01",
        );
    });

    it("refuses an inventory from a cancelled, failed or truncated run, and reads a complete one", () => {
        const cancelled = tempFile("c.jsonl", read("noncompliant").replace('"result":"failed"', '"result":"canceled"'));
        const cases: Array<[string, string]> = [
            [cancelled, "the run was cancelled"],
            [fixture("failed"), "the run failed"],
            [tempFile("t.jsonl", read("noncompliant").split("\n").slice(0, 30).join("\n")), "the run log is truncated"],
        ];
        for (const [file, what] of cases) {
            const result = cli(["inventory", file]);
            assert.deepStrictEqual([result.code, result.stdout], [2, ""]);
            assert.strictEqual(
                result.stderr,
                `uc-policy-report: ${file}: ${what}, so the inventory would be incomplete; use --stack-export instead\n`,
            );
        }
        // A run without a pack still lists every resource it declared.
        const withoutPack = cli(["inventory", "--format", "csv", fixture("withoutpack")]);
        assert.strictEqual(withoutPack.code, 0);
        assert.match(
            withoutPack.stdout,
            /^lync-fe-01,azure-native:compute:VirtualMachine,Lync Server 2010,CU3 \(build 4\.0\.7577\.166\),CU3 or later,compliant,/m,
        );
    });
});

describe("CI report tool: inventory from a stack export", () => {
    const urnOf = (r: { type: string; name: string }) => `urn:pulumi:prod::uc::${r.type}::${r.name}`;
    /** The first vSphere tag-model example (rules/examples/tag-models) as a stack export records it. */
    function vsphereExport(change: (resource: Record<string, any>) => void = () => undefined): string {
        const example = JSON.parse(fs.readFileSync(path.join(REPO, "rules", "examples", "tag-models", "vsphere.json"), "utf8")).examples[0];
        const resources = (example.resources as Array<Record<string, any>>).map((r) => {
            const state: Record<string, any> = {
                urn: urnOf(r as { type: string; name: string }),
                type: r.type,
                inputs: {},
                outputs: r.properties,
            };
            if (r.propertyDependencies)
                state.propertyDependencies = Object.fromEntries(
                    Object.entries(r.propertyDependencies as Record<string, string[]>).map(([property, names]) => [
                        property,
                        names.map((name) => urnOf(example.resources.find((x: { name: string }) => x.name === name))),
                    ]),
                );
            change(state);
            return state;
        });
        return tempFile("state.json", JSON.stringify({ version: 3, deployment: { resources } }));
    }
    const row = (result: { stdout: string }, name: string) => result.stdout.split("\n").find((l) => l.startsWith(`${name},`));

    it("reads vSphere tags through the property dependencies the export records", () => {
        const result = cli(["inventory", "--format", "csv", "--stack-export", vsphereExport()]);
        assert.strictEqual(result.code, 1);
        assert.match(
            row(result, "lync-fe-01")!,
            /^lync-fe-01,vsphere:index\/virtualMachine:VirtualMachine,Lync Server 2010,CU2,CU3 or later,below-minimum,/,
        );
        // Without them, the IDs (one placeholder for every tag) name no tag of the stack.
        const bare = cli(["inventory", "--format", "csv", "--stack-export", vsphereExport((r) => delete r.propertyDependencies)]);
        assert.match(
            row(bare, "lync-fe-01")!,
            /^lync-fe-01,vsphere:index\/virtualMachine:VirtualMachine,\(unknown\),,,unverifiable,,tags\[0\] not known until the update runs,/,
        );
        // Dependencies on resources the export does not hold, or not given as lists, resolve nothing.
        const dangling = cli([
            "inventory",
            "--format",
            "csv",
            "--stack-export",
            vsphereExport((r) => {
                if (r.propertyDependencies?.tags)
                    r.propertyDependencies = { tags: ["urn:pulumi:prod::uc::vsphere:index/tag:Tag::gone"], other: "x" };
            }),
        ]);
        assert.match(row(dangling, "lync-fe-01")!, /,\(unknown\),,,unverifiable,,tags\[0\] not known until the update runs,/);
        const notAMap = cli([
            "inventory",
            "--format",
            "csv",
            "--stack-export",
            vsphereExport((r) => {
                if (r.propertyDependencies?.tags) r.propertyDependencies = null;
            }),
        ]);
        assert.match(row(notAMap, "lync-fe-01")!, /,\(unknown\),,,unverifiable,,tags\[0\] not known until the update runs,/);
    });

    it("leaves out resources pending deletion and entries that are not resources, and reads inputs when there are no outputs", () => {
        const state = JSON.parse(fs.readFileSync(EXPORT, "utf8"));
        const lync = state.deployment.resources.find((r: { urn: string }) => r.urn.endsWith("::lync-fe-01"));
        // The replaced server's old state, still at CU1, waits for deletion after the new one was created.
        state.deployment.resources.push({ ...lync, outputs: { tags: { ...lync.outputs.tags, CU: "CU1" } }, delete: true }, null, "x", {
            type: "no-urn",
        });
        // A server created but not yet read back: its outputs are empty, its inputs say what it is.
        state.deployment.resources.push({
            urn: "urn:pulumi:noncompliant::uc-estate::aws:ec2/instance:Instance::lync-new",
            type: "aws:ec2/instance:Instance",
            inputs: { tags: { product: "Lync Server 2010", cu: "CU3" } },
            outputs: {},
        });
        const result = cli(["inventory", "--format", "csv", "--stack-export", tempFile("state.json", JSON.stringify(state))]);
        const lines = result.stdout.split("\n");
        assert.deepStrictEqual(
            lines.filter((l) => l.startsWith("lync-fe-01,")).map((l) => l.split(",")[3]),
            ["CU2"],
            "the deleted copy is not listed",
        );
        assert.match(row(result, "lync-new")!, /^lync-new,aws:ec2\/instance:Instance,Lync Server 2010,CU3,CU3 or later,compliant,/);
        // A resource without a type is listed with an empty one.
        const untyped = JSON.parse(JSON.stringify(state));
        delete untyped.deployment.resources.find((r: { urn?: string }) => r?.urn?.endsWith("::lync-new")).type;
        assert.match(
            row(cli(["inventory", "--format", "csv", "--stack-export", tempFile("s.json", JSON.stringify(untyped))]), "lync-new")!,
            /^lync-new,,Lync Server 2010,/,
        );
    });

    it("takes an event log's resources from their latest event, and skips events that carry no resource", () => {
        const lines = read("noncompliant").split("\n").filter(Boolean);
        const at = lines.findIndex((l) => l.includes('"summaryEvent"'));
        const extra = [
            // A deletion: the resource has no new state.
            JSON.stringify({
                sequence: 70,
                resourcePreEvent: {
                    metadata: {
                        op: "delete",
                        urn: "urn:pulumi:noncompliant::uc-estate::aws:ec2/instance:Instance::old-lync",
                        old: {},
                        new: null,
                    },
                },
            }),
            JSON.stringify({ sequence: 71, resourcePreEvent: {} }),
            JSON.stringify({ sequence: 72, diagnosticEvent: { message: "resOutputsEvent mentioned in a message", severity: "info" } }),
            JSON.stringify({ sequence: 73, resOutputsEvent: { metadata: { new: { type: "x", urn: 5 } } } }),
        ];
        const log = tempFile("n.jsonl", [...lines.slice(0, at), ...extra, ...lines.slice(at)].join("\n"));
        const result = cli(["inventory", "--format", "csv", log]);
        assert.strictEqual(result.code, 1);
        assert.deepStrictEqual(
            result.stdout
                .split("\n")
                .slice(1, -1)
                .map((l) => l.split(",")[0]),
            ["exch-mbx-01", "lync-fe-01", "lync13-edge", "ocs-r2-01", "sfb-fe-01"],
        );
    });
});
