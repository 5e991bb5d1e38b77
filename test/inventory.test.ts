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
