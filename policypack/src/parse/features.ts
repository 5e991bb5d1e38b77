import type { Catalog } from "../catalog/load";
import type { FeatureEntry } from "../catalog/types";
import { MAX_TAG_VALUE_LENGTH, normalizeToken } from "../text";
import { type Outcome, recognised, reported } from "./outcome";

/** Parses a list of UC features such as "unified-contact-store, high-resolution-photos". */
export function parseFeatures(value: string, catalog: Catalog): Outcome<FeatureEntry[]> {
    const known = catalog.features.map((f) => f.id).join(", ");
    if (value.length > MAX_TAG_VALUE_LENGTH * 4) return reported(`is too long to be a feature list (known features: ${known})`);
    const features: FeatureEntry[] = [];
    let unknownCount = 0;
    for (const item of value.split(/[,;|]/)) {
        const token = normalizeToken(item);
        if (token === "") continue;
        const feature = catalog.featuresByAlias.get(token);
        if (!feature) unknownCount++;
        else if (!features.includes(feature)) features.push(feature);
    }
    if (unknownCount > 0) {
        return reported(`lists ${unknownCount} feature${unknownCount > 1 ? "s" : ""} this pack does not know (known features: ${known})`);
    }
    return recognised(features);
}
