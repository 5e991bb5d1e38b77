// Issue 14: what the engine's two calls report. Resource validation (Analyze, before a resource is
// created or changed) reports what one resource shows; stack validation (AnalyzeStack) adds what
// needs the whole stack and never repeats the first. The policy named in the catalog as carrying
// the estate-wide settings is registered first, wherever the catalog lists it.
import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { indexCatalog, loadCatalog } from "../../policypack/src/catalog/load";
import type { RawCatalog } from "../../policypack/src/catalog/types";
import { buildPolicies, NOTHING_TO_CHECK } from "../../policypack/src/policies";
import { type Resource, stackResources, urn } from "../harness/inProcess";

const MINIMUM_CU = "exchange-um-communications-server-minimum-cu";
type Policy = ReturnType<typeof buildPolicies>[number];

/** Runs Analyze on every resource, then AnalyzeStack, as the engine does; records which call reported what. */
function run(
    policies: Policy[],
    resources: Resource[],
    stackTags: Record<string, string> = {},
    config: Record<string, Record<string, unknown>> = {},
) {
    const out: string[] = [];
    const reporter = (phase: string, policy: Policy) => (message: unknown, at?: string) => {
        const info =
            typeof message === "object"
                ? (message as { message: string; urn?: string; enforcementLevel?: string })
                : { message: String(message), urn: at };
        out.push(`${phase} ${policy.name} ${info.enforcementLevel ?? "policy-level"} ${info.urn?.split("::").pop() ?? "(stack)"}`);
    };
    for (const r of resources) {
        for (const policy of policies) {
            (policy.validateResource as (args: unknown, report: unknown) => void)(
                {
                    type: r.type,
                    name: r.name,
                    urn: urn(r),
                    props: r.properties,
                    opts: {},
                    stackTags: new Map(Object.entries(stackTags)),
                    getConfig: () => config[policy.name] ?? {},
                } as never,
                reporter("Analyze", policy) as never,
            );
        }
    }
    for (const policy of policies) {
        const onlyType = (policy.validateStack as { __pulumiType?: string }).__pulumiType;
        if (onlyType && !resources.some((r) => r.type === onlyType)) continue;
        policy.validateStack(
            {
                resources: stackResources(resources),
                stackTags: new Map(Object.entries(stackTags)),
                getConfig: () => config[policy.name] ?? {},
            } as never,
            reporter("AnalyzeStack", policy) as never,
        );
    }
    return out;
}

const server = (name: string, tags: Record<string, unknown>): Resource => ({
    type: "aws:ec2/instance:Instance",
    name,
    properties: { tags },
});

describe("Analyze and AnalyzeStack", () => {
    it("a server below its minimum under a stack-tag declaration is reported by Analyze, before it is created, and only once", () => {
        const policies = buildPolicies(loadCatalog(), { today: () => "2020-01-01" });
        assert.deepStrictEqual(run(policies, [server("lync-fe-01", { product: "Lync Server 2010", cu: "CU2" })], { "exchange-um": "on" }), [
            `Analyze ${MINIMUM_CU} policy-level lync-fe-01`,
        ]);
    });

    it("a conclusion that needs the whole stack (no UM declared anywhere) is AnalyzeStack's", () => {
        const policies = buildPolicies(loadCatalog(), { today: () => "2020-01-01" });
        assert.deepStrictEqual(run(policies, [server("mystery", { product: "Lync" })]), [`AnalyzeStack ${MINIMUM_CU} advisory mystery`]);
    });

    it("an unresolved product under a stack-tag declaration fails in Analyze already", () => {
        const policies = buildPolicies(loadCatalog(), { today: () => "2020-01-01" });
        assert.deepStrictEqual(run(policies, [server("mystery", { product: "Lync" })], { "exchange-um": "on" }), [
            `Analyze ${MINIMUM_CU} policy-level mystery`,
        ]);
    });

    it("a declaration on another resource is seen by AnalyzeStack", () => {
        const policies = buildPolicies(loadCatalog(), { today: () => "2020-01-01" });
        const resources = [
            server("lync-fe-01", { product: "Lync Server 2010", cu: "CU2" }),
            server("exch", { product: "Exchange Server 2013", "exchange-um": "on" }),
        ];
        assert.deepStrictEqual(run(policies, resources), [`AnalyzeStack ${MINIMUM_CU} policy-level lync-fe-01`]);
    });

    it("the estate-settings policy runs first even when the catalog lists it later, and its tag keys reach the others", () => {
        const rulesDir = path.resolve(__dirname, "..", "..", "..", "rules");
        const raw: RawCatalog = Object.assign(
            {},
            ...["sources.json", "products.json", "lifecycle.json", "tags.json", "providers.json", "integrations.json", "policies.json"].map(
                (f) => JSON.parse(fs.readFileSync(path.join(rulesDir, f), "utf8")),
            ),
        );
        const eos = raw.policies.find((p) => p.name === "communications-server-end-of-support")!;
        delete raw.policies[0].ownsEstateSettings;
        eos.ownsEstateSettings = true;
        const policies = buildPolicies(indexCatalog(raw), { today: () => "2026-11-24" });
        assert.deepStrictEqual(policies.map((p) => p.name).slice(0, 2), ["communications-server-end-of-support", MINIMUM_CU]);
        assert.ok("tagKeys" in policies[0].configSchema!.properties && !("tagKeys" in policies[1].configSchema!.properties));
        const config = { "communications-server-end-of-support": { tagKeys: { product: ["role"] } } };
        assert.deepStrictEqual(
            run(policies, [server("lync-fe-01", { role: "Lync Server 2010", cu: "CU2" })], { "exchange-um": "on" }, config),
            ["Analyze communications-server-end-of-support policy-level lync-fe-01", `Analyze ${MINIMUM_CU} policy-level lync-fe-01`],
        );
    });

    it("a server brought under the rule only by the stack is reported even when another server was reported by Analyze", () => {
        const policies = buildPolicies(loadCatalog(), { today: () => "2020-01-01" });
        const resources = [
            server("lync-fe-01", { product: "Lync Server 2010", cu: "CU2", "exchange-um": "on" }),
            server("lync-fe-02", { product: "Lync Server 2010", cu: "CU2" }),
        ];
        assert.deepStrictEqual(run(policies, resources), [
            `Analyze ${MINIMUM_CU} policy-level lync-fe-01`,
            `AnalyzeStack ${MINIMUM_CU} policy-level lync-fe-02`,
        ]);
    });

    it("a policy with a finding Analyze reported and a new stack-wide one still reports the new one", () => {
        const policies = buildPolicies(loadCatalog(), { today: () => "2020-01-01" });
        const resources = [
            server("lync-fe-01", { product: "Lync Server 2010", cu: "CU3", "uc-features": "high-resolution-photos" }),
            server("exch", { product: "Exchange Server 2013" }),
        ];
        assert.deepStrictEqual(
            run(policies, resources, { "uc-features": "nope" }).filter((l) => l.includes("lync-2013-features")),
            [
                "Analyze lync-2013-features-on-legacy-servers policy-level lync-fe-01",
                "AnalyzeStack lync-2013-features-on-legacy-servers policy-level (stack)",
            ],
        );
    });
});

describe("one reading per resource for all policies", () => {
    const EOS = "communications-server-end-of-support";
    const analyzeArgs = (r: Resource) =>
        ({ type: r.type, name: r.name, urn: urn(r), props: r.properties, opts: {}, stackTags: new Map(), getConfig: () => ({}) }) as never;

    it("when Analyze requests interleave (the SDK awaits between policies), each policy still judges its own request's resource", () => {
        const policies = buildPolicies(loadCatalog(), { today: () => "2026-11-27" });
        const [leader] = policies;
        const eos = policies.find((p) => p.name === EOS)!;
        const old = server("lync-old", { product: "Lync Server 2010", cu: "CU3" });
        const current = server("sfb-se", { product: "Skype for Business Server SE" });
        const reported: string[] = [];
        const report = (message: unknown, at?: string) =>
            reported.push(typeof message === "object" ? String((message as { urn?: string }).urn) : String(at));
        // Request A's leader, then request B's leader, then each request's end-of-support policy.
        (leader.validateResource as Function)(analyzeArgs(old), () => undefined);
        (leader.validateResource as Function)(analyzeArgs(current), () => undefined);
        (eos.validateResource as Function)(analyzeArgs(old), report);
        (eos.validateResource as Function)(analyzeArgs(current), report);
        assert.deepStrictEqual(reported, [urn(old)]);
    });

    it("the same diagnostics when every policy reads the resource and the stack for itself", () => {
        const resources = [
            server("lync-old", { product: "Lync Server 2010", cu: "CU2" }),
            server("exch", { product: "Exchange Server 2013", "exchange-um": "on" }),
            server("ocs", { product: "OCS 2007" }),
        ];
        const shared = run(buildPolicies(loadCatalog(), { today: () => "2026-11-27" }), resources);
        const own = run(buildPolicies(loadCatalog(), { today: () => "2026-11-27", stackShortcut: false }), resources);
        assert.deepStrictEqual(shared, own);
        assert.ok(shared.includes(`AnalyzeStack ${MINIMUM_CU} policy-level lync-old`), shared.join("\n"));
    });
});

describe("skipping policies with nothing new (the SDK's by-type fast path)", () => {
    it("after the leader's AnalyzeStack, a policy with nothing beyond what Analyze reported is marked for the SDK to skip; one with news is not", () => {
        const policies = buildPolicies(loadCatalog(), { today: () => "2020-01-01" });
        const typeOf = (name: string) => (policies.find((p) => p.name === name)!.validateStack as { __pulumiType?: string }).__pulumiType;
        const resources = [
            server("lync-fe-01", { product: "Lync Server 2013", cu: "CU10" }),
            server("exch", { product: "Exchange Server 2013" }),
        ];
        run(policies, resources, { "uc-features": "nope" });
        assert.strictEqual(NOTHING_TO_CHECK, "uc-exchange-um-policies:no-server-this-policy-checks:InThisStack");
        // Only the feature policy has news (the stack tag 'uc-features: nope' is its to report); every other
        // follower of the catalog has nothing beyond Analyze.
        const withNews = loadCatalog()
            .policies.filter((p) => p.kind === "feature-requires-newer-servers")
            .map((p) => p.name);
        assert.deepStrictEqual(withNews, ["lync-2013-features-on-legacy-servers"]);
        assert.deepStrictEqual(
            policies.slice(1).map((p) => `${p.name}: ${typeOf(p.name) === NOTHING_TO_CHECK ? "skipped" : "runs"}`),
            policies.slice(1).map((p) => `${p.name}: ${withNews.includes(p.name) ? "runs" : "skipped"}`),
        );
    });
});

describe("the policies as the engine lists them", () => {
    it("carry the catalog's severity, enforcement level, remediation steps (one per line) and source address", () => {
        const catalog = loadCatalog();
        const [minimumCu] = buildPolicies(catalog);
        assert.deepStrictEqual(
            {
                name: minimumCu.name,
                enforcementLevel: minimumCu.enforcementLevel,
                severity: minimumCu.severity,
                url: minimumCu.url,
                remediationSteps: minimumCu.remediationSteps!.split("\n"),
            },
            {
                name: MINIMUM_CU,
                enforcementLevel: "mandatory",
                severity: "high",
                url: "https://learn.microsoft.com/en-us/exchange/coexistence-with-office-communications-server-2007-r2-and-lync-server-exchange-2013-help",
                remediationSteps: [
                    "Install the required cumulative update (or a later one) on every server of the pool before enabling Exchange UM integration.",
                    "Then set the server's 'cu' tag to the installed level, for example CU10, or for Lync Server 2010 its build number such as 4.0.7577.166.",
                    "If UM integration is not intended, remove the 'exchange-um' declaration or set it to disabled.",
                ],
            },
        );
    });
});
