import type { InventoryRow } from "../inventory";

const COLUMNS: Array<[keyof InventoryRow, string]> = [
    ["name", "Resource"],
    ["type", "Type"],
    ["product", "Product"],
    ["updateFound", "CU found"],
    ["updateRequired", "CU required"],
    ["status", "Status"],
    ["integrations", "Integrations declared"],
    ["note", "Note"],
];

export function inventoryMarkdown(rows: InventoryRow[], umDeclaredBy: string): string {
    const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
    const lines = [
        "### UC server inventory",
        "",
        umDeclaredBy ? `Exchange UM integration declared by ${umDeclaredBy}.` : "No Exchange UM integration declared.",
        "",
        `| ${COLUMNS.map(([, title]) => title).join(" | ")} |`,
        `|${COLUMNS.map(() => "---").join("|")}|`,
        ...rows.map((row) => `| ${COLUMNS.map(([key]) => cell(String(row[key]))).join(" | ")} |`),
    ];
    return `${lines.join("\n")}\n`;
}

export function inventoryCsv(rows: InventoryRow[]): string {
    const field = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
    const lines = [
        COLUMNS.map(([key]) => key)
            .concat("urn")
            .join(","),
        ...rows.map((row) =>
            COLUMNS.map(([key]) => field(String(row[key])))
                .concat(field(row.urn))
                .join(","),
        ),
    ];
    return `${lines.join("\n")}\n`;
}
