// Fuzzing the running pack over the engine protocol: thousands of hostile resources must neither
// fail an RPC (a thrown error fails every preview of the organisation) nor stop the pack, and a
// known non-compliant server sent afterwards must still be caught.
import * as assert from "node:assert";
import fc from "fast-check";
import { AnalyzerProcess, type Diagnostic, secret, type TestResource } from "./harness/analyzer";
import { resourceName, resourceProperties, resourceType, stackTags, tagValue } from "./arbitraries";
import { compliantEstate, withTag } from "./estate";
import { SEED } from "./properties.test";

const RESOURCES = Number(process.env.FUZZ_RESOURCES ?? 3000);

/** Wraps some leaves in the engine's secret envelope, with a marker that must never be printed. */
function withSecrets(value: unknown, counter: { n: number }): unknown {
    if (Array.isArray(value)) return value.map((v) => withSecrets(v, counter));
    if (value && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const key of Object.keys(value)) out[key] = withSecrets((value as Record<string, unknown>)[key], counter);
        return out;
    }
    if (typeof value === "string" && counter.n++ % 7 === 0) return secret(`SECRET-MARKER-${counter.n}`);
    return value;
}

/** The protocol carries JSON: drop what protobuf Struct cannot encode (-0 is fine, NaN is not). */
const jsonSafe = (value: unknown) => JSON.parse(JSON.stringify(value));

describe(`fuzzing the pack over the engine protocol (${RESOURCES} resources, seed ${SEED})`, function () {
    this.timeout(300_000);
    let analyzer: AnalyzerProcess;
    before(async () => (analyzer = await AnalyzerProcess.start()));
    after(async () => analyzer.stop());

    it("answers every Analyze and AnalyzeStack call, never prints a secret, and keeps catching violations", async () => {
        const counter = { n: 0 };
        const arbitrary = fc.record({ type: resourceType, name: resourceName, properties: resourceProperties });
        const resources: TestResource[] = fc.sample(arbitrary, { seed: SEED, numRuns: RESOURCES }).map((r, i) => ({
            type: r.type,
            name: `${r.name}-${i}`,
            properties: jsonSafe(withSecrets(r.properties, counter)),
        }));
        const [tags] = fc.sample(stackTags, { seed: SEED, numRuns: 1 });
        await analyzer.configureStack({ tags });
        await analyzer.configure({});

        const diagnostics: Diagnostic[] = [];
        for (const resource of resources) diagnostics.push(...(await analyzer.analyze(resource)));
        for (let i = 0; i < resources.length; i += 500) diagnostics.push(...(await analyzer.analyzeStack(resources.slice(i, i + 500))));
        diagnostics.push(...(await analyzer.analyzeStack(resources)));
        const junkValues = fc.sample(tagValue, { seed: SEED + 1, numRuns: 200 }).map((v) => jsonSafe(v ?? null));
        for (const value of junkValues)
            diagnostics.push(
                ...(await analyzer.analyze({ type: "aws:ec2/instance:Instance", name: "junk", properties: { tags: value } as never })),
            );

        assert.ok(!analyzer.exited, "the pack stopped");
        const printed = JSON.stringify(diagnostics) + analyzer.stderrChunks.join("") + analyzer.stdoutLines.slice(1).join("");
        assert.ok(!printed.includes("SECRET-MARKER"), "a secret value was printed");
        assert.strictEqual(analyzer.stdoutLines.length, 1, "the pack wrote to stdout after its port");
        assert.ok(diagnostics.every((d) => d.message.length > 0 && d.policyName.length > 0));

        const stillCaught = await analyzer.analyzeStack(withTag(compliantEstate(), "lync-fe-01", "tags", "CU", "CU2"));
        assert.deepStrictEqual(
            // Resource diagnostics only: the random stack tags may themselves be reported, stack-wide.
            stillCaught
                .filter((d) => d.enforcementLevel === "mandatory" && d.urn !== "")
                .map((d) => `${d.policyName} ${d.urn.split("::").pop()}`),
            ["exchange-um-communications-server-minimum-cu lync-fe-01"],
        );
    });
});
