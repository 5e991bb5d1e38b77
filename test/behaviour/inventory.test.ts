// Issue 14: the inventory's statuses, in process (the report CLI's inventory format spawns it).
import * as assert from "node:assert";
import { loadCatalog } from "../../policypack/src/catalog/load";
import { buildInventory, type InventoryResource } from "../../policypack/src/inventory";

const catalog = loadCatalog();
const server = (name: string, tags: Record<string, unknown>): InventoryResource => ({
    urn: `urn:pulumi:dev::uc-estate::aws:ec2/instance:Instance::${name}`,
    type: "aws:ec2/instance:Instance",
    name,
    props: { tags },
});
const inventory = (
    resources: InventoryResource[],
    options: { stackTags?: Record<string, string>; config?: Record<string, unknown>; today?: string } = {},
) => {
    const result = buildInventory(
        resources,
        catalog,
        options.stackTags && new Map(Object.entries(options.stackTags)),
        options.config,
        options.today ?? "2026-11-24",
    );
    return {
        umDeclaredBy: result.umDeclaredBy,
        rows: result.rows.map((r) => [r.name, r.product, r.updateFound, r.updateRequired, r.status, r.note, r.integrations].join(" | ")),
    };
};

describe("inventory statuses", () => {
    it("an OCS 2007 server is unsupported under Exchange 2013/2016 UM, and not required without it", () => {
        const ocs = server("ocs", { product: "OCS 2007", cu: "CU5" });
        assert.deepStrictEqual(inventory([server("ex", { product: "Exchange Server 2013", "exchange-um": "on" }), ocs]), {
            umDeclaredBy: "'ex'",
            rows: [
                "ex | Exchange Server 2013 | (no tag) |  | exchange-server | declares Exchange UM integration; past end of support (2023-04-11) | exchange-um",
                "ocs | Office Communications Server 2007 | CU5 | not supported | unsupported | not listed by Microsoft for Exchange 2013/2016 UM at any update; past end of support (2018-01-09) | exchange-um",
            ],
        });
        assert.deepStrictEqual(inventory([server("ex", { product: "Exchange Server 2013" }), ocs]), {
            umDeclaredBy: "",
            rows: [
                "ex | Exchange Server 2013 | (no tag) |  | exchange-server | past end of support (2023-04-11) | ",
                "ocs | Office Communications Server 2007 | CU5 | not supported | not-required | no Exchange UM integration declared; past end of support (2018-01-09) | ",
            ],
        });
    });

    it("UM declared only by Exchange 2010 does not bring the requirement in", () => {
        assert.deepStrictEqual(
            inventory([
                server("ex", { product: "Exchange Server 2010", "exchange-um": "on" }),
                server("l", { product: "Lync Server 2010", cu: "CU1" }),
            ]).rows,
            [
                "ex | Exchange Server 2010 | (no tag) |  | exchange-server | declares Exchange UM integration; past end of support (2020-10-13) | exchange-um",
                "l | Lync Server 2010 | CU1 | CU3 or later | not-required | no Exchange UM integration declared for Exchange 2013/2016; past end of support (2021-04-13) | exchange-um",
            ],
        );
    });

    it("unresolved products, unreadable and bounded updates under a stack-tag declaration", () => {
        const resources = [
            server("ex", { product: "Exchange Server 2013" }),
            server("m", { product: "Lync" }),
            server("l", { product: "Lync Server 2010", cu: "4.0.7577.710" }),
            server("l2", { product: "Lync Server 2010", cu: "garbage" }),
            server("l3", { product: "Lync Server 2010", cu: true }),
        ];
        assert.deepStrictEqual(inventory(resources, { stackTags: { "exchange-um": "on" } }), {
            umDeclaredBy: "the stack tag 'exchange-um'",
            rows: [
                "ex | Exchange Server 2013 | (no tag) |  | exchange-server | past end of support (2023-04-11) | exchange-um",
                `m | (unresolved) |  |  | unverifiable | tag 'tags.product' names Lync Server but no version this pack knows (use "Lync Server 2010" or "Lync Server 2013") | `,
                "l | Lync Server 2010 | build 4.0.7577.710 (CU7 or later) | CU3 or later | compliant | past end of support (2021-04-13) | exchange-um",
                `l2 | Lync Server 2010 | (unreadable) | CU3 or later | unverifiable | tag 'tags.cu' is not a cumulative update level (expected a label such as "CU10", "RTM" or a Lync Server 2010 build number such as 4.0.7577.203); past end of support (2021-04-13) | exchange-um`,
                "l3 | Lync Server 2010 | (unreadable) | CU3 or later | unverifiable | tag 'tags.cu' is not text; past end of support (2021-04-13) | exchange-um",
            ],
        });
    });

    it("the configuration's UM declaration and stricter minimum", () => {
        const resources = [
            server("l", { product: "Lync Server 2010", cu: "CU5" }),
            server("o", { product: "OCS 2007 R2", cu: "CU10" }),
            server("s", { product: "sfb-2019", cu: "CU1" }),
        ];
        assert.deepStrictEqual(
            inventory(resources, { config: { exchangeUm: true, minimumCumulativeUpdates: { "lync-server-2010": 7 } } }),
            {
                umDeclaredBy: "the configuration of policy 'exchange-um-communications-server-minimum-cu'",
                rows: [
                    "l | Lync Server 2010 | CU5 | CU7 or later | below-minimum | past end of support (2021-04-13) | exchange-um",
                    "o | Office Communications Server 2007 R2 | CU10 | CU10 or later | compliant | past end of support (2018-01-09) | exchange-um",
                    "s | Skype for Business Server 2019 | CU1 | none | not-required | no update required; past end of support (2025-10-14) | exchange-um",
                ],
            },
        );
    });

    it("names at most three declarers and counts the rest", () => {
        const resources = ["a", "b", "c", "d"].map((name) => server(name, { product: "Exchange Server 2016", "exchange-um": "on" }));
        assert.strictEqual(
            inventory(resources, { stackTags: { "exchange-um": "on" } }).umDeclaredBy,
            "the stack tag 'exchange-um', 'a', 'b' and 2 more",
        );
        assert.strictEqual(
            inventory(resources.slice(0, 2), { stackTags: { "exchange-um": "on" } }).umDeclaredBy,
            "the stack tag 'exchange-um', 'a' and 'b'",
        );
    });

    it("against an organisation minimum: unplaceable builds, older builds and missing tags", () => {
        const resources = [
            server("ex", { product: "Exchange Server 2013", "exchange-um": "on" }),
            server("a", { product: "Lync Server 2010", cu: "4.0.7577.710" }),
            server("b", { product: "Lync Server 2010", cu: "4.0.7577.137" }),
            server("c", { product: "Lync Server 2010" }),
            server("d", { product: "Lync Server 2010", cu: "CU8" }),
        ];
        assert.deepStrictEqual(inventory(resources, { config: { minimumCumulativeUpdates: { "lync-server-2010": 8 } } }).rows.slice(1), [
            "a | Lync Server 2010 | build 4.0.7577.710 (CU7 or later) | CU8 or later | unverifiable | the published builds do not place this build; tag the update label; past end of support (2021-04-13) | exchange-um",
            "b | Lync Server 2010 | CU2 (build 4.0.7577.137) | CU8 or later | below-minimum | past end of support (2021-04-13) | exchange-um",
            "c | Lync Server 2010 | (no tag) | CU8 or later | unverifiable | no cumulative update tag; past end of support (2021-04-13) | exchange-um",
            "d | Lync Server 2010 | CU8 | CU8 or later | compliant | past end of support (2021-04-13) | exchange-um",
        ]);
    });
});
