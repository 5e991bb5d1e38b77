import type { Catalog } from "../catalog/load";

/**
 * Answers that depend only on a tag value and the catalog, remembered per catalog: the same values
 * ("billing-api", "CU10") repeat on every resource of a stack. Bounded, so hostile values cannot
 * grow it; past the bound a value is simply parsed again.
 */
export class CatalogMemo<T> {
    private readonly byCatalog = new WeakMap<Catalog, Map<string, T>>();

    constructor(private readonly limit = 10_000) {}

    get(catalog: Catalog, key: string, compute: () => T): T {
        let known = this.byCatalog.get(catalog);
        if (!known) {
            known = new Map();
            this.byCatalog.set(catalog, known);
        }
        const remembered = known.get(key);
        if (remembered !== undefined) return remembered;
        const answer = compute();
        if (known.size < this.limit) known.set(key, answer);
        return answer;
    }
}
