import type { Catalog } from "../catalog/load";
import { MAX_TAG_VALUE_LENGTH, normalizeToken } from "../text";
import { type Outcome, recognised, reported } from "./outcome";

/** Parses enabled/true/yes/on and disabled/false/no/off (as listed in the catalog). */
export function parseToggle(value: string | boolean, catalog: Catalog): Outcome<boolean> {
    if (typeof value === "boolean") return recognised(value);
    const token = value.length > MAX_TAG_VALUE_LENGTH ? "" : normalizeToken(value);
    if (catalog.toggleOn.has(token)) return recognised(true);
    if (catalog.toggleOff.has(token)) return recognised(false);
    return reported(`is neither on (${[...catalog.toggleOn].join("/")}) nor off (${[...catalog.toggleOff].join("/")})`);
}
