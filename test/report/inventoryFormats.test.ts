// The inventory's Markdown table and CSV, read back as a Markdown renderer and a spreadsheet read
// them: a cell with a pipe, a comma, a quote or a line break stays one cell.
import * as assert from "node:assert";
import type { InventoryRow } from "../../policypack/src/inventory";
import { inventoryCsv, inventoryMarkdown } from "../../policypack/src/report/inventoryFormats";

const row = (change: Partial<InventoryRow> = {}): InventoryRow => ({
    name: "lync-fe-01",
    type: "azure-native:compute:VirtualMachine",
    urn: "urn:pulumi:prod::uc::azure-native:compute:VirtualMachine::lync-fe-01",
    product: "Lync Server 2010",
    updateFound: "CU2",
    updateRequired: "CU3 or later",
    status: "below-minimum",
    note: "",
    integrations: "exchange-um",
    ...change,
});

/** RFC 4180 as spreadsheets read it: quoted fields may hold commas, doubled quotes and line breaks. */
function readCsv(text: string): string[][] {
    const rows: string[][] = [];
    let fields: string[] = [];
    let field = "";
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (quoted && c === '"' && text[i + 1] === '"') {
            field += '"';
            i++;
        } else if (quoted && c === '"') {
            quoted = false;
        } else if (quoted) {
            field += c;
        } else if (c === '"') {
            quoted = true;
        } else if (c === "," || c === "\n") {
            fields.push(field);
            field = "";
            if (c === "\n") {
                rows.push(fields);
                fields = [];
            }
        } else {
            field += c;
        }
    }
    return rows;
}

describe("CI report tool: inventory formats", () => {
    it("writes CSV a spreadsheet reads back cell for cell, quoting only the cells that need it", () => {
        const awkward = row({
            name: 'lync "primary", pool 1',
            note: "tags.CU, tags.cu are both set\r\nsecond line",
            product: "Lync Server 2010",
        });
        const text = inventoryCsv([row(), awkward]);
        assert.deepStrictEqual(readCsv(text), [
            ["name", "type", "product", "updateFound", "updateRequired", "status", "integrations", "note", "urn"],
            [
                "lync-fe-01",
                "azure-native:compute:VirtualMachine",
                "Lync Server 2010",
                "CU2",
                "CU3 or later",
                "below-minimum",
                "exchange-um",
                "",
                row().urn,
            ],
            [
                'lync "primary", pool 1',
                "azure-native:compute:VirtualMachine",
                "Lync Server 2010",
                "CU2",
                "CU3 or later",
                "below-minimum",
                "exchange-um",
                "tags.CU, tags.cu are both set\r\nsecond line",
                row().urn,
            ],
        ]);
        assert.strictEqual(
            text.split("\n")[1],
            `lync-fe-01,azure-native:compute:VirtualMachine,Lync Server 2010,CU2,CU3 or later,below-minimum,exchange-um,,${row().urn}`,
        );
        assert.ok(text.includes('\n"lync ""primary"", pool 1",azure-native'), "quotes doubled inside a quoted cell");
        assert.ok(inventoryCsv([row({ note: "a\rb" })]).includes(',"a\rb",'), "a lone carriage return is quoted too");
        assert.ok(inventoryCsv([row({ note: 'say "hi"' })]).includes(',"say ""hi""",'), "a quote alone is quoted");
        assert.strictEqual(inventoryCsv([]), "name,type,product,updateFound,updateRequired,status,integrations,note,urn\n");
    });

    it("writes a Markdown table whose cells never break the row, and says when nothing declared UM", () => {
        const text = inventoryMarkdown([row({ note: "a | b\nc\r\nd" })], "");
        assert.deepStrictEqual(text.split("\n"), [
            "### UC server inventory",
            "",
            "No Exchange UM integration declared.",
            "",
            "| Resource | Type | Product | CU found | CU required | Status | Integrations declared | Note |",
            "|---|---|---|---|---|---|---|---|",
            "| lync-fe-01 | azure-native:compute:VirtualMachine | Lync Server 2010 | CU2 | CU3 or later | below-minimum | exchange-um | a \\| b c d |",
            "",
        ]);
        assert.match(
            inventoryMarkdown([], "the stack tag 'exchange-um'"),
            /\n\nExchange UM integration declared by the stack tag 'exchange-um'\.\n\n/,
        );
    });
});
