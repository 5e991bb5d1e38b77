// The pack inside the real pulumi CLI, as users run it: previews of the sample estate, config
// files checked by the engine, a stack tag, the audit of exported state, and the packed
// (publishable) pack installed from its tarball.
import * as assert from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ensurePulumiCli, PACK_DIR, PulumiWorkspace, REPO_ROOT } from "./workspace";

const MINIMUM_CU = "exchange-um-communications-server-minimum-cu";

function policyEvents(eventLog: string): Array<{ resourceUrn: string; policyName: string; enforcementLevel: string; message: string }> {
    return fs.readFileSync(eventLog, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line)).filter((e) => e.policyEvent).map((e) => e.policyEvent);
}

describe("the pack in the real pulumi CLI", function () {
    this.timeout(15 * 60_000);
    let ws: PulumiWorkspace;

    before(() => {
        ensurePulumiCli();
        ws = new PulumiWorkspace();
        ws.ok(["login", "--local"]);
        for (const stack of ["noncompliant", "compliant", "stacktag"]) ws.ok(["stack", "init", stack]);
    });
    after(() => ws?.remove());

    it("fails the non-compliant estate, naming each violating server and its required CU", () => {
        const eventLog = path.join(ws.dir, "noncompliant.jsonl");
        const result = ws.run(["preview", "--stack", "noncompliant", "--policy-pack", PACK_DIR, "--event-log", eventLog]);
        assert.notStrictEqual(result.code, 0, result.output);
        assert.match(result.output, /Lync Server 2010 server 'lync-fe-01' is at CU2; Exchange UM integration \(declared by 'exch-mbx-01'\) requires CU3 or later \(build 4\.0\.7577\.166\)/);
        assert.match(result.output, /Office Communications Server 2007 R2 server 'ocs-r2-01' is at CU9; Exchange UM integration \(declared by 'exch-mbx-01'\) requires CU10 or later/);
        const mandatory = policyEvents(eventLog).filter((e) => e.enforcementLevel === "mandatory");
        assert.deepStrictEqual(mandatory.map((e) => `${e.policyName} ${e.resourceUrn.split("::").pop()}`).sort(), [`${MINIMUM_CU} lync-fe-01`, `${MINIMUM_CU} ocs-r2-01`]);
    });

    it("the report tool turns the CLI's event log into SARIF and gates on it", () => {
        const eventLog = path.join(ws.dir, "noncompliant.jsonl");
        const sarifFile = path.join(ws.dir, "policy.sarif");
        const report = spawnSync(process.execPath, [path.join(PACK_DIR, "bin", "report", "cli.js"), "sarif", "--output", sarifFile, eventLog], { encoding: "utf8" });
        assert.strictEqual(report.status, 1, `mandatory violations fail the gate: ${report.stderr}`);
        const results = JSON.parse(fs.readFileSync(sarifFile, "utf8")).runs[0].results as Array<{ ruleId: string; level: string; message: { text: string }; locations: Array<{ logicalLocations: Array<{ name: string }> }> }>;
        const errors = results.filter((r) => r.level === "error").map((r) => `${r.ruleId} ${r.locations[0].logicalLocations[0].name}`).sort();
        assert.deepStrictEqual(errors, [`${MINIMUM_CU} lync-fe-01`, `${MINIMUM_CU} ocs-r2-01`]);
        assert.ok(results.some((r) => r.level === "warning" && r.ruleId === "communications-server-end-of-support"));
        const gateNone = spawnSync(process.execPath, [path.join(PACK_DIR, "bin", "report", "cli.js"), "junit", "--fail-on", "none", eventLog], { encoding: "utf8" });
        assert.strictEqual(gateNone.status, 0);
    });

    it("passes the compliant estate (exit 0), showing the end-of-support advisory", () => {
        const result = ws.run(["preview", "--stack", "compliant", "--policy-pack", PACK_DIR]);
        assert.strictEqual(result.code, 0, result.output);
        assert.match(result.output, /advisory.*communications-server-end-of-support|communications-server-end-of-support/);
        assert.doesNotMatch(result.output, /mandatory/);
    });

    it("a --policy-pack-config file downgrades the rule to advisory", () => {
        const config = ws.writeFile("advisory.json", JSON.stringify({ [MINIMUM_CU]: { enforcementLevel: "advisory" } }));
        const result = ws.run(["preview", "--stack", "noncompliant", "--policy-pack", PACK_DIR, "--policy-pack-config", config]);
        assert.strictEqual(result.code, 0, result.output);
        assert.match(result.output, /advisory/);
        assert.match(result.output, /'lync-fe-01' is at CU2/);
    });

    it("the engine rejects an invalid config file with a readable message before the pack runs", () => {
        const config = ws.writeFile("invalid.json", JSON.stringify({ [MINIMUM_CU]: { minimumCumulativeUpdates: { "lync-server-2010": "CU5" } } }));
        const result = ws.run(["preview", "--stack", "compliant", "--policy-pack", PACK_DIR, "--policy-pack-config", config]);
        assert.notStrictEqual(result.code, 0, result.output);
        assert.match(result.output, /minimumCumulativeUpdates/);
        assert.match(result.output, /integer/);
    });

    it("the configuration recipes of the docs are accepted by the engine and act as documented", () => {
        const configDir = path.join(REPO_ROOT, "docs", "config");
        const expectations: Record<string, { code: "zero" | "non-zero"; output: RegExp }> = {
            "all-mandatory.json": { code: "non-zero", output: /\[mandatory\].*communications-server-end-of-support/ },
            "minimum-cu-advisory.json": { code: "zero", output: /communications-server-end-of-support/ },
            "stricter-with-exemption.json": { code: "zero", output: /'lync-fe-01' is exempt from policy 'exchange-um-communications-server-minimum-cu' until 2099-12-31 \(reason: CU5 rollout, change CHG-1042\)\. Without the exemption: Lync Server 2010 server 'lync-fe-01' is at CU3 \(build 4\.0\.7577\.166\); Exchange UM integration \(declared by 'exch-mbx-01'\) requires CU5 or later \(build 4\.0\.7577\.190\), this organisation's minimum \(Microsoft requires CU3\)/ },
            "org-policy-config.json": { code: "zero", output: /communications-server-end-of-support/ },
        };
        assert.deepStrictEqual(fs.readdirSync(configDir).sort(), Object.keys(expectations).sort());
        for (const [file, expected] of Object.entries(expectations)) {
            const result = ws.run(["preview", "--stack", "compliant", "--policy-pack", PACK_DIR, "--policy-pack-config", path.join(configDir, file)]);
            assert.strictEqual(result.code === 0 ? "zero" : "non-zero", expected.code, `${file}:\n${result.output}`);
            assert.match(result.output.replace(/\s+/g, " "), expected.output, file);
        }
    });

    it("UM declared by a Pulumi stack tag puts every communications server under the rule", () => {
        assert.strictEqual(ws.run(["preview", "--stack", "stacktag", "--policy-pack", PACK_DIR]).code, 0, "no UM declared yet");
        ws.ok(["stack", "tag", "set", "exchange-um", "enabled", "--stack", "stacktag"]);
        const result = ws.run(["preview", "--stack", "stacktag", "--policy-pack", PACK_DIR]);
        assert.notStrictEqual(result.code, 0, result.output);
        assert.match(result.output, /'lync-fe-01' is at CU2; Exchange UM integration \(declared by the stack tag 'exchange-um'\) requires CU3 or later/);
    });

    it("pulumi policy analyze audits an exported stack state", () => {
        ws.ok(["up", "--stack", "noncompliant", "--yes", "--skip-preview"]);
        const state = path.join(ws.dir, "state.json");
        ws.ok(["stack", "export", "--stack", "noncompliant", "--file", state]);
        const result = ws.run(["policy", "analyze", "--policy-pack", PACK_DIR, "--file", state]);
        assert.notStrictEqual(result.code, 0, result.output);
        assert.match(result.output, /'lync-fe-01' is at CU2/);
        assert.match(result.output, /'ocs-r2-01' is at CU9/);

        // The same audit as JSON events, turned into a CI report by the tool.
        const json = ws.run(["policy", "analyze", "--policy-pack", PACK_DIR, "--file", state, "--json"]);
        const events = ws.writeFile("analyze.jsonl", json.stdout);
        const report = spawnSync(process.execPath, [path.join(PACK_DIR, "bin", "report", "cli.js"), "markdown", events], { encoding: "utf8" });
        assert.strictEqual(report.status, 1, report.stderr);
        assert.match(report.stdout, /❌ 2 mandatory and 1 advisory policy violations\./);
    });

    it("the sample's vSphere server is read through its Tag and TagCategory resources", () => {
        const state = path.join(ws.dir, "state.json");
        const servers = spawnSync(process.execPath, [path.join(PACK_DIR, "bin", "report", "cli.js"), "inventory", "--format", "csv", "--stack-export", state], { encoding: "utf8" });
        assert.match(servers.stdout, /^sfb-fe-01,vsphere:index\/virtualMachine:VirtualMachine,Skype for Business Server 2015,/m, servers.stdout + servers.stderr);
    });

    it("vSphere: a Lync Server 2010 VM tagged through Tag and TagCategory resources is checked in a first preview, after deployment and in an audit", () => {
        const dir = ws.project("vsphere", ["noncompliant", "compliant"]);
        const below = /Lync Server 2010 server 'lync-fe-01' is at CU2; Exchange UM integration \(declared by 'exch-mbx-01'\) requires CU3 or later/;
        const outside = /1 resource refers to tags or custom attributes by IDs that no resource of this stack has: 'legacy-fe-01' \(tags\[0\]\)\. They come from outside the stack/;

        // First preview: the tag IDs are unknown; the VM's property dependencies name its tags.
        const eventLog = path.join(ws.dir, "vsphere-preview.jsonl");
        const first = ws.run(["preview", "--stack", "noncompliant", "--policy-pack", PACK_DIR, "--event-log", eventLog], { cwd: dir });
        assert.notStrictEqual(first.code, 0, first.output);
        assert.match(first.output, below);
        const events = policyEvents(eventLog);
        assert.deepStrictEqual(events.filter((e) => e.enforcementLevel === "mandatory").map((e) => e.resourceUrn.split("::").pop()), ["lync-fe-01"]);
        // The VM tagged from outside the stack is named once, in one stack-level advisory.
        assert.strictEqual(events.filter((e) => outside.test(e.message)).length, 1);
        assert.ok(events.filter((e) => outside.test(e.message)).every((e) => e.enforcementLevel === "advisory"));

        // Deployed at CU3, then previewing a change to CU2: the IDs are known and resolved by ID.
        const up = ws.run(["up", "--stack", "compliant", "--yes", "--skip-preview", "--policy-pack", PACK_DIR], { cwd: dir });
        assert.strictEqual(up.code, 0, up.output);
        assert.match(up.output, outside);
        ws.ok(["config", "set", "lyncCu", "CU2", "--stack", "compliant"], { cwd: dir });
        const second = ws.run(["preview", "--stack", "compliant", "--policy-pack", PACK_DIR], { cwd: dir });
        assert.notStrictEqual(second.code, 0, second.output);
        assert.match(second.output, below);

        // The audit of the exported state (outputs, IDs known) finds the same.
        ws.ok(["up", "--stack", "noncompliant", "--yes", "--skip-preview"], { cwd: dir });
        const state = path.join(ws.dir, "vsphere-state.json");
        ws.ok(["stack", "export", "--stack", "noncompliant", "--file", state], { cwd: dir });
        const audit = ws.run(["policy", "analyze", "--policy-pack", PACK_DIR, "--file", state], { cwd: dir });
        assert.notStrictEqual(audit.code, 0, audit.output);
        assert.match(audit.output, below);
    });

    it("the local provider's real schema makes the YAML program reject a tag shape vSphere does not have", () => {
        const dir = ws.project("vsphere", [], "vsphere-map-tags");
        const program = path.join(dir, "Pulumi.yaml");
        fs.writeFileSync(program, fs.readFileSync(program, "utf8").replace(/tags:\n {8}- urn:vmomi:InventoryServiceTag:[^\n]+/, "tags:\n        product: Lync Server 2010"));
        ws.ok(["stack", "init", "mapshape"], { cwd: dir });
        ws.ok(["config", "set", "lyncCu", "CU3", "--stack", "mapshape"], { cwd: dir });
        const result = ws.run(["preview", "--stack", "mapshape"], { cwd: dir });
        assert.notStrictEqual(result.code, 0, result.output);
        assert.match(result.output, /tags: Cannot assign '\{product: string\}' to 'List<string>'/);
    });

    it("AWS: a server whose product and update come from the provider's default tags (tagsAll) is checked", () => {
        const dir = ws.project("defaulttags", ["noncompliant"]);
        const result = ws.run(["preview", "--stack", "noncompliant", "--policy-pack", PACK_DIR], { cwd: dir });
        assert.notStrictEqual(result.code, 0, result.output);
        assert.match(result.output, /Lync Server 2010 server 'lync-fe-02' is at CU2; Exchange UM integration \(declared by 'exch-mbx-01'\) requires CU3 or later/);
    });

    it("OCI: a server whose product is a namespaced defined tag is checked", () => {
        const dir = ws.project("oci", ["dev"]);
        const result = ws.run(["preview", "--stack", "dev", "--policy-pack", PACK_DIR], { cwd: dir });
        assert.notStrictEqual(result.code, 0, result.output);
        assert.match(result.output, /Lync Server 2010 server 'lync-fe-03' is at CU2; Exchange UM integration \(declared by 'exch-mbx-01'\) requires CU3 or later/);
    });

    it("the packed pack (npm pack, as pulumi policy publish does) installs and runs from its tarball", () => {
        const packDir = path.join(ws.dir, "packed");
        fs.mkdirSync(packDir);
        const tarball = execFileSync("npm", ["pack", "--silent", "--pack-destination", packDir], { cwd: PACK_DIR, encoding: "utf8" }).trim().split("\n").pop()!;
        execFileSync("tar", ["-xzf", path.join(packDir, tarball), "-C", packDir]);
        const installed = path.join(packDir, "package");
        for (const required of ["PulumiPolicy.yaml", "package.json", "bin/index.js", "bin/generated/catalog.json", "bin/generated/validate-catalog.js"]) {
            assert.ok(fs.existsSync(path.join(installed, required)), `the tarball lacks ${required}`);
        }
        assert.ok(!fs.existsSync(path.join(installed, "src")), "the tarball ships TypeScript sources");
        execFileSync("npm", ["install", "--omit=dev", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: installed, stdio: ["ignore", "ignore", "inherit"], timeout: 10 * 60_000 });
        const result = ws.run(["preview", "--stack", "noncompliant", "--policy-pack", installed]);
        assert.notStrictEqual(result.code, 0, result.output);
        assert.match(result.output, /'lync-fe-01' is at CU2/);
    });

    it("leaves the repository's sample project untouched", () => {
        const status = execFileSync("git", ["status", "--porcelain", "--", "Pulumi.yaml", "Pulumi.compliant.yaml", "Pulumi.noncompliant.yaml", "Pulumi.stacktag.yaml"], { cwd: REPO_ROOT, encoding: "utf8" });
        assert.strictEqual(status, "");
    });
});
