// One test per rule kind, calling the rule directly on a scope built as the pack builds it, beside
// the whole-pack examples (rules/examples): what each rule concludes from the same facts, with the
// finding's code, level and exact message.
import * as assert from "node:assert";
import { loadCatalog } from "../policypack/src/catalog/load";
import type { PolicyKind } from "../policypack/src/catalog/types";
import { readFacts, type ResourceFacts } from "../policypack/src/model/facts";
import { renderMessage } from "../policypack/src/policies/diagnostics";
import { buildScope } from "../policypack/src/model/scope";
import { ruleKinds, settingsOf } from "../policypack/src/rules";
import type { Finding } from "../policypack/src/rules/finding";

const catalog = loadCatalog();
const policyOf = (kind: PolicyKind) => catalog.policies.find((p) => p.kind === kind)!;

interface Server {
    name: string;
    tags: Record<string, string>;
}

function run(
    kind: PolicyKind,
    servers: Server[],
    options: { today?: string; stackTags?: Record<string, string>; config?: Record<string, unknown> } = {},
): Finding[] {
    const policy = policyOf(kind);
    const owner = catalog.policies.find((p) => p.name === catalog.estateSettingsOwner)!;
    const estate = settingsOf(owner, options.config ?? {}, catalog);
    const settings = policy === owner ? estate : settingsOf(policy, {}, catalog, estate);
    const facts = servers
        .map((s) =>
            readFacts({ urn: `urn:${s.name}`, name: s.name, type: "aws:ec2/instance:Instance" }, { tags: s.tags }, catalog, settings),
        )
        .filter((f): f is ResourceFacts => f !== undefined);
    const scope = buildScope(
        "stack",
        facts,
        new Map(Object.entries(options.stackTags ?? {})),
        policy,
        settings,
        catalog,
        options.today ?? "2026-11-27",
    );
    return ruleKinds[policy.kind].check(policy, scope, settings, catalog);
}

const brief = (findings: Finding[]) =>
    findings.map(
        (f) => `${f.resource?.name ?? "(stack)"} ${f.code}${f.topic ? `:${f.topic}` : ""}${f.level === "advisory" ? " advisory" : ""}`,
    );

describe("rules, called on a built scope", () => {
    describe("end-of-support", () => {
        it("reports a Fixed-Lifecycle product only once its date has passed, and never a Modern-Lifecycle one", () => {
            const servers = [
                { name: "sfb19", tags: { product: "Skype for Business Server 2019" } },
                { name: "sfbse", tags: { product: "Skype for Business Server SE" } },
                { name: "exse", tags: { product: "Exchange SE" } },
            ];
            assert.deepStrictEqual(brief(run("end-of-support", servers, { today: "2025-10-14" })), []);
            assert.deepStrictEqual(brief(run("end-of-support", servers, { today: "2025-10-15" })), ["sfb19 end-of-support"]);
        });
        it("states the finding as data - the lifecycle source as a catalog id - rendered with that source's address last", () => {
            const [finding] = run("end-of-support", [{ name: "sfb19", tags: { product: "SfB 2019" } }]);
            assert.strictEqual(finding.source, "lifecycle-sfb-server-2019");
            assert.doesNotMatch(finding.text, /Source:/);
            const message = renderMessage(finding, catalog);
            assert.ok(message.startsWith(finding.text), message);
            assert.ok(message.endsWith(` Source: ${catalog.sources.get("lifecycle-sfb-server-2019")!.url}`), message);
        });
    });

    describe("minimum-cumulative-update", () => {
        const exchange = { name: "exch", tags: { product: "Exchange Server 2016", "exchange-um": "enabled" } };
        it("passes a build the table places at or above the minimum, and says it cannot verify one it can only bound", () => {
            const lync = (cu: string) => ({ name: "lync", tags: { product: "Lync Server 2010", cu } });
            assert.deepStrictEqual(brief(run("minimum-cumulative-update", [exchange, lync("4.0.7577.710")])), []);
            const stricter = run("minimum-cumulative-update", [exchange, lync("4.0.7577.710")], {
                config: { minimumCumulativeUpdates: { "lync-server-2010": 8 } },
            });
            assert.deepStrictEqual(brief(stricter), ["lync unverifiable-update advisory"]);
            assert.match(
                stricter[0].text,
                /^Lync Server 2010 server 'lync' is at build 4\.0\.7577\.710 \(CU7 or later\), which cannot be verified against CU8/,
            );
            assert.deepStrictEqual(brief(run("minimum-cumulative-update", [exchange, lync("4.0.7577.170")])), []);
            assert.deepStrictEqual(brief(run("minimum-cumulative-update", [exchange, lync("4.0.7577.160")])), ["lync below-minimum"]);
        });
        it("does not apply the requirement when UM is declared only on Exchange versions it is not documented for", () => {
            const exchange2019 = { name: "exch19", tags: { product: "Exchange Server 2019", "exchange-um": "enabled" } };
            const findings = run("minimum-cumulative-update", [exchange2019, { name: "ocs", tags: { product: "OCS 2007 R2", cu: "CU9" } }]);
            assert.deepStrictEqual(brief(findings), ["ocs not-applicable advisory"]);
        });
    });

    describe("unified-messaging-removed", () => {
        it("names, per communications server, what the Cloud Voicemail table says for Exchange 2019", () => {
            const findings = run("unified-messaging-removed", [
                { name: "exch19", tags: { product: "Exchange 2019", "exchange-um": "on" } },
                { name: "sfb19", tags: { product: "SfB 2019" } },
                { name: "lync13", tags: { product: "Lync 2013" } },
            ]);
            assert.deepStrictEqual(brief(findings), ["exch19 um-declared"]);
            assert.match(
                findings[0].text,
                /Skype for Business Server 2019 'sfb19': Cloud Voicemail with Exchange Server 2019; Lync Server 2013 'lync13': not supported with Exchange Server 2019/,
            );
            assert.ok(findings[0].wholeStackOnly, "voice-mail advice depends on the rest of the stack");
        });
        it("says the table does not cover Exchange Server SE rather than suggest a path", () => {
            const findings = run("unified-messaging-removed", [{ name: "exse", tags: { product: "Exchange SE", "exchange-um": "on" } }]);
            assert.match(findings[0].text, /does not cover Exchange Server SE, so no voice-mail path is documented for these mailboxes/);
        });
    });

    describe("unsupported-communications-server", () => {
        it("reports OCS 2007 only under a UM declaration on a documented Exchange version", () => {
            const ocs = { name: "ocs", tags: { product: "OCS 2007" } };
            assert.deepStrictEqual(
                brief(
                    run("unsupported-communications-server", [
                        { name: "exch", tags: { product: "Exchange 2013", "exchange-um": "on" } },
                        ocs,
                    ]),
                ),
                ["ocs unsupported"],
            );
            assert.deepStrictEqual(
                brief(
                    run("unsupported-communications-server", [
                        { name: "exch", tags: { product: "Exchange 2019", "exchange-um": "on" } },
                        ocs,
                    ]),
                ),
                [],
            );
            assert.deepStrictEqual(brief(run("unsupported-communications-server", [ocs])), []);
        });
    });

    describe("feature-requires-newer-servers", () => {
        it("speaks only for the seed's three features; other integrations are the matrix's", () => {
            const lync = { name: "lync", tags: { product: "Lync 2010" } };
            assert.deepStrictEqual(brief(run("feature-requires-newer-servers", [lync], { stackTags: { "uc-features": "oauth" } })), []);
            assert.deepStrictEqual(brief(run("feature-requires-newer-servers", [lync], { stackTags: { "uc-features": "ucs" } })), [
                "lync legacy-server",
            ]);
        });
    });

    describe("integration-matrix", () => {
        const sfb15 = { name: "sfb15", tags: { product: "SfB 2015" } };
        it("is silent for a pair Microsoft supports, mandatory where it says not supported, advisory where it says nothing", () => {
            const declared = { stackTags: { "uc-features": "unified-contact-store" } };
            assert.deepStrictEqual(
                brief(run("integration-matrix", [{ name: "e16", tags: { product: "Exchange 2016" } }, sfb15], declared)),
                [],
            );
            assert.deepStrictEqual(
                brief(run("integration-matrix", [{ name: "e10", tags: { product: "Exchange 2010" } }, sfb15], declared)),
                ["sfb15 integration-not-supported:unified-contact-store"],
            );
            assert.deepStrictEqual(brief(run("integration-matrix", [{ name: "ese", tags: { product: "Exchange SE" } }, sfb15], declared)), [
                "sfb15 integration-not-documented:unified-contact-store advisory",
            ]);
        });
        it("says once, for the stack, that a declaration cannot be checked without an Exchange server", () => {
            const findings = run("integration-matrix", [sfb15], { stackTags: { "uc-features": "ucs, oauth" } });
            assert.deepStrictEqual(brief(findings), [
                "(stack) no-exchange:unified-contact-store advisory",
                "(stack) no-exchange:server-to-server-auth advisory",
            ]);
        });
    });
});
