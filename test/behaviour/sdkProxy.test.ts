// Issue 14: @pulumi/policy hands policies resource properties wrapped in a proxy that throws when
// an unknown value is read. The pack reads the data underneath, so each kind of unknown value
// becomes the documented advisory, never an exception or "not text"; a value that merely looks
// like a sentinel is read as the text it is.
import * as assert from "node:assert";
import { detail, preview, type Resource } from "../harness/inProcess";

// The SDK's own proxy, as it wraps `props` before calling a policy (internal to @pulumi/policy).
const { unknownCheckingProxy } = require("@pulumi/policy/proxy") as { unknownCheckingProxy: (props: object) => Record<string, unknown> };

const MINIMUM_CU = "exchange-um-communications-server-minimum-cu";
const SENTINELS: Record<string, string> = {
    boolean: "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    number: "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    string: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    array: "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    asset: "030794c1-ac77-496b-92df-f27374a8bd58",
    archive: "e48ece36-62e2-4504-bad9-02848725956a",
    object: "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
};

const proxied = (r: Resource): Resource => ({ ...r, properties: unknownCheckingProxy(r.properties) });
const exchange: Resource = {
    type: "aws:ec2/instance:Instance",
    name: "exch-mbx-01",
    properties: { tags: { product: "Exchange Server 2013", "exchange-um": "on" } },
};
const lync = (tags: Record<string, unknown>): Resource => ({
    type: "azure-native:compute:VirtualMachine",
    name: "lync-fe-01",
    properties: { tags: { product: "Lync Server 2010", ...tags } },
});
const minimumCu = (resources: Resource[]) =>
    preview(resources.map(proxied))
        .filter((r) => r.policyName === MINIMUM_CU)
        .map((r) => `${r.enforcementLevel} ${r.urn.split("::").pop()}: ${detail(r)}`);

describe("properties behind the SDK's unknown-checking proxy", () => {
    it("are read as plain data: a known violation is reported as without the proxy", () => {
        assert.deepStrictEqual(minimumCu([exchange, lync({ cu: "CU2" })]), [
            "mandatory lync-fe-01: Lync Server 2010 server 'lync-fe-01' is at CU2; Exchange UM integration (declared by 'exch-mbx-01') requires CU3 or later (build 4.0.7577.166). Source: https://learn.microsoft.com/en-us/exchange/coexistence-with-office-communications-server-2007-r2-and-lync-server-exchange-2013-help",
        ]);
    });

    for (const [kind, sentinel] of Object.entries(SENTINELS)) {
        it(`an unknown ${kind} as the update tag is "not known during preview"`, () => {
            assert.deepStrictEqual(minimumCu([exchange, lync({ cu: sentinel })]), [
                "advisory lync-fe-01: Lync Server 2010 server 'lync-fe-01': tag 'tags.cu' is not known during preview, so the requirement is checked at update time, when the value is known; Exchange UM integration (declared by 'exch-mbx-01') requires CU3 or later (build 4.0.7577.166). Source: https://learn.microsoft.com/en-us/exchange/coexistence-with-office-communications-server-2007-r2-and-lync-server-exchange-2013-help",
            ]);
        });
    }

    it("an unknown tag map is named", () => {
        const vm: Resource = { type: "gcp:compute/instance:Instance", name: "vm", properties: { labels: SENTINELS.object } };
        assert.deepStrictEqual(minimumCu([exchange, vm]), [
            "advisory vm: Resource 'vm': 'labels' is not known during preview, so the pack cannot tell yet whether this resource is a communications server under the Exchange UM requirements; the policy runs again at update time, when the value is known.",
        ]);
    });

    it("a 36-character value that is not one of the engine's sentinels is ordinary text", () => {
        assert.deepStrictEqual(minimumCu([exchange, lync({ cu: "04da6b54-80e4-46f7-96ec-b56ff0331ba8" })]), [
            `mandatory lync-fe-01: Lync Server 2010 server 'lync-fe-01': tag 'tags.cu' is not a cumulative update level (expected a label such as "CU10", "RTM" or a Lync Server 2010 build number such as 4.0.7577.203); Exchange UM integration (declared by 'exch-mbx-01') requires CU3 or later (build 4.0.7577.166). Source: https://learn.microsoft.com/en-us/exchange/coexistence-with-office-communications-server-2007-r2-and-lync-server-exchange-2013-help`,
        ]);
    });
});
