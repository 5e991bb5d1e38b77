import * as assert from "node:assert";
import { loadCatalog } from "../policypack/src/catalog/load";
import { buildInventory } from "../policypack/src/inventory";
import { compliantEstate, withTag } from "./estate";
import { type TestResource, UNKNOWN } from "./harness/analyzer";

const catalog = loadCatalog();
const asInventoryInput = (resources: TestResource[]) =>
    resources.map((r) => ({ urn: `urn:pulumi:dev::uc-estate::${r.type}::${r.name}`, type: r.type, name: r.name, props: r.properties }));
const table = (resources: TestResource[], stackTags?: Map<string, string>) =>
    buildInventory(asInventoryInput(resources), catalog, stackTags).rows.map(
        (r) => `${r.name} | ${r.product} | ${r.updateFound} | ${r.updateRequired} | ${r.status} | ${r.note}`,
    );

describe("inventory report", () => {
    it("lists every UC server with product, update found, update required and status", () => {
        let estate = withTag(compliantEstate(), "lync-fe-01", "tags", "CU", "CU2");
        estate = withTag(estate, "ocs-r2-01", "labels", "cu", UNKNOWN);
        assert.deepStrictEqual(table(estate), [
            "exch-mbx-01 | Exchange Server 2013 | CU23 |  | exchange-server | declares Exchange UM integration; past end of support (2023-04-11)",
            "lync-fe-01 | Lync Server 2010 | CU2 | CU3 or later | below-minimum | past end of support (2021-04-13)",
            "ocs-r2-01 | Office Communications Server 2007 R2 | (unknown) | CU10 or later | unverifiable | unknown until the update runs; past end of support (2018-01-09)",
            "lync13-edge | Lync Server 2013 | CU1 | none | not-required | no update required; past end of support (2023-04-11)",
            "sfb-fe-01 | Skype for Business Server 2015 | (no tag) | none | not-required | no update required; past end of support (2025-10-14)",
        ]);
    });

    it("gives each Exchange server its coexistence status when the stack mixes Exchange versions", () => {
        const server = (name: string, product: string, cu?: string): TestResource => ({
            type: "aws:ec2/instance:Instance",
            name,
            properties: { tags: cu ? { product, cu } : { product } },
        });
        const today = "2026-12-01";
        const rows = (resources: TestResource[]) =>
            buildInventory(asInventoryInput(resources), catalog, undefined, {}, today).rows.map(
                (r) => `${r.name} | ${r.updateFound} | ${r.note}`,
            );
        assert.deepStrictEqual(
            rows([
                server("x19", "Exchange 2019", "CU15"),
                server("x16", "Exchange 2016", "CU20"),
                server("x13", "Exchange 2013", "CU10"),
                server("x10", "Exchange 2010", "SP3 RU11"),
                server("x16b", "Exchange 2016"),
            ]),
            [
                "x19 | CU15 | coexistence: supported; past end of support (2025-10-14)",
                "x16 | CU20 | coexistence: not verified with Exchange Server 2019; past end of support (2025-10-14)",
                "x13 | CU10 | coexistence: blocks Exchange Server 2019; past end of support (2023-04-11)",
                "x10 | SP3 RU11 | coexistence: blocks Exchange Server 2019; past end of support (2020-10-13)",
                "x16b | (no tag) | coexistence: not verified with Exchange Server 2019; past end of support (2025-10-14)",
            ],
        );
        assert.deepStrictEqual(rows([server("a", "Exchange 2019", "CU15"), server("b", "Exchange 2019", "CU1")]), [
            "a | CU15 | past end of support (2025-10-14)",
            "b | CU1 | past end of support (2025-10-14)",
        ]);
    });

    it("lists the integrations declared for the stack on every UC server", () => {
        const estate = withTag(compliantEstate(), "exch-mbx-01", "tags", "uc-features", "unified-contact-store, oauth");
        const rows = buildInventory(asInventoryInput(estate), catalog).rows;
        assert.deepStrictEqual(
            [...new Set(rows.map((r) => r.integrations))],
            ["exchange-um, unified-contact-store, server-to-server-auth"],
        );
        const none = buildInventory(
            asInventoryInput(withTag(compliantEstate(), "exch-mbx-01", "tags", "exchange-um", "off")),
            catalog,
        ).rows;
        assert.deepStrictEqual([...new Set(none.map((r) => r.integrations))], [""]);
    });

    it("notes end of support only once the date has passed", () => {
        const rows = buildInventory(asInventoryInput(compliantEstate()), catalog, undefined, {}, "2021-04-13").rows;
        assert.deepStrictEqual(
            rows.map((r) => r.note.includes("past end of support")),
            [false, false, true, false, false],
        );
    });

    it("says the requirement does not apply when no UM is declared, and leaves out unrelated resources", () => {
        const estate = withTag(compliantEstate(), "exch-mbx-01", "tags", "exchange-um", "off");
        const rows = buildInventory(asInventoryInput(estate), catalog).rows;
        assert.deepStrictEqual(
            rows.map((r) => r.status),
            ["exchange-server", "not-required", "not-required", "not-required", "not-required"],
        );
        assert.strictEqual(rows[1].note, "no Exchange UM integration declared for Exchange 2013/2016; past end of support (2021-04-13)");
        assert.ok(!rows.some((r) => r.name === "voicemail-archive" || r.name === "uc-vnet"));
    });
});
