// Issue 14: behaviours a user relies on that no test pinned down (mutation testing found them).
// How Exchange UM and UC features are declared (stack tags, pack config, resource tags), what the
// pack says about malformed declarations, and which policy reads which estate-wide setting.
import * as assert from "node:assert";
import { detail, preview, type Reported, type Resource, type RunOptions } from "../harness/inProcess";

const MINIMUM_CU = "exchange-um-communications-server-minimum-cu";
const FEATURES = "lync-2013-features-on-legacy-servers";
const END_OF_SUPPORT = "communications-server-end-of-support";
const COEXISTENCE =
    "Source: https://learn.microsoft.com/en-us/exchange/coexistence-with-office-communications-server-2007-r2-and-lync-server-exchange-2013-help";
const KNOWN_FEATURES =
    "known features: high-resolution-photos, unified-contact-store, lync-archiving-integration, im-presence-owa, online-meeting-scheduling-owa, server-to-server-auth, voice-mail";

const exchange = (tags: Record<string, unknown> = {}): Resource => ({
    type: "aws:ec2/instance:Instance",
    name: "exch-mbx-01",
    properties: { tags: { product: "Exchange Server 2013", cu: "CU23", ...tags } },
});
const lync2010 = (name = "lync-fe-01", tags: Record<string, unknown> = {}): Resource => ({
    type: "azure-native:compute:VirtualMachine",
    name,
    properties: { tags: { product: "Lync Server 2010", cu: "CU2", ...tags } },
});

const line = (r: Reported) => `${r.enforcementLevel} ${r.urn.split("::").pop() || "(stack)"}: ${detail(r)}`;
const reportsOf = (policy: string, resources: Resource[], options: RunOptions = {}) =>
    preview(resources, options)
        .filter((r) => r.policyName === policy)
        .map(line);
const belowMinimum = (name: string, declaredBy: string) =>
    `mandatory ${name}: Lync Server 2010 server '${name}' is at CU2; Exchange UM integration (declared by ${declaredBy}) requires CU3 or later (build 4.0.7577.166). ${COEXISTENCE}`;

describe("declaring Exchange UM integration", () => {
    describe("by the exchange-um stack tag", () => {
        it("an on value puts the stack's communications servers under the requirement", () => {
            assert.deepStrictEqual(reportsOf(MINIMUM_CU, [exchange(), lync2010()], { stackTags: { "exchange-um": "enabled" } }), [
                belowMinimum("lync-fe-01", "the stack tag 'exchange-um'"),
            ]);
        });

        for (const off of ["disabled", "false", "no", "off"]) {
            it(`"${off}" does not declare UM: nothing is required`, () => {
                assert.deepStrictEqual(reportsOf(MINIMUM_CU, [exchange(), lync2010()], { stackTags: { "exchange-um": off } }), []);
            });
        }

        it("any other value declares nothing and is reported for the stack, with the fix", () => {
            assert.deepStrictEqual(reportsOf(MINIMUM_CU, [exchange(), lync2010()], { stackTags: { "exchange-um": "maybe" } }), [
                "mandatory (stack): The stack tag 'exchange-um' is neither on (enabled/true/yes/on) nor off (disabled/false/no/off), so it does not declare Exchange UM integration. Set it to enabled or disabled (pulumi stack tag set exchange-um enabled).",
            ]);
        });
    });

    describe("by the pack configuration", () => {
        it("exchangeUm: true declares UM for the stack, naming the configuration", () => {
            const config = { [MINIMUM_CU]: { exchangeUm: true } };
            assert.deepStrictEqual(reportsOf(MINIMUM_CU, [exchange(), lync2010()], { config }), [
                belowMinimum("lync-fe-01", `the configuration of policy '${MINIMUM_CU}'`),
            ]);
        });

        it("exchangeUm: false declares nothing", () => {
            assert.deepStrictEqual(
                reportsOf(MINIMUM_CU, [exchange(), lync2010()], { config: { [MINIMUM_CU]: { exchangeUm: false } } }),
                [],
            );
        });

        it("ucFeatures declares the features for every policy that checks them", () => {
            const config = { [MINIMUM_CU]: { ucFeatures: ["unified-contact-store"] } };
            assert.deepStrictEqual(reportsOf(FEATURES, [exchange(), lync2010()], { config }), [
                `advisory lync-fe-01: Lync Server 2010 server 'lync-fe-01' remains while the unified contact store is declared (by the configuration of policy '${MINIMUM_CU}'): it needs user accounts on Lync Server 2013 and Exchange Server 2013, and the Lync 2013 client, so users homed on this server will not get it (the unified contact store is not available to users enabled for Enterprise Voice on Lync Server 2010). ${COEXISTENCE}`,
            ]);
            assert.deepStrictEqual(reportsOf(FEATURES, [exchange(), lync2010()]), []);
        });
    });

    it("by an exchange-um tag on a resource that names no product", () => {
        const flag: Resource = {
            type: "aws:ssm/parameter:Parameter",
            name: "um-switch",
            properties: { tags: { "exchange-um": "enabled" } },
        };
        assert.deepStrictEqual(reportsOf(MINIMUM_CU, [flag, lync2010()]), [belowMinimum("lync-fe-01", "'um-switch'")]);
    });

    it("stack tags other than exchange-um and uc-features are not read", () => {
        const reported = preview([exchange(), lync2010()], { stackTags: { product: "Lync", cu: "CU99", owner: "uc-team" } });
        assert.deepStrictEqual(
            reported.filter((r) => r.urn === ""),
            [],
        );
    });

    it("estate-wide tag keys, configured once, are read by every policy", () => {
        const server: Resource = {
            type: "azure-native:compute:VirtualMachine",
            name: "lync-fe-01",
            properties: { tags: { role: "Lync Server 2010", level: "CU2" } },
        };
        const config = { [MINIMUM_CU]: { tagKeys: { product: ["role"], cumulativeUpdate: ["level"] } } };
        const reported = preview([server], { config });
        assert.deepStrictEqual(
            reported.map((r) => `${r.policyName} ${r.enforcementLevel}`),
            [`${END_OF_SUPPORT} advisory`],
        );
        assert.match(
            detail(reported[0]),
            /^Lync Server 2010 server 'lync-fe-01' is past Microsoft's end of support \(2021-04-13, Fixed Lifecycle Policy\)/,
        );
        assert.deepStrictEqual(preview([server]), [], "without the configured keys the server is not recognised");
    });

    it("reports a configuration problem of a policy other than the one carrying the estate settings", () => {
        const config = { [END_OF_SUPPORT]: { exemptions: [{ resource: "lync-fe-01", reason: "x", expires: "2027-01-01" }] } };
        assert.deepStrictEqual(
            reportsOf(END_OF_SUPPORT, [exchange(), lync2010()], { config }).filter((l) => l.includes("(stack)")),
            [
                `advisory (stack): configuration of policy '${END_OF_SUPPORT}': exemptions[0] (lync-fe-01) needs a reason; the exemption is ignored. Source: https://learn.microsoft.com/lifecycle/policies/fixed`,
            ],
        );
    });
});

describe("a server whose product tag cannot be resolved", () => {
    const mystery: Resource = { type: "aws:ec2/instance:Instance", name: "mystery", properties: { tags: { product: "Lync" } } };

    it("is an advisory when no Exchange UM integration is declared", () => {
        assert.deepStrictEqual(reportsOf(MINIMUM_CU, [mystery]), [
            `advisory mystery: Resource 'mystery': tag 'tags.product' names Lync Server but no version this pack knows (use "Lync Server 2010" or "Lync Server 2013"). No policy can check this resource until the tag names its product. ${COEXISTENCE}`,
        ]);
    });

    it("fails the preview when UM is declared, since its update cannot be checked", () => {
        assert.deepStrictEqual(reportsOf(MINIMUM_CU, [exchange({ "exchange-um": "on" }), mystery]), [
            `mandatory mystery: Resource 'mystery': tag 'tags.product' names Lync Server but no version this pack knows (use "Lync Server 2010" or "Lync Server 2013"). Exchange UM integration is declared (by 'exch-mbx-01'), so this server's cumulative update cannot be checked until the tag names its product. ${COEXISTENCE}`,
        ]);
    });
});

describe("malformed UC feature declarations are reported, never dropped", () => {
    it("a uc-features stack tag with a misspelled feature", () => {
        assert.deepStrictEqual(reportsOf(FEATURES, [exchange(), lync2010()], { stackTags: { "uc-features": "unified-contact-stor" } }), [
            `advisory (stack): The stack tag 'uc-features' lists 1 feature this pack does not know (${KNOWN_FEATURES}). ${COEXISTENCE}`,
        ]);
    });

    it("a uc-features resource tag with misspelled features, counted", () => {
        const tagged = exchange({ "uc-features": "high-res-photos, unified-contact-store, photos-hd" });
        assert.deepStrictEqual(reportsOf(FEATURES, [tagged, lync2010()]), [
            `advisory exch-mbx-01: Exchange Server 2013 server 'exch-mbx-01': tag 'tags.uc-features' lists 2 features this pack does not know (${KNOWN_FEATURES}). ${COEXISTENCE}`,
        ]);
    });
});
