import type { Catalog } from "../catalog/load";
import type { ProductEntry } from "../catalog/types";
import { listInEnglish, MAX_TAG_VALUE_LENGTH, normalizeToken } from "../text";
import { ignored, type Outcome, recognised, reported } from "./outcome";

/**
 * Resolves a product tag value. Estates use `product` for their own services too, so a value that
 * does not look like a UC product is ignored; one that does ("Lync", "Exchange 2007") is reported.
 * The raw value is never echoed: tag values may be secrets.
 */
export function resolveProduct(value: string, catalog: Catalog): Outcome<ProductEntry> {
    if (value.length > MAX_TAG_VALUE_LENGTH) return ignored();
    // Product values repeat across a stack ("billing-api" on every bucket of a service): each
    // distinct value is resolved once per catalog. Bounded, so hostile values cannot grow it.
    let known = resolved.get(catalog);
    if (!known) {
        known = new Map();
        resolved.set(catalog, known);
    }
    const remembered = known.get(value);
    if (remembered) return remembered;
    const outcome = resolve(value, catalog);
    if (known.size < MAX_REMEMBERED_VALUES) known.set(value, outcome);
    return outcome;
}

const MAX_REMEMBERED_VALUES = 10_000;
const resolved = new WeakMap<Catalog, Map<string, Outcome<ProductEntry>>>();

function resolve(value: string, catalog: Catalog): Outcome<ProductEntry> {
    const token = normalizeToken(value);
    const product = catalog.productsByAlias.get(token);
    if (product) return recognised(product);
    const family = catalog.families.find((f) => f.pattern.test(token));
    if (!family) return ignored();
    const known = listInEnglish(
        family.products.map((p) => `"${p.name}"`),
        "or",
    );
    return reported(`names ${family.name} but no version this pack knows (use ${known})`);
}
