import type { Catalog } from "../catalog/load";
import type { ProductEntry } from "../catalog/types";
import { listInEnglish, MAX_TAG_VALUE_LENGTH, normalizeToken } from "../text";
import { CatalogMemo } from "./memo";
import { ignored, type Outcome, recognised, reported } from "./outcome";

/**
 * Resolves a product tag value. Estates use `product` for their own services too, so a value that
 * does not look like a UC product is ignored; one that does ("Lync", "Exchange 2007") is reported.
 * The raw value is never echoed: tag values may be secrets.
 */
export function resolveProduct(value: string, catalog: Catalog): Outcome<ProductEntry> {
    if (value.length > MAX_TAG_VALUE_LENGTH) return ignored();
    return resolvedProducts.get(catalog, value, () => resolve(value, catalog));
}

const resolvedProducts = new CatalogMemo<Outcome<ProductEntry>>();

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
