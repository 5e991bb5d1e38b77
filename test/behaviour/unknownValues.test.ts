// Issue 14: values unknown during preview (README "Values unknown during preview") become the
// documented advisories - never "not text", never silently nothing.
import * as assert from "node:assert";
import { detail, preview, type Resource, type RunOptions } from "../harness/inProcess";

const MINIMUM_CU = "exchange-um-communications-server-minimum-cu";
const COEXISTENCE =
    "Source: https://learn.microsoft.com/en-us/exchange/coexistence-with-office-communications-server-2007-r2-and-lync-server-exchange-2013-help";
// The engine's sentinels for an unknown string and an unknown array.
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const UNKNOWN_ARRAY = "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2";

const exchange = (tags: Record<string, unknown> = {}): Resource => ({
    type: "aws:ec2/instance:Instance",
    name: "exch-mbx-01",
    properties: { tags: { product: "Exchange Server 2013", cu: "CU23", "exchange-um": "on", ...tags } },
});
const lync2010 = (tags: Record<string, unknown> = {}): Resource => ({
    type: "azure-native:compute:VirtualMachine",
    name: "lync-fe-01",
    properties: { tags: { product: "Lync Server 2010", cu: "CU2", ...tags } },
});
const minimumCu = (resources: Resource[], options: RunOptions = {}) =>
    preview(resources, options)
        .filter((r) => r.policyName === MINIMUM_CU)
        .map((r) => `${r.enforcementLevel} ${r.urn.split("::").pop()}: ${detail(r)}`);
const notKnownYet = (subject: string, what: string) =>
    `${subject}: ${what} not known during preview, so the pack cannot tell yet whether this resource is a communications server under the Exchange UM requirements; the policy runs again at update time, when the value is known.`;

describe("values unknown during preview", () => {
    it("an unknown product: an advisory naming the resource and tag, checked again at update time", () => {
        assert.deepStrictEqual(minimumCu([exchange(), lync2010({ product: UNKNOWN_STRING })]), [
            `advisory lync-fe-01: ${notKnownYet("Resource 'lync-fe-01'", "'tags.product' is")}`,
        ]);
    });

    it("an unknown exchange-um tag: an advisory on the resource", () => {
        assert.deepStrictEqual(minimumCu([exchange({ "exchange-um": UNKNOWN_STRING }), lync2010()]), [
            `advisory exch-mbx-01: ${notKnownYet("Exchange Server 2013 server 'exch-mbx-01'", "'tags.exchange-um' is")}`,
        ]);
    });

    it("an unknown uc-features tag: an advisory, while the known UM declaration still applies", () => {
        assert.deepStrictEqual(minimumCu([exchange({ "uc-features": UNKNOWN_STRING }), lync2010()]), [
            `advisory exch-mbx-01: ${notKnownYet("Exchange Server 2013 server 'exch-mbx-01'", "'tags.uc-features' is")}`,
            `mandatory lync-fe-01: Lync Server 2010 server 'lync-fe-01' is at CU2; Exchange UM integration (declared by 'exch-mbx-01') requires CU3 or later (build 4.0.7577.166). ${COEXISTENCE}`,
        ]);
    });

    it("a whole tag map unknown: an advisory naming the container", () => {
        const vm: Resource = { type: "aws:ec2/instance:Instance", name: "vm", properties: { tags: UNKNOWN_ARRAY } };
        assert.deepStrictEqual(minimumCu([exchange(), vm]), [`advisory vm: ${notKnownYet("Resource 'vm'", "'tags' is")}`]);
    });

    it("several unknown tags of one resource are named together", () => {
        assert.deepStrictEqual(minimumCu([exchange(), lync2010({ product: UNKNOWN_STRING, "uc-features": UNKNOWN_STRING })]), [
            `advisory lync-fe-01: ${notKnownYet("Resource 'lync-fe-01'", "'tags.product', 'tags.uc-features' are")}`,
        ]);
    });

    it("an unknown tag on a resource of a stack without UC servers or UM declaration is not reported", () => {
        const vm: Resource = { type: "aws:ec2/instance:Instance", name: "vm", properties: { tags: { product: UNKNOWN_STRING } } };
        assert.deepStrictEqual(minimumCu([vm]), []);
    });

    describe("an unknown cumulative update of a server under the rule", () => {
        it("is an advisory by default", () => {
            assert.deepStrictEqual(minimumCu([exchange(), lync2010({ cu: UNKNOWN_STRING })]), [
                `advisory lync-fe-01: Lync Server 2010 server 'lync-fe-01': tag 'tags.cu' is not known during preview, so the requirement is checked at update time, when the value is known; Exchange UM integration (declared by 'exch-mbx-01') requires CU3 or later (build 4.0.7577.166). ${COEXISTENCE}`,
            ]);
        });

        it("fails the preview with unknownCumulativeUpdate: violation", () => {
            const config = { [MINIMUM_CU]: { unknownCumulativeUpdate: "violation" } };
            assert.deepStrictEqual(minimumCu([exchange(), lync2010({ cu: UNKNOWN_STRING })], { config }), [
                `mandatory lync-fe-01: Lync Server 2010 server 'lync-fe-01': tag 'tags.cu' is not known during preview, so the requirement is treated as not met (unknownCumulativeUpdate: violation); Exchange UM integration (declared by 'exch-mbx-01') requires CU3 or later (build 4.0.7577.166). ${COEXISTENCE}`,
            ]);
        });
    });
});
