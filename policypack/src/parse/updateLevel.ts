import { Catalog, compareBuilds, parseBuild } from "../catalog/load";
import { ProductEntry } from "../catalog/types";
import { MAX_TAG_VALUE_LENGTH } from "../text";
import { Outcome, recognised, reported } from "./outcome";

export interface UpdateLevel {
    /** 0 is RTM (no cumulative update). */
    update: number;
    /** The build number the level was derived from, when the tag gave one. */
    build?: string;
}

const BUILD = /^\d{1,5}(\.\d{1,6}){3}$/;
const NO_UPDATE = new Set(["rtm", "none", "norollup", "noupdate", "nocu"]);
const LABEL = /^(?:cu|cumulativeupdate|update)?(\d{1,3})$/;

export function updateLabel(update: number): string {
    return update === 0 ? "RTM" : `CU${update}`;
}

/**
 * Parses a cumulative-update tag: "CU10", "cu 10", "10", "Cumulative Update 10", "RTM", "none",
 * or a build number that the product's sourced build table maps to an update.
 */
export function parseUpdateLevel(value: string, product: ProductEntry, catalog: Catalog): Outcome<UpdateLevel> {
    const table = catalog.buildTables.get(product.id);
    const expected = table
        ? `expected a label such as "CU10", "RTM" or a ${product.name} build number such as ${table[table.length - 1].build}`
        : `expected a label such as "CU10" or "RTM"`;
    if (value.length > MAX_TAG_VALUE_LENGTH) return reported(`is too long to be an update level (${expected})`);
    const trimmed = value.normalize("NFKC").trim();
    if (BUILD.test(trimmed)) return levelOfBuild(trimmed, product, catalog);
    const token = trimmed.toLowerCase().replace(/[\s\-_.]+/g, "");
    if (NO_UPDATE.has(token)) return recognised({ update: 0 });
    const label = LABEL.exec(token);
    if (label) return recognised({ update: Number(label[1]) });
    return reported(`is not a cumulative update level (${expected})`);
}

function levelOfBuild(build: string, product: ProductEntry, catalog: Catalog): Outcome<UpdateLevel> {
    if (!build.startsWith(product.builds.prefix)) {
        const owner = [...catalog.products.values()].find((p) => build.startsWith(p.builds.prefix));
        const whose = owner ? `a ${owner.name} build` : `not a ${product.name} build`;
        return reported(`gives build ${build}, ${whose} (${product.name} builds start with ${product.builds.prefix})`);
    }
    const table = catalog.buildTables.get(product.id);
    if (!table) {
        const why = product.builds.unmappedReason ?? `the catalog has no build table for ${product.name}`;
        return reported(`gives build ${build}, but ${why}; tag the update label instead (for example CU10)`);
    }
    const parts = parseBuild(build);
    // A build between two known builds (a hotfix) counts as the lower update.
    let match = undefined;
    for (const entry of table) {
        if (compareBuilds(entry.parts, parts) <= 0) match = entry;
        else break;
    }
    if (!match) return reported(`gives build ${build}, older than ${product.name} RTM (${table[0].build})`);
    return recognised({ update: match.update, build });
}
