// One test per rule kind, calling the rule directly on a scope built as the pack builds it, beside
// the whole-pack examples (rules/examples): what each rule concludes from the same facts, with the
// finding's code, level and exact message.
import * as assert from "node:assert";
import { loadCatalog } from "../policypack/src/catalog/load";
import { readFacts, type ResourceFacts } from "../policypack/src/model/facts";
import { renderMessage } from "../policypack/src/policies/diagnostics";
import { buildScope } from "../policypack/src/model/scope";
import { checkPolicy, settingsOf } from "../policypack/src/rules";
import type { KindPolicy } from "../policypack/src/rules/kinds";
import type { Finding } from "../policypack/src/rules/finding";

const catalog = loadCatalog();
type PolicyKindName = KindPolicy["kind"];
const policyOf = (kind: PolicyKindName) => catalog.policies.find((p) => p.kind === kind)!;

interface Server {
    name: string;
    tags: Record<string, string>;
}

function run(
    kind: PolicyKindName,
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
    return checkPolicy(policy, scope, settings, catalog);
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
        it("makes the upgrade path update-aware: Exchange 2019 below CU14 is told to install it first, Exchange 2016 to move side by side", () => {
            // The upgrade-path sentence, from where it starts to the end of the text ("" when there is none).
            const path = (tags: Record<string, string>) => {
                const text = run("end-of-support", [{ name: "x", tags }])[0].text;
                const start = text.search(/ Microsoft (supports the in-place upgrade|has no in-place upgrade)/);
                return start < 0 ? "" : text.slice(start);
            };
            const inPlace = "Microsoft supports the in-place upgrade to Exchange Server SE from Exchange 2019 CU14 or CU15 only";
            const url = catalog.sources.get("exchange-se-upgrade")!.url;
            assert.strictEqual(
                path({ product: "Exchange 2019", cu: "CU13" }),
                ` ${inPlace} (${url}): this server is at CU13; install CU14 or later before the upgrade.`,
            );
            assert.strictEqual(path({ product: "Exchange 2019", cu: "CU14" }), ` ${inPlace} (${url}): this server, at CU14, can take it.`);
            assert.strictEqual(
                path({ product: "Exchange 2019" }),
                ` ${inPlace} (${url}); tag this server's update (for example CU14) to know whether it can take it.`,
            );
            assert.match(
                path({ product: "Exchange 2016", cu: "CU23" }),
                /^ Microsoft has no in-place upgrade from Exchange 2016 to Exchange Server SE: the move is a legacy \(side-by-side\) upgrade/,
            );
            assert.strictEqual(path({ product: "Exchange 2013", cu: "CU23" }), "");
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
    describe("organisation-coexistence", () => {
        const coexist = (...servers: Array<[string, string, string?]>) =>
            run(
                "organisation-coexistence",
                servers.map(([name, product, cu]): Server => ({ name, tags: cu === undefined ? { product } : { product, cu } })),
            );
        it("has nothing to say about one Exchange version, however many servers run it", () => {
            assert.deepStrictEqual(brief(coexist(["a", "Exchange 2016", "CU1"], ["b", "Exchange Server 2016", "CU5"])), []);
            assert.deepStrictEqual(brief(coexist(["a", "Exchange 2013"], ["lync", "Lync Server 2013"])), []);
        });
        it("says a minimum it cannot verify is not Microsoft's, or documented inconsistently, when the update is missing", () => {
            const [unconfirmed] = coexist(["x19", "Exchange 2019"], ["se", "Exchange Server SE", "RTM"]);
            assert.strictEqual(unconfirmed.code, "missing-update");
            assert.strictEqual(unconfirmed.level, "advisory");
            assert.match(
                unconfirmed.text,
                /cannot be verified: for an organization with Exchange Server SE \(server 'se'\), CU14 or later \(build 15\.2\.1544\.4\) on the Exchange 2019 servers of the organization is a minimum that only a third party states \(not from Microsoft\);/,
            );
            const inconsistent = coexist(["x19", "Exchange 2019", "CU15"], ["x16", "Exchange 2016", "CU11"]);
            assert.deepStrictEqual(brief(inconsistent), ["x16 coexistence-inconsistent:exchange-2019 advisory"]);
            const unknown = coexist(["x19", "Exchange 2019", "CU15"], ["x16", "Exchange 2016"]);
            assert.match(
                unknown[0].text,
                /cannot be verified: an organization with Exchange Server 2019 \(server 'x19'\) requires CU11 or later/,
            );
        });
        it("holds Exchange 2013 beside Exchange 2019 to CU21, by label or by build", () => {
            const with2013 = (cu: string) => brief(coexist(["x19", "Exchange 2019", "CU15"], ["x13", "Exchange 2013", cu]));
            assert.deepStrictEqual(with2013("CU21"), []);
            assert.deepStrictEqual(with2013("15.0.1395.4"), []);
            assert.deepStrictEqual(with2013("CU20"), ["x13 below-minimum:exchange-2019"]);
            assert.deepStrictEqual(with2013("15.0.1395.3"), ["x13 below-minimum:exchange-2019"]);
            const [finding] = coexist(["x19", "Exchange 2019", "CU15"], ["x13", "Exchange 2013", "15.0.1395.3"]);
            assert.match(finding.text, /^Exchange Server 2013 server 'x13' is at CU20 \(build 15\.0\.1395\.3\); an organization with/);
            assert.deepStrictEqual(
                [finding.topic, finding.source, finding.wholeStackOnly],
                ["exchange-2019", "exchange-coexistence-system-requirements", true],
            );
        });
        it("reads Exchange 2010 service packs and update rollups, and refuses CU numbers for it", () => {
            const with2010 = (cu: string) => coexist(["x16", "Exchange 2016", "CU23"], ["x10", "Exchange 2010", cu]);
            assert.deepStrictEqual(brief(with2010("SP3 RU11")), []);
            assert.deepStrictEqual(brief(with2010("sp3 ur11")), []);
            assert.deepStrictEqual(brief(with2010("14.3.266.1")), []);
            assert.deepStrictEqual(brief(with2010("SP3 Update Rollup 10")), ["x10 below-minimum:exchange-2016"]);
            assert.match(
                with2010("14.1.500.0")[0].text,
                /^Exchange Server 2010 server 'x10' is at build 14\.1\.500\.0 \(between SP1 RU8 and SP2\);/,
            );
            assert.deepStrictEqual(brief(with2010("CU3")), ["x10 invalid-update:exchange-2016"]);
            assert.match(
                with2010("CU3")[0].text,
                /tag 'tags\.cu' is not an update level Microsoft published for Exchange Server 2010 \(expected a label such as "SP3 RU32", "RTM" or an Exchange Server 2010 build number such as 14\.3\.513\.0\)/,
            );
        });
        it("checks the minimums of both sides of a pair (Exchange 2013 CU2 beside Exchange 2010 SP3)", () => {
            assert.deepStrictEqual(brief(coexist(["x13", "Exchange 2013", "CU2"], ["x10", "Exchange 2010", "SP3"])), []);
            assert.deepStrictEqual(brief(coexist(["x13", "Exchange 2013", "CU1"], ["x10", "Exchange 2010", "SP2 RU8"])), [
                "x10 below-minimum:exchange-2013",
                "x13 below-minimum:exchange-2010",
            ]);
            assert.match(coexist(["x16", "Exchange 2016", "CU23"], ["x13", "Exchange 2013", "SP1"])[0].text, / is at CU4; /);
        });
        it("enforces the Exchange 2016 minimum both revisions share beside Exchange 2019 and advises where they disagree", () => {
            const with2016 = (cu: string) => brief(coexist(["x19", "Exchange 2019", "CU14"], ["x16", "Exchange 2016", cu]));
            assert.deepStrictEqual(with2016("CU10"), ["x16 below-minimum:exchange-2019"]);
            assert.deepStrictEqual(with2016("CU11"), ["x16 coexistence-inconsistent:exchange-2019 advisory"]);
            assert.deepStrictEqual(with2016("CU22"), ["x16 coexistence-inconsistent:exchange-2019 advisory"]);
            assert.deepStrictEqual(with2016("CU23"), []);
            assert.deepStrictEqual(with2016("15.01.2507.006"), []);
        });
        it("stops Exchange 2016 and 2019 at Exchange Server SE CU2, and says when the SE update cannot be told", () => {
            const withSe = (cu?: string) => brief(coexist(["se", "Exchange SE", cu], ["x16", "Exchange 2016", "CU23"]));
            assert.deepStrictEqual(withSe("RTM"), []);
            assert.deepStrictEqual(withSe("CU1"), []);
            assert.deepStrictEqual(brief(coexist(["se", "Exchange SE", "RTM"], ["x16", "Exchange 2016", "CU22"])), [
                "x16 below-minimum:exchange-se",
            ]);
            assert.deepStrictEqual(brief(coexist(["se", "Exchange SE", "RTM"], ["x19", "Exchange 2019", "CU13"])), [
                "x19 coexistence-unconfirmed:exchange-se advisory",
            ]);
            assert.deepStrictEqual(withSe("CU2"), ["x16 coexistence-blocked:exchange-se"]);
            assert.deepStrictEqual(withSe("CU3"), ["x16 coexistence-blocked:exchange-se"]);
            assert.deepStrictEqual(withSe(), ["se missing-update:exchange-2016 advisory"]);
            assert.deepStrictEqual(withSe("15.2.2562.17"), ["se unverifiable-update:exchange-2016 advisory"]);
            assert.deepStrictEqual(withSe("15.2.1748.10"), ["se invalid-update:exchange-2016"]);
            const [blocked] = coexist(["se", "Exchange SE", "CU2"], ["x19", "Exchange 2019", "CU15"]);
            assert.strictEqual(
                blocked.text,
                "Exchange Server 2019 server 'x19' cannot stay in an organization with Exchange Server SE server 'se' at CU2: Exchange Server SE CU2 Setup prohibits coexistence with any Exchange version that is not supported at its release (Exchange Server 2019 left support on 2025-10-14). Upgrade it in place to Exchange Server SE (from CU14 or CU15) or move its mailboxes to Exchange Server SE and decommission it.",
            );
        });
        it("reports unsupported pairs as violations and undocumented ones as advisories, on the older server", () => {
            assert.deepStrictEqual(brief(coexist(["se", "Exchange SE", "RTM"], ["x13", "Exchange 2013", "CU23"])), [
                "x13 coexistence-not-supported:exchange-se",
            ]);
            assert.deepStrictEqual(brief(coexist(["se", "Exchange SE", "RTM"], ["x10", "Exchange 2010", "SP3 RU32"])), [
                "x10 coexistence-not-documented:exchange-se advisory",
            ]);
            assert.deepStrictEqual(brief(coexist(["x19", "Exchange 2019", "CU15"], ["x10", "Exchange 2010"])), [
                "x10 coexistence-not-supported:exchange-2019",
            ]);
        });
        it("never passes a server whose update it cannot read", () => {
            const x19 = ["x19", "Exchange 2019", "CU15"] as [string, string, string];
            assert.deepStrictEqual(brief(coexist(x19, ["x13", "Exchange 2013"])), ["x13 missing-update:exchange-2019 advisory"]);
            assert.deepStrictEqual(brief(coexist(x19, ["x13", "Exchange 2013", "CU30"])), ["x13 invalid-update:exchange-2019"]);
            assert.deepStrictEqual(brief(coexist(x19, ["x13", "Exchange 2013", "04da6b54-80e4-46f7-96ec-b56ff0331ba9"])), [
                "x13 unknown-update:exchange-2019 advisory",
            ]);
            assert.match(
                coexist(x19, ["x13", "Exchange 2013"])[0].text,
                /has no update tag \('cu' or 'cumulative-update'\), so its coexistence cannot be verified/,
            );
        });
        it("reports an update tag that is not text at the policy's level", () => {
            const facts = (name: string, tags: Record<string, unknown>) =>
                readFacts(
                    { urn: `urn:${name}`, name, type: "aws:ec2/instance:Instance" },
                    { tags },
                    catalog,
                    settingsOf(policyOf("organisation-coexistence"), {}, catalog),
                )!;
            const policy = policyOf("organisation-coexistence");
            const settings = settingsOf(policy, {}, catalog);
            const scope = buildScope(
                "stack",
                [facts("x19", { product: "Exchange 2019", cu: "CU15" }), facts("x13", { product: "Exchange 2013", cu: true })],
                undefined,
                policy,
                settings,
                catalog,
                "2026-12-01",
            );
            const [finding] = checkPolicy(policy, scope, settings, catalog);
            assert.match(
                finding.text,
                /^Exchange Server 2013 server 'x13': tag 'tags\.cu' holds a boolean, not an update level, so its coexistence cannot be checked/,
            );
            assert.strictEqual(finding.level, "policy");
        });
        it("names at most three servers of the other version", () => {
            const many = ["a", "b", "c", "d", "e"].map((n): [string, string, string] => [n, "Exchange 2019", "CU15"]);
            const [finding] = coexist(...many, ["x10", "Exchange 2010", "SP3 RU32"]);
            assert.match(finding.text, /Exchange Server 2019 \(servers 'a', 'b', 'c' and 2 more\)/);
        });
    });
});
