// Issue 14: what the rules say in cases the catalog examples do not show - each problem reported
// once, by the policy that owns it; unreadable update tags; several features; stricter minimums.
import * as assert from "node:assert";
import { detail, preview, type Resource, type RunOptions } from "../harness/inProcess";

const MINIMUM_CU = "exchange-um-communications-server-minimum-cu";
const FEATURES = "lync-2013-features-on-legacy-servers";
const COEXISTENCE =
    "Source: https://learn.microsoft.com/en-us/exchange/coexistence-with-office-communications-server-2007-r2-and-lync-server-exchange-2013-help";
const KNOWN_FEATURES =
    "known features: high-resolution-photos, unified-contact-store, lync-archiving-integration, im-presence-owa, online-meeting-scheduling-owa, server-to-server-auth, voice-mail";
const REQUIRES_CU3 = "Exchange UM integration (declared by 'ex') requires CU3 or later (build 4.0.7577.166)";

const server = (name: string, tags: Record<string, unknown>): Resource => ({
    type: "aws:ec2/instance:Instance",
    name,
    properties: { tags },
});
const reports = (resources: Resource[], options: RunOptions = {}, policies = [MINIMUM_CU, FEATURES]) =>
    preview(resources, options)
        .filter((r) => policies.includes(r.policyName))
        .map((r) => `${r.policyName} ${r.enforcementLevel} ${r.urn.split("::").pop() || "(stack)"}: ${detail(r)}`);

describe("rules in cases the examples do not show", () => {
    it("a malformed exchange-um stack tag is the minimum-CU policy's, a malformed uc-features stack tag the features policy's, each once", () => {
        const resources = [server("ex", { product: "Exchange Server 2013" }), server("l", { product: "Lync Server 2010", cu: "CU3" })];
        assert.deepStrictEqual(reports(resources, { stackTags: { "exchange-um": "maybe", "uc-features": "nope" } }), [
            `${MINIMUM_CU} mandatory (stack): The stack tag 'exchange-um' is neither on (enabled/true/yes/on) nor off (disabled/false/no/off), so it does not declare Exchange UM integration. Set it to enabled or disabled (pulumi stack tag set exchange-um enabled).`,
            `${FEATURES} advisory (stack): The stack tag 'uc-features' lists 1 feature this pack does not know (${KNOWN_FEATURES}). ${COEXISTENCE}`,
        ]);
    });

    it("an update tag that holds a list or an object, or is missing, fails the preview under UM", () => {
        const resources = [
            server("ex", { product: "Exchange Server 2013", "exchange-um": "on" }),
            server("l", { product: "Lync Server 2010", cu: ["CU3"] }),
            server("l2", { product: "Lync Server 2010", cu: { level: 3 } }),
            server("l3", { product: "Lync Server 2010" }),
            server("l4", { product: "Lync Server 2010", cu: true }),
        ];
        assert.deepStrictEqual(reports(resources), [
            `${MINIMUM_CU} mandatory l: Lync Server 2010 server 'l': tag 'tags.cu' holds a list, not a cumulative update level; ${REQUIRES_CU3}. ${COEXISTENCE}`,
            `${MINIMUM_CU} mandatory l2: Lync Server 2010 server 'l2': tag 'tags.cu' holds an object, not a cumulative update level; ${REQUIRES_CU3}. ${COEXISTENCE}`,
            `${MINIMUM_CU} mandatory l3: Lync Server 2010 server 'l3' has no cumulative update tag ('cu' or 'cumulative-update'); ${REQUIRES_CU3}. ${COEXISTENCE}`,
            `${MINIMUM_CU} mandatory l4: Lync Server 2010 server 'l4': tag 'tags.cu' holds a boolean, not a cumulative update level; ${REQUIRES_CU3}. ${COEXISTENCE}`,
        ]);
    });

    it("a missing update tag names the configured tag keys", () => {
        const config = { [MINIMUM_CU]: { tagKeys: { cumulativeUpdate: ["patch", "level"] } } };
        assert.deepStrictEqual(
            reports(
                [
                    server("ex", { product: "Exchange Server 2013", "exchange-um": "on" }),
                    server("l", { product: "Lync Server 2010", cu: "CU5" }),
                ],
                { config },
            ),
            [
                `${MINIMUM_CU} mandatory l: Lync Server 2010 server 'l' has no cumulative update tag ('patch' or 'level'); ${REQUIRES_CU3}. ${COEXISTENCE}`,
            ],
        );
    });

    it("a malformed exchange-um tag on a server is reported on that server and declares nothing", () => {
        assert.deepStrictEqual(
            reports([
                server("ex", { product: "Exchange Server 2013", "exchange-um": "perhaps" }),
                server("l", { product: "Lync Server 2010", cu: "CU1" }),
            ]),
            [
                `${MINIMUM_CU} mandatory ex: Exchange Server 2013 server 'ex': tag 'tags.exchange-um' is neither on (enabled/true/yes/on) nor off (disabled/false/no/off), so it is not counted as declaring Exchange UM integration. Set it to enabled or disabled.`,
            ],
        );
    });

    it("an organisation minimum: below it fails, a build the table cannot place against it is an advisory", () => {
        const config = { [MINIMUM_CU]: { minimumCumulativeUpdates: { "lync-server-2010": 8 } } };
        const resources = [
            server("ex", { product: "Exchange Server 2013", "exchange-um": "on" }),
            server("l", { product: "Lync Server 2010", cu: "CU5" }),
            server("l2", { product: "Lync Server 2010", cu: "4.0.7577.710" }),
            server("l3", { product: "Lync Server 2010", cu: "CU8" }),
        ];
        const requires =
            "Exchange UM integration (declared by 'ex') requires CU8 or later, this organisation's minimum (Microsoft requires CU3)";
        assert.deepStrictEqual(reports(resources, { config }), [
            `${MINIMUM_CU} mandatory l: Lync Server 2010 server 'l' is at CU5; ${requires}. ${COEXISTENCE}`,
            `${MINIMUM_CU} advisory l2: Lync Server 2010 server 'l2' is at build 4.0.7577.710 (CU7 or later), which cannot be verified against CU8: the builds Microsoft publishes for Lync Server 2010 do not place it. Tag the installed update's label instead (for example CU8); ${requires}. ${COEXISTENCE}`,
        ]);
    });

    it("several legacy features: named together, in the plural, with the limitations stated for each server's product", () => {
        const resources = [
            server("ex", {
                product: "Exchange Server 2013",
                "uc-features": "high-resolution-photos, unified-contact-store, unified-contact-store",
            }),
            server("l", { product: "Lync Server 2010", cu: "CU3" }),
            server("o", { product: "OCS 2007 R2", cu: "CU10" }),
        ];
        assert.deepStrictEqual(reports(resources, {}, [FEATURES]), [
            `${FEATURES} advisory l: Lync Server 2010 server 'l' remains while high-resolution photos and the unified contact store are declared (by 'ex'): these need user accounts on Lync Server 2013 and Exchange Server 2013, and the Lync 2013 client, so users homed on this server will not get them (high-resolution photos cannot be displayed in the Lync 2010 client; the unified contact store is not available to users enabled for Enterprise Voice on Lync Server 2010). ${COEXISTENCE}`,
            `${FEATURES} advisory o: Office Communications Server 2007 R2 server 'o' remains while high-resolution photos and the unified contact store are declared (by 'ex'): these need user accounts on Lync Server 2013 and Exchange Server 2013, and the Lync 2013 client, so users homed on this server will not get them. ${COEXISTENCE}`,
        ]);
    });

    it("one legacy feature declared twice: singular, both declarers named", () => {
        const resources = [
            server("ex", { product: "Exchange Server 2013" }),
            server("l", { product: "Lync Server 2010", cu: "CU3", "uc-features": "high-resolution-photos" }),
        ];
        assert.deepStrictEqual(reports(resources, { stackTags: { "uc-features": "high-resolution-photos" } }, [FEATURES]), [
            `${FEATURES} advisory l: Lync Server 2010 server 'l' remains while high-resolution photos is declared (by the stack tag 'uc-features' and 'l'): it needs user accounts on Lync Server 2013 and Exchange Server 2013, and the Lync 2013 client, so users homed on this server will not get it (high-resolution photos cannot be displayed in the Lync 2010 client). ${COEXISTENCE}`,
        ]);
    });

    it("features the legacy policy does not speak for are left to the integration matrix", () => {
        const resources = [
            server("ex", { product: "Exchange Server 2013", "uc-features": "server-to-server-auth" }),
            server("l", { product: "Lync Server 2010", cu: "CU3" }),
        ];
        assert.deepStrictEqual(reports(resources, {}, [FEATURES]), []);
    });

    it("an unknown product under a stack-tag declaration is an advisory even when the stack has no other UC server", () => {
        const vm = server("vm", { product: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" });
        assert.deepStrictEqual(reports([vm], { stackTags: { "exchange-um": "on" } }), [
            `${MINIMUM_CU} advisory vm: Resource 'vm': 'tags.product' is not known during preview, so the pack cannot tell yet whether this resource is a communications server under the Exchange UM requirements; the policy runs again at update time, when the value is known.`,
        ]);
    });

    it("end of support: not on the last day of support, from the day after", () => {
        const ocs = [server("ocs", { product: "OCS 2007 R2", cu: "CU10" })];
        const eos = (today: string) => reports(ocs, { today }, ["communications-server-end-of-support"]).length;
        assert.deepStrictEqual([eos("2018-01-08"), eos("2018-01-09"), eos("2018-01-10")], [0, 0, 1]);
    });

    describe("UM declared on an Exchange version without UM", () => {
        const UM_REMOVED = "exchange-2019-unified-messaging-removed";
        const CLOUD_VOICEMAIL =
            "Microsoft's Cloud Voicemail planning table (https://learn.microsoft.com/en-us/skypeforbusiness/hybrid/plan-cloud-voicemail)";
        it("Exchange Server SE: the voice-mail table does not cover it", () => {
            assert.deepStrictEqual(reports([server("ex", { product: "Exchange SE", "exchange-um": "on" })], {}, [UM_REMOVED]), [
                `${UM_REMOVED} mandatory ex: Exchange Server SE server 'ex' declares Exchange UM integration (tag 'tags.exchange-um'), but Exchange Server SE has no Unified Messaging (its first release is code-equivalent to Exchange Server 2019 CU15, and Unified Messaging was removed from Exchange Server 2019). Voice mail: ${CLOUD_VOICEMAIL} does not cover Exchange Server SE, so no voice-mail path is documented for these mailboxes. Source: https://techcommunity.microsoft.com/t5/exchange-team-blog/exchange-server-roadmap-update/ba-p/4132742`,
            ]);
        });
        it("Exchange Server 2019 without communications servers in the stack: the table is named for the servers elsewhere", () => {
            assert.deepStrictEqual(reports([server("ex", { product: "Exchange Server 2019", "exchange-um": "on" })], {}, [UM_REMOVED]), [
                `${UM_REMOVED} mandatory ex: Exchange Server 2019 server 'ex' declares Exchange UM integration (tag 'tags.exchange-um'), but Exchange Server 2019 has no Unified Messaging. Voice mail: see ${CLOUD_VOICEMAIL} for the communications servers that serve these users. Source: https://learn.microsoft.com/en-us/exchange/new-features/discontinued-features`,
            ]);
        });
    });

    it("product, exchange-um and uc-features tags that hold no text are reported with what they hold", () => {
        const resources = [
            server("ex", { product: "Exchange Server 2013", "exchange-um": "on" }),
            server("a", { product: ["Lync Server 2010"] }),
            server("b", { product: "Lync Server 2013", "exchange-um": { on: true } }),
            server("c", { product: "Lync Server 2013", "uc-features": null }),
        ];
        assert.deepStrictEqual(reports(resources), [
            `${MINIMUM_CU} mandatory b: Lync Server 2013 server 'b': tag 'tags.exchange-um' holds an object, not text, so it is not counted as declaring Exchange UM integration. Set it to enabled or disabled.`,
            `${FEATURES} advisory c: Lync Server 2013 server 'c': tag 'tags.uc-features' holds null, not text. ${COEXISTENCE}`,
            `${MINIMUM_CU} mandatory a: Resource 'a': tag 'tags.product' holds a list, not text. Exchange UM integration is declared (by 'ex'), so this server's cumulative update cannot be checked until the tag names its product. ${COEXISTENCE}`,
        ]);
    });
});
