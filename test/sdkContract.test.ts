// The pack leans on behaviour of @pulumi/policy that the SDK does not document: a stack policy
// whose validateStack carries `__pulumiType` is skipped, without deserializing the stack, when no
// resource has that type, and the SDK reads the mark on every AnalyzeStack call (policies.ts sets
// it per call on the policies with nothing new to report). These tests pin that contract through
// the pack as the engine starts it, with the SDK as installed, so an upgrade that changes it fails
// here, naming the cause, instead of silently slowing every preview or dropping findings.
import * as assert from "node:assert";
import * as path from "node:path";
import { AnalyzerProcess, TestResource } from "./harness/analyzer";
import { compliantEstate } from "./estate";
import { NOTHING_TO_CHECK } from "../policypack/src/policies";

const SDK_VERSION: string = require("@pulumi/policy/package.json").version;
const CAUSE = `@pulumi/policy ${SDK_VERSION} no longer honours the by-type fast path policies.ts relies on (validateStack.__pulumiType, read per AnalyzeStack call)`;
const FOLLOWERS = [
    "exchange-um-unsupported-communications-server",
    "exchange-2019-unified-messaging-removed",
    "lync-2013-features-on-legacy-servers",
    "communications-server-end-of-support",
    "exchange-integration-supported-versions",
    "exchange-organisation-coexistence",
];

async function previewWithSkips(analyzer: AnalyzerProcess, resources: TestResource[]) {
    await analyzer.configureStack({});
    await analyzer.getAnalyzerInfo();
    await analyzer.configure({});
    for (const resource of resources) await analyzer.analyze(resource);
    return analyzer.analyzeStackWithSkips(resources);
}

describe("the @pulumi/policy behaviour the stack-reading shortcut relies on", function () {
    this.timeout(60_000);
    let analyzer: AnalyzerProcess;
    beforeEach(async () => (analyzer = await AnalyzerProcess.start()));
    afterEach(async () => analyzer.stop());

    it("runs on the Node.js version under test (scripts/with-node.sh), never an end-of-life one", () => {
        const major = process.versions.node.split(".")[0];
        if (process.env.NODE_MAJOR)
            assert.strictEqual(major, process.env.NODE_MAJOR, "the tests run on another Node.js than the one asked for");
        assert.ok(Number(major) >= 22, `Node.js ${process.version} is not supported (22 or later)`);
    });

    it("installs one copy of @pulumi/pulumi, shared by the pack and the SDK (two copies double start-up)", () => {
        const fromPack = require.resolve("@pulumi/pulumi/package.json", { paths: [path.join(__dirname, "..", "..", "policypack")] });
        const fromSdk = require.resolve("@pulumi/pulumi/package.json", {
            paths: [path.dirname(require.resolve("@pulumi/policy/package.json"))],
        });
        assert.strictEqual(
            fromSdk,
            fromPack,
            "npm installed a second @pulumi/pulumi under @pulumi/policy: align the versions in policypack/package.json",
        );
    });

    it("skips every policy with nothing new to report, as not applicable to the marker type", async () => {
        // Resources whose tags Analyze can read on its own (vSphere tags resolve only in stack validation,
        // so a vSphere server is news to the stack and its policies rightly run).
        const readableAlone = compliantEstate().filter((r) => !r.type.startsWith("vsphere:"));
        const { notApplicable } = await previewWithSkips(analyzer, readableAlone);
        const skipped = notApplicable.filter((p) => p.reason.includes(NOTHING_TO_CHECK)).map((p) => p.policyName);
        assert.deepStrictEqual(skipped.sort(), [...FOLLOWERS].sort(), `${CAUSE}: the SDK ran policies marked to be skipped`);
    });

    it("runs a policy again once it has something new, in the same process (the mark is read per call)", async () => {
        await previewWithSkips(
            analyzer,
            compliantEstate().filter((r) => !r.type.startsWith("vsphere:")),
        );
        // OCS 2007 (not R2) under a UM declaration made by another resource: only the stack sees it.
        const estate = [
            ...compliantEstate().filter((r) => !r.type.startsWith("vsphere:")),
            { type: "aws:ec2/instance:Instance", name: "ocs-2007-01", properties: { tags: { product: "OCS 2007", cu: "RTM" } } },
        ];
        const { diagnostics, notApplicable } = await previewWithSkips(analyzer, estate);
        assert.ok(
            !notApplicable.some((p) => p.policyName === FOLLOWERS[0]),
            `${CAUSE}: a policy marked skipped in one AnalyzeStack stayed skipped in the next`,
        );
        assert.ok(
            diagnostics.some((d) => d.policyName === FOLLOWERS[0] && d.urn.endsWith("::ocs-2007-01") && d.enforcementLevel === "mandatory"),
            `${CAUSE}: the stack-level finding on ocs-2007-01 was not reported`,
        );
    });
});
