import { compareBuilds, parseBuild } from "../catalog/builds";
import type { Catalog } from "../catalog/load";
import type { BuildEntry, ProductEntry } from "../catalog/types";
import { MAX_TAG_VALUE_LENGTH } from "../text";
import { CatalogMemo } from "./memo";
import { type Outcome, recognised, reported } from "./outcome";

/**
 * What a cumulative-update tag establishes. A label is exact; a build number is placed between the
 * builds the sourced table knows, so it may only bound the update ("CU7 or later" when Microsoft
 * publishes no builds after CU7). Comparisons the bounds cannot decide are reported as such.
 */
export interface UpdateLevel {
    /** The lowest update the tag can mean; 0 is RTM. */
    update: number;
    /** The tag means an update below this one (exclusive), when the table says so. */
    below?: number;
    /** The build number the level was derived from, when the tag gave one. */
    build?: string;
}

const BUILD = /^\d{1,5}(\.\d{1,6}){3}$/;
const NO_UPDATE = new Set(["rtm", "none", "norollup", "noupdate", "nocu"]);
const LABEL = /^(?:cu|cumulativeupdate|update)?(\d{1,3})$/;

/**
 * How Microsoft names an update of a product: "CU10", "RTM", or the label of its table entry for
 * products named by service pack and update rollup (Exchange 2010 "SP3 RU11").
 */
export function updateLabel(update: number, product?: ProductEntry): string {
    const label = product?.builds.table?.find((entry) => entry.update === update)?.label;
    if (label) return label;
    return update === 0 ? "RTM" : `CU${update}`;
}

/** Products whose updates Microsoft names by label (service pack and update rollup), not by CU number. */
export function namedByLabel(product: ProductEntry): boolean {
    return (product.builds.table ?? []).some((entry) => entry.label !== undefined);
}

export function isExact(level: UpdateLevel): boolean {
    return level.below === level.update + 1;
}

/**
 * Where a level stands against a minimum update: met, below it, or not placeable, when the sourced
 * build table only bounds the level on both sides of the minimum. Never a guess.
 */
export function placeAgainst(level: UpdateLevel, minimum: number): "met" | "below" | "unplaceable" {
    if (level.update >= minimum) return "met";
    if (level.below !== undefined && level.below <= minimum) return "below";
    return "unplaceable";
}

/** "CU3", "CU3 (build 4.0.7577.166)" or, for a build the table can only bound, "build X (CU7 or later)". */
export function describeLevel(level: UpdateLevel, product?: ProductEntry): string {
    const name = (update: number) => updateLabel(update, product);
    if (isExact(level)) return level.build ? `${name(level.update)} (build ${level.build})` : name(level.update);
    const range =
        level.below === undefined
            ? `${name(level.update)} or later`
            : level.below - 1 === level.update
              ? name(level.update)
              : `between ${name(level.update)} and ${name(previousUpdate(level.below, product))}`;
    return `build ${level.build} (${range})`;
}

/** The update before `update` in the product's table (ordinals of labelled tables have gaps). */
function previousUpdate(update: number, product?: ProductEntry): number {
    const earlier = (product?.builds.table ?? []).filter((entry) => entry.update < update).pop();
    return earlier?.update ?? update - 1;
}

/**
 * Parses a cumulative-update tag: "CU10", "cu 10", "10", "Cumulative Update 10", "RTM", "none",
 * or a build number placed by the product's sourced build table.
 */
export function parseUpdateLevel(value: string, product: ProductEntry, catalog: Catalog): Outcome<UpdateLevel> {
    if (value.length > MAX_TAG_VALUE_LENGTH) return reported(`is too long to be an update level (${expectedLevel(product, catalog)})`);
    // Every policy that checks a server parses its tag, and the same values repeat across servers.
    return parsedLevels.get(catalog, `${product.id}\u0000${value}`, () => parse(value, product, catalog));
}

const parsedLevels = new CatalogMemo<Outcome<UpdateLevel>>();

/** What a cumulative-update tag of the product may say, for the messages that reject one. */
function expectedLevel(product: ProductEntry, catalog: Catalog): string {
    const table = catalog.buildTables.get(product.id);
    const newestBuild = table?.filter((entry) => entry.build).pop()?.build;
    const example = namedByLabel(product) ? `"${table?.filter((entry) => entry.label).pop()?.label}"` : `"CU10"`;
    return newestBuild
        ? `expected a label such as ${example}, "RTM" or ${article(product.name)} ${product.name} build number such as ${newestBuild}`
        : `expected a label such as ${example} or "RTM"`;
}

function parse(value: string, product: ProductEntry, catalog: Catalog): Outcome<UpdateLevel> {
    const table = catalog.buildTables.get(product.id);
    const trimmed = value.normalize("NFKC").trim();
    if (BUILD.test(trimmed)) return levelOfBuild(canonicalBuild(trimmed), product, catalog);
    const token = trimmed.toLowerCase().replace(/[\s\-_.]+/g, "");
    if (NO_UPDATE.has(token)) return recognised({ update: 0, below: 1 });
    const named = table?.find((entry) => [entry.label, ...(entry.aliases ?? [])].some((l) => l && labelToken(l) === labelToken(token)));
    if (named) return recognised({ update: named.update, below: named.update + 1 });
    if (namedByLabel(product))
        return reported(`is not an update level Microsoft published for ${product.name} (${expectedLevel(product, catalog)})`);
    const label = LABEL.exec(token);
    if (!label) return reported(`is not a cumulative update level (${expectedLevel(product, catalog)})`);
    const update = Number(label[1]);
    const complete = product.builds.complete;
    if (update > 0 && complete && table && !table.some((entry) => entry.update === update)) {
        const published = table.filter((e) => e.update > 0).map((e) => e.update);
        return reported(
            `names ${updateLabel(update)}, which Microsoft did not publish for ${product.name} (its cumulative updates: ${summarise(published)})`,
        );
    }
    return recognised({ update, below: update + 1 });
}

/** Update rollups are written "RU11", "UR11", "Rollup 11" or "Update Rollup 11"; service packs "SP3" or "Service Pack 3". */
function labelToken(label: string): string {
    return label
        .toLowerCase()
        .replace(/[\s\-_.]+/g, "")
        .replace(/servicepack/g, "sp")
        .replace(/(updaterollup|rollup|ur)(?=\d)/g, "ru");
}

/** Microsoft's build list writes some builds with leading zeros (15.01.2507.006); compare them as numbers. */
function canonicalBuild(build: string): string {
    return parseBuild(build).join(".");
}

function levelOfBuild(build: string, product: ProductEntry, catalog: Catalog): Outcome<UpdateLevel> {
    if (!build.startsWith(product.builds.prefix)) {
        const owners = [...catalog.products.values()].filter((p) => build.startsWith(p.builds.prefix)).map((p) => p.name);
        const whose = owners.length > 0 ? `a ${owners.join(" or ")} build` : `not a ${product.name} build`;
        return reported(`gives build ${build}, ${whose} (${product.name} builds start with ${product.builds.prefix})`);
    }
    const known = (catalog.buildTables.get(product.id) ?? []).filter(
        (entry): entry is BuildEntry & { parts: number[]; build: string } => !!entry.build,
    );
    if (known.length === 0) {
        const why = product.builds.unmappedReason ?? `the catalog has no build table for ${product.name}`;
        return reported(`gives build ${build}, but ${why}; tag the update label instead (for example CU10)`);
    }
    const parts = parseBuild(build);
    const later = laterProductOfBuild(parts, product, known[known.length - 1].parts, catalog);
    if (later)
        return reported(
            `gives build ${build}, ${article(later.name)} ${later.name} build (its builds start at ${later.first}), not ${article(product.name)} ${product.name} build`,
        );
    let lower: (typeof known)[number] | undefined;
    let upper: (typeof known)[number] | undefined;
    for (const entry of known) {
        if (compareBuilds(entry.parts, parts) <= 0) lower = entry;
        else {
            upper = entry;
            break;
        }
    }
    if (!lower && known[0].update === 0 && !known[0].within) {
        return reported(`gives build ${build}, older than ${product.name} RTM (${known[0].build})`);
    }
    // A build below a release build is an earlier update; below a hotfix build of update N it
    // may still be update N.
    const update = lower?.update ?? 0;
    let below = upper ? (upper.within ? upper.update + 1 : upper.update) : undefined;
    // Labelled tables number their updates with gaps (SP3 RU7 is 307, SP3 RU8v2 308, SP2 RU1 201):
    // when no update lies between the two builds, the build is exactly the lower update.
    const table = product.builds.table ?? [];
    if (below !== undefined && !table.some((entry) => entry.update > update && entry.update < below!)) below = update + 1;
    // Above the newest build of a complete list (security updates of Exchange 2016 CU23), no later update exists.
    if (below === undefined && product.builds.complete && table[table.length - 1]?.update === update) below = update + 1;
    return recognised({ update, below, build });
}

/**
 * A product sharing this one's build prefix whose first release build lies above this product's
 * newest: Exchange Server SE (15.2.2562 on) after Exchange 2019 (15.2 below it).
 */
function laterProductOfBuild(parts: number[], product: ProductEntry, newest: number[], catalog: Catalog) {
    for (const other of catalog.products.values()) {
        if (other === product || other.builds.prefix !== product.builds.prefix) continue;
        const first = catalog.buildTables.get(other.id)?.find((entry) => entry.build && !entry.within);
        if (first && compareBuilds(first.parts, newest) > 0 && compareBuilds(first.parts, parts) <= 0)
            return { name: other.name, first: first.build };
    }
    return undefined;
}

function article(name: string): string {
    return /^[AEIOU]/.test(name) ? "an" : "a";
}

/** "1 to 13 and 15 to 18" for a sorted list of update numbers. */
function summarise(updates: number[]): string {
    const runs: string[] = [];
    for (let i = 0; i < updates.length; ) {
        let j = i;
        while (j + 1 < updates.length && updates[j + 1] === updates[j] + 1) j++;
        runs.push(i === j ? `CU${updates[i]}` : `CU${updates[i]} to CU${updates[j]}`);
        i = j + 1;
    }
    return runs.join(", ");
}
