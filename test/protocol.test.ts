// The pack started exactly as the engine starts it, driven over the analyzer gRPC protocol in the
// engine's order: ConfigureStack, GetAnalyzerInfo, Configure, Analyze per resource, AnalyzeStack.
import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import {
    AnalyzerProcess,
    type Diagnostic,
    type EnforcementLevel,
    PACK_DIR,
    REPO_ROOT,
    secret,
    type TestResource,
    UNKNOWN,
    urnOf,
} from "./harness/analyzer";
import { compliantEstate, VSPHERE_CATEGORY_ID, withTag } from "./estate";
import { loadCatalog } from "../policypack/src/catalog/load";
import { policyTags } from "../policypack/src/policies/metadata";
import { PACK_DESCRIPTION } from "../policypack/src/release";

const MINIMUM_CU = "exchange-um-communications-server-minimum-cu";
const COEXISTENCE =
    "Source: https://learn.microsoft.com/en-us/exchange/coexistence-with-office-communications-server-2007-r2-and-lync-server-exchange-2013-help";
const DESCRIPTION = "Communications servers integrated with Exchange Unified Messaging must run Microsoft's minimum cumulative update.";

interface PreviewOptions {
    stackTags?: Record<string, string>;
    config?: Record<string, { enforcementLevel?: EnforcementLevel } & Record<string, unknown>>;
}

/** Replays what `pulumi preview` sends and returns every diagnostic, Analyze ones first. */
async function preview(analyzer: AnalyzerProcess, resources: TestResource[], options: PreviewOptions = {}) {
    await analyzer.configureStack({ tags: options.stackTags ?? {} });
    await analyzer.getAnalyzerInfo();
    await analyzer.configure(options.config ?? {});
    const analyze: Diagnostic[] = [];
    for (const resource of resources) analyze.push(...(await analyzer.analyze(resource)));
    const stack = await analyzer.analyzeStack(resources);
    return { analyze, stack, all: [...analyze, ...stack] };
}

const mandatory = (ds: Diagnostic[]) => ds.filter((d) => d.enforcementLevel === "mandatory");
const summary = (ds: Diagnostic[]) => ds.map((d) => `${d.enforcementLevel} ${d.policyName} ${d.urn.split("::").pop()}`);

describe("the pack over the engine protocol", function () {
    this.timeout(60_000);
    let analyzer: AnalyzerProcess;
    beforeEach(async () => (analyzer = await AnalyzerProcess.start()));
    afterEach(async () => analyzer.stop());

    it("prints only its port on stdout and serves every catalog policy with its level and config schema", async () => {
        const info = await analyzer.getAnalyzerInfo();
        assert.strictEqual(info.name, "uc-exchange-um-policies");
        // The estate-settings owner is registered first (it reads the stack for the others), then the catalog's order.
        const policies = loadCatalog().policies;
        const expected = [...policies.filter((p) => p.ownsEstateSettings), ...policies.filter((p) => !p.ownsEstateSettings)];
        assert.deepStrictEqual(
            info.policies.map((p) => `${p.name}:${p.enforcementLevel}`),
            expected.map((p) => `${p.name}:${p.enforcementLevel}`),
            "the pack must serve each policy of rules/policies.json at its catalog enforcement level",
        );
        assert.ok(Object.keys(info.policies[0].configSchema as object).includes("minimumCumulativeUpdates"));
        // What Pulumi Cloud shows (pulumi policy publish sends it as the SDK reports it here).
        assert.strictEqual(info.displayName, "Microsoft Exchange and UC coexistence");
        // Each entry's display name and its tags (what they are is pinned in test/behaviour/metadata.test.ts).
        const catalog = loadCatalog();
        assert.deepStrictEqual(
            info.policies.map((p) => `${p.displayName} | ${p.tags.join(" ")}`),
            expected.map((p) => `${p.displayName} | ${policyTags(p, catalog).join(" ")}`),
        );
        assert.deepStrictEqual(info.tags, [...new Set(info.policies.flatMap((p) => p.tags))].sort());
        assert.ok(info.readme.startsWith(`# Microsoft Exchange and UC coexistence\n\n${PACK_DESCRIPTION}\n`), info.readme.slice(0, 300));
        for (const p of info.policies) assert.ok(info.readme.includes(`| ${p.displayName} (\`${p.name}\`) |`), p.name);
        assert.ok(info.readme.includes("which product families it concerns (ocs, lync, skype-for-business, exchange)"));
        await preview(analyzer, compliantEstate());
        assert.strictEqual(analyzer.stdoutLines.length, 1);
        assert.match(analyzer.stdoutLines[0], /^\d+$/);
    });

    it("passes the compliant estate, with an end-of-support advisory for every server past its date", async () => {
        const { all } = await preview(analyzer, compliantEstate());
        assert.deepStrictEqual(
            summary(all),
            ["exch-mbx-01", "lync-fe-01", "ocs-r2-01", "lync13-edge", "sfb-fe-01"].map(
                (n) => `advisory communications-server-end-of-support ${n}`,
            ),
        );
    });

    it("fails a Lync Server 2010 server below CU3 when another resource declares UM, with the full message", async () => {
        const { analyze, stack } = await preview(analyzer, withTag(compliantEstate(), "lync-fe-01", "tags", "CU", "CU2"));
        assert.deepStrictEqual(mandatory(analyze), [], "Analyze sees one resource: the declaration is on another one");
        assert.deepStrictEqual(mandatory(stack), [
            {
                policyName: MINIMUM_CU,
                enforcementLevel: "mandatory",
                urn: "urn:pulumi:dev::uc-estate::azure-native:compute:VirtualMachine::lync-fe-01",
                message: `${DESCRIPTION}\nLync Server 2010 server 'lync-fe-01' is at CU2; Exchange UM integration (declared by 'exch-mbx-01') requires CU3 or later (build 4.0.7577.166). ${COEXISTENCE}`,
            },
        ]);
    });

    it("fails OCS 2007 R2 below CU10 read from GCP labels", async () => {
        const { stack } = await preview(analyzer, withTag(compliantEstate(), "ocs-r2-01", "labels", "cu", "cu9"));
        assert.deepStrictEqual(
            mandatory(stack).map((d) => d.message.split("\n")[1]),
            [
                `Office Communications Server 2007 R2 server 'ocs-r2-01' is at CU9; Exchange UM integration (declared by 'exch-mbx-01') requires CU10 or later. ${COEXISTENCE}`,
            ],
        );
    });

    it("resolves a vSphere VM's unknown tag IDs through the property dependencies the engine sends, and never echoes a secret tag name", async () => {
        const category = {
            type: "vsphere:index/tagCategory:TagCategory",
            name: "uc-cu",
            properties: { name: "cu", cardinality: "SINGLE", associableTypes: ["VirtualMachine"] },
        };
        const product = {
            type: "vsphere:index/tag:Tag",
            name: "lync-2010",
            properties: { name: "Lync Server 2010", categoryId: VSPHERE_CATEGORY_ID },
        };
        const cu = {
            type: "vsphere:index/tag:Tag",
            name: "lync-cu",
            properties: { name: secret("CU2"), categoryId: UNKNOWN },
            propertyDependencies: { categoryId: [urnOf(category)] },
        };
        const vm: TestResource = {
            type: "vsphere:index/virtualMachine:VirtualMachine",
            name: "lync-vs-01",
            properties: { resourcePoolId: "resgroup-10", tags: [UNKNOWN, UNKNOWN] },
            propertyDependencies: { tags: [urnOf(product), urnOf(cu)] },
        };
        const estate = compliantEstate().filter((r) => r.name !== "lync-fe-01");
        const { stack } = await preview(analyzer, [...estate, category, product, cu, vm]);
        assert.deepStrictEqual(
            mandatory(stack).map((d) => d.message.split("\n")[1]),
            [
                `Lync Server 2010 server 'lync-vs-01' is at CU2; Exchange UM integration (declared by 'exch-mbx-01') requires CU3 or later (build 4.0.7577.166). ${COEXISTENCE}`,
            ],
        );
        // 'lync-2010' names the estate's product category by its known ID, 'lync-cu' its category by dependency.
        assert.ok(!stack.some((d) => d.message.includes("not known during preview")), JSON.stringify(stack));
    });

    it("reports during Analyze when the server itself declares UM, and does not repeat it in AnalyzeStack", async () => {
        let estate = withTag(compliantEstate(), "lync-fe-01", "tags", "CU", "CU1");
        estate = withTag(estate, "lync-fe-01", "tags", "exchange-um", "yes");
        const { analyze, stack } = await preview(analyzer, estate);
        assert.deepStrictEqual(summary(mandatory(analyze)), [`mandatory ${MINIMUM_CU} lync-fe-01`]);
        assert.deepStrictEqual(summary(mandatory(stack)), []);
        assert.strictEqual(
            mandatory(analyze)[0].message.split("\n")[1],
            `Lync Server 2010 server 'lync-fe-01' is at CU1; Exchange UM integration (declared by 'lync-fe-01') requires CU3 or later (build 4.0.7577.166). ${COEXISTENCE}`,
        );
    });

    it("applies the rule to every server when a Pulumi stack tag declares UM, already in Analyze", async () => {
        let estate = withTag(compliantEstate(), "exch-mbx-01", "tags", "exchange-um", undefined);
        estate = withTag(estate, "ocs-r2-01", "labels", "cu", "rtm");
        const { analyze, stack } = await preview(analyzer, estate, { stackTags: { "exchange-um": "enabled" } });
        assert.deepStrictEqual(
            mandatory(analyze).map((d) => d.message.split("\n")[1]),
            [
                `Office Communications Server 2007 R2 server 'ocs-r2-01' is at RTM; Exchange UM integration (declared by the stack tag 'exchange-um') requires CU10 or later. ${COEXISTENCE}`,
            ],
        );
        assert.deepStrictEqual(mandatory(stack), []);
    });

    it("one config entry makes the rule advisory everywhere it fires", async () => {
        let estate = withTag(compliantEstate(), "lync-fe-01", "tags", "CU", "CU2");
        estate = withTag(estate, "ocs-r2-01", "labels", "exchange-um", "on");
        estate = withTag(estate, "ocs-r2-01", "labels", "cu", "cu9");
        const { analyze, stack } = await preview(analyzer, estate, { config: { [MINIMUM_CU]: { enforcementLevel: "advisory" } } });
        const minimumCu = [...analyze, ...stack].filter((d) => d.policyName === MINIMUM_CU);
        assert.deepStrictEqual(summary(minimumCu), [`advisory ${MINIMUM_CU} ocs-r2-01`, `advisory ${MINIMUM_CU} lync-fe-01`]);
    });

    it("a disabled policy reports nothing", async () => {
        const estate = withTag(compliantEstate(), "lync-fe-01", "tags", "CU", "CU2");
        const { all } = await preview(analyzer, estate, { config: { [MINIMUM_CU]: { enforcementLevel: "disabled" } } });
        assert.deepStrictEqual(
            all.filter((d) => d.policyName === MINIMUM_CU),
            [],
        );
    });

    it("an unknown CU during preview is an advisory naming the server, or a violation when configured so", async () => {
        const estate = withTag(compliantEstate(), "lync-fe-01", "tags", "CU", UNKNOWN);
        const { all } = await preview(analyzer, estate);
        const note = all.filter((d) => d.policyName === MINIMUM_CU);
        assert.deepStrictEqual(summary(note), [`advisory ${MINIMUM_CU} lync-fe-01`]);
        assert.match(
            note[0].message,
            /'lync-fe-01': tag 'tags.CU' is not known during preview, so the requirement is checked at update time, when the value is known/,
        );

        await analyzer.stop();
        analyzer = await AnalyzerProcess.start();
        const strict = await preview(analyzer, estate, {
            config: { [MINIMUM_CU]: { enforcementLevel: "mandatory", unknownCumulativeUpdate: "violation" } },
        });
        assert.deepStrictEqual(summary(mandatory(strict.all)), [`mandatory ${MINIMUM_CU} lync-fe-01`]);
    });

    it("never prints secret tag values, in diagnostics or on stderr", async () => {
        const secretCu = "sekr1t-cu-value-4711";
        const secretProduct = "Lync sekr1t-product-0815";
        let estate = withTag(compliantEstate(), "lync-fe-01", "tags", "CU", secret(secretCu));
        estate = withTag(estate, "ocs-r2-01", "labels", "product", secret(secretProduct));
        estate = withTag(estate, "exch-mbx-01", "tags", "password", secret("hunter2-sekr1t"));
        const { all } = await preview(analyzer, estate);
        assert.ok(mandatory(all).length >= 1, "the unparseable secret CU still fails the check");
        const everything = JSON.stringify(all) + analyzer.stderrChunks.join("") + analyzer.stdoutLines.join("");
        for (const value of [secretCu, secretProduct, "hunter2-sekr1t", "sekr1t"])
            assert.ok(!everything.includes(value), `leaked ${value}`);
    });

    it("gives the same diagnostics in the same order for the same stack", async () => {
        const estate = withTag(withTag(compliantEstate(), "lync-fe-01", "tags", "CU", "CU2"), "ocs-r2-01", "labels", "cu", "cu9");
        const first = await preview(analyzer, estate);
        await analyzer.stop();
        analyzer = await AnalyzerProcess.start();
        const second = await preview(analyzer, estate);
        assert.deepStrictEqual(second.all, first.all);
    });
});

/** A copy of the built pack (no sources, no node_modules) whose catalog file `edit` changed. */
interface EditableCatalog {
    policies?: Array<{ params?: { minimums?: Array<{ product: string; update: number }> } }>;
    products: Array<{ lifecycle: { source?: string } }>;
}
type CatalogEdit = (catalog: EditableCatalog) => void;
function packWithCatalog(name: string, edit: CatalogEdit): string {
    const copy = path.join(REPO_ROOT, "build", name);
    fs.rmSync(copy, { recursive: true, force: true });
    fs.cpSync(PACK_DIR, copy, { recursive: true, filter: (src) => !src.includes("node_modules") && !src.includes(`${path.sep}src`) });
    const catalogFile = path.join(copy, "bin", "generated", "catalog.json");
    const catalog = JSON.parse(fs.readFileSync(catalogFile, "utf8"));
    edit(catalog);
    fs.writeFileSync(catalogFile, JSON.stringify(catalog));
    return copy;
}

/**
 * Starts `packDir` expecting it to stop before printing its port, and returns its error. A pack that
 * starts after all is stopped, so the test fails at once instead of leaving mocha waiting on it.
 */
async function startFailure(packDir: string): Promise<Error> {
    let started: AnalyzerProcess;
    try {
        started = await AnalyzerProcess.start(packDir);
    } catch (e) {
        return e as Error;
    }
    await started.stop();
    assert.fail(`the pack in ${packDir} started; it should have stopped on its catalog`);
}

describe("pack start-up with a damaged or hand-edited catalog", function () {
    this.timeout(30_000);
    it("stops with a clear error on stderr and nothing on stdout, instead of running with no rules", async () => {
        const broken = packWithCatalog("broken-pack", (catalog) => {
            delete catalog.policies;
        });
        const e = await startFailure(broken);
        assert.match(e.message, /exited with code 1 before printing its port/);
        assert.match(
            e.message,
            /uc-exchange-um-policies: the policy pack's rule catalog is invalid, so no policy can run:\n {2}\/ must have required property 'policies'/,
        );
    });

    // The build's digest no longer matches, so the references are checked again, not only the schema.
    it("checks an edited catalog in full: a reference the schema allows but the catalog lacks stops the pack", async () => {
        const edited = packWithCatalog("edited-pack", (catalog) => {
            catalog.products[0].lifecycle.source = "no-such-source";
        });
        const e = await startFailure(edited);
        assert.match(e.message, /exited with code 1 before printing its port/);
        assert.match(
            e.message,
            /the policy pack's rule catalog is invalid, so no policy can run:\n {2}product '[^']+' [^\n]*cites unknown source 'no-such-source'/,
        );
    });

    // Each kind's own checks run too: Lync Server 2010's update list is complete (CU1-CU18), so a
    // minimum of CU99 names an update Microsoft never published.
    it("checks an edited catalog in full: a minimum no published update meets stops the pack", async () => {
        const edited = packWithCatalog("edited-kind-pack", (catalog) => {
            const minimum = catalog.policies?.flatMap((p) => p.params?.minimums ?? []).find((m) => m.product === "lync-server-2010");
            assert.ok(minimum, "the catalog has a minimum for Lync Server 2010");
            minimum.update = 99;
        });
        const e = await startFailure(edited);
        assert.match(e.message, /exited with code 1 before printing its port/);
        assert.match(
            e.message,
            /the policy pack's rule catalog is invalid, so no policy can run:\n {2}policy '[^']+' requires CU99 of 'lync-server-2010', which Microsoft's update list for it lacks/,
        );
    });
});
