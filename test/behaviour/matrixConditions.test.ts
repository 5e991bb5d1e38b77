// Issue 19: a supported cell that needs a minimum update - on the communications server of the row
// or on the Exchange server of the column - is checked against that server's 'cu' tag: mandatory
// below the minimum, advisory whenever the tag cannot show it (missing, unknown during preview, not
// text, not an update level, a build the published builds cannot place), never a silent pass.
import * as assert from "node:assert";
import { indexCatalog } from "../../policypack/src/catalog/load";
import { detail, preview, type Resource, type RunOptions } from "../harness/inProcess";
import { rawCatalog } from "../harness/rawCatalog";

const POLICY = "exchange-integration-supported-versions";
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const vm = (name: string, tags: Record<string, unknown>): Resource => ({ type: "aws:ec2/instance:Instance", name, properties: { tags } });
const reports = (resources: Resource[], options: RunOptions = {}) =>
    preview(resources, options)
        .filter((r) => r.policyName === POLICY)
        .map((r) => `${r.enforcementLevel}: ${detail(r)}`);

describe("matrix conditions on the communications server", () => {
    const stack = (cu?: unknown) => [
        vm("x19", { product: "Exchange Server 2019", "uc-features": "owa-im" }),
        vm("s", { product: "Skype for Business Server 2015", ...(cu === undefined ? {} : { cu }) }),
    ];
    const clause = (level: string, text: string) => (r: string) => r.startsWith(`${level}: `) && r.includes(text);

    it("passes at the minimum or above it, by label or by a build the published builds place", () => {
        assert.deepStrictEqual(reports(stack("CU7")), []);
        assert.deepStrictEqual(reports(stack("cu 12")), []);
        assert.deepStrictEqual(reports(stack("6.0.9319.619")), []);
    });
    it("fails below the minimum, naming the level found", () => {
        const found = reports(stack("CU6"));
        assert.ok(found.length === 1 && clause("mandatory", "and the server is at CU6 (Microsoft:")(found[0]), found.join("\n"));
        assert.ok(found[0].includes("Source: https://learn.microsoft.com/en-us/exchange/plan-and-deploy/system-requirements"));
    });
    it("cannot verify, and says why, when the tag cannot show the level", () => {
        const why: Array<[unknown, string]> = [
            [undefined, "it has no cumulative update tag ('cu' or 'cumulative-update')"],
            [UNKNOWN_STRING, "is not known during preview (the policy runs again at update time)"],
            [true, "holds a boolean, not a cumulative update level"],
            [{ level: 7 }, "holds an object, not a cumulative update level"],
            ["latest", "is not a cumulative update level"],
            [
                "6.0.9319.534",
                "it is at build 6.0.9319.534 (between RTM and CU12), which the builds Microsoft publishes for Skype for Business Server 2015 do not place",
            ],
        ];
        for (const [cu, text] of why) {
            const found = reports(stack(cu));
            assert.ok(found.length === 1 && clause("advisory", text)(found[0]), `${JSON.stringify(cu)}:\n${found.join("\n")}`);
            assert.ok(found[0].includes("Tag the installed update's label (for example CU7) so the pack can check it."), found[0]);
        }
    });
    it("names the condition with each Exchange version Microsoft documents it for", () => {
        const [found] = reports(stack("CU6"));
        assert.ok(
            found.includes(
                "Exchange Server 2019 (with Skype for Business Server 2015 CU7 or later) and Exchange Server SE (with Skype for Business Server 2015 CU7 or later).",
            ),
            found,
        );
    });
});

describe("matrix conditions on the Exchange server", () => {
    // A variant of the catalog: Lync Server 2010 voice mail with Exchange 2013 needs Exchange 2013 CU21.
    const raw = rawCatalog();
    const row = raw.integrations.find((i) => i.feature === "voice-mail")!.rows.find((r) => r.server === "lync-server-2010")!;
    row.cells["exchange-2013"].condition = { on: "exchange", update: 21, quote: "ex13-um-coexistence" };
    const catalog = indexCatalog(raw);
    const stack = (cu?: string) => [
        vm("x13", { product: "Exchange Server 2013", "uc-features": "voice-mail", ...(cu ? { cu } : {}) }),
        vm("l", { product: "Lync Server 2010", cu: "CU3" }),
    ];

    it("checks the Exchange server's tag and names that server", () => {
        assert.deepStrictEqual(reports(stack("CU21"), { catalog }), []);
        const [below] = reports(stack("CU20"), { catalog });
        assert.ok(
            below.startsWith("mandatory: ") &&
                below.includes(
                    "needs Exchange Server 2013 CU21 or later (build 15.0.1395.4) with Exchange Server 2013 ('x13'), and 'x13' is at CU20",
                ),
            below,
        );
        const [missing] = reports(stack(), { catalog });
        assert.ok(
            missing.startsWith("advisory: ") && missing.includes("which cannot be verified: 'x13': it has no cumulative update tag"),
            missing,
        );
        assert.ok(missing.includes("Exchange Server 2013 (with Exchange Server 2013 CU21 or later (build 15.0.1395.4))"), missing);
    });
});

describe("a limited cell", () => {
    // No cell of the current matrix is limited; the status stays in the schema for Microsoft's partial answers.
    const raw = rawCatalog();
    const row = raw.integrations.find((i) => i.feature === "im-presence-owa")!.rows.find((r) => r.server === "lync-server-2013")!;
    row.cells["exchange-2016"] = { status: "limited", basis: "direct", quotes: ["ex-owa-lync13"], note: "a test limitation" };
    const catalog = indexCatalog(raw);

    it("is advisory, quotes its sentence and cites its page", () => {
        const found = reports(
            [vm("x16", { product: "Exchange Server 2016", "uc-features": "owa-im" }), vm("l", { product: "Lync Server 2013" })],
            {
                catalog,
            },
        );
        assert.deepStrictEqual(found, [
            `advisory: Lync Server 2013 server 'l': IM and presence in Outlook on the web (declared by 'x16') is limited with Exchange Server 2016 ('x16'): a test limitation (Microsoft: "IM integration between Lync Server 2013 and Exchange 2016 or later isn't supported."). Microsoft documents it for Lync Server 2013 with Exchange Server 2010 and Exchange Server 2013. Source: https://learn.microsoft.com/en-us/exchange/plan-and-deploy/post-installation-tasks/configure-im-integration-with-owa`,
        ]);
    });
});
