// Checks what the schema cannot in the coexistence table of an organisation-coexistence policy:
// every pair of Exchange versions is written down exactly once, newer after older, and each
// minimum names an update Microsoft published for one side of its pair. (Its products and sources
// are references the schema declares, checked with every other reference by load.ts.)
import type { PolicyEntry, ProductEntry } from "./types";

export function checkCoexistenceTable(policy: PolicyEntry, products: Map<string, ProductEntry>, problems: string[]): void {
    if (!policy.coexistence) return;
    const where = `policy '${policy.name}'`;
    const order = [...products.values()].filter((p) => p.role === "exchange-server").map((p) => p.id);
    const seen = new Set<string>();
    for (const entry of policy.coexistence) {
        const pair = `${where} pair '${entry.newer}' with '${entry.older}'`;
        if (!order.includes(entry.newer) || !order.includes(entry.older))
            problems.push(`${pair} names a product that is not an Exchange version`);
        else if (order.indexOf(entry.newer) <= order.indexOf(entry.older)) problems.push(`${pair} lists the older version first`);
        if (seen.has(`${entry.newer}/${entry.older}`)) problems.push(`${pair} is written twice`);
        seen.add(`${entry.newer}/${entry.older}`);
        for (const minimum of entry.minimums ?? []) {
            if (minimum.product !== entry.newer && minimum.product !== entry.older)
                problems.push(`${pair} has a minimum for '${minimum.product}', which is neither side of the pair`);
            const table = products.get(minimum.product)?.builds.table ?? [];
            if (!table.some((row) => row.update === minimum.update))
                problems.push(`${pair} requires update ${minimum.update} of '${minimum.product}', which its update table lacks`);
        }
    }
    for (const [i, older] of order.entries())
        for (const newer of order.slice(i + 1))
            if (!seen.has(`${newer}/${older}`))
                problems.push(`${where} has no entry for '${newer}' with '${older}' (write not-documented if Microsoft says nothing)`);
}
