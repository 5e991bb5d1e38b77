import { Catalog, compareBuilds, parseBuild } from "../catalog/load";
import { BuildEntry, ProductEntry } from "../catalog/types";
import { MAX_TAG_VALUE_LENGTH } from "../text";
import { Outcome, recognised, reported } from "./outcome";

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

export function updateLabel(update: number): string {
    return update === 0 ? "RTM" : `CU${update}`;
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
export function describeLevel(level: UpdateLevel): string {
    if (isExact(level)) return level.build ? `${updateLabel(level.update)} (build ${level.build})` : updateLabel(level.update);
    const range =
        level.below === undefined
            ? `${updateLabel(level.update)} or later`
            : level.below - 1 === level.update
              ? updateLabel(level.update)
              : `between ${updateLabel(level.update)} and ${updateLabel(level.below - 1)}`;
    return `build ${level.build} (${range})`;
}

/**
 * Parses a cumulative-update tag: "CU10", "cu 10", "10", "Cumulative Update 10", "RTM", "none",
 * or a build number placed by the product's sourced build table.
 */
export function parseUpdateLevel(value: string, product: ProductEntry, catalog: Catalog): Outcome<UpdateLevel> {
    const table = catalog.buildTables.get(product.id);
    const newestBuild = table?.filter((entry) => entry.build).pop()?.build;
    const expected = newestBuild
        ? `expected a label such as "CU10", "RTM" or a ${product.name} build number such as ${newestBuild}`
        : `expected a label such as "CU10" or "RTM"`;
    if (value.length > MAX_TAG_VALUE_LENGTH) return reported(`is too long to be an update level (${expected})`);
    const trimmed = value.normalize("NFKC").trim();
    if (BUILD.test(trimmed)) return levelOfBuild(trimmed, product, catalog);
    const token = trimmed.toLowerCase().replace(/[\s\-_.]+/g, "");
    if (NO_UPDATE.has(token)) return recognised({ update: 0, below: 1 });
    const label = LABEL.exec(token);
    if (!label) return reported(`is not a cumulative update level (${expected})`);
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
    const below = upper ? (upper.within ? upper.update + 1 : upper.update) : undefined;
    return recognised({ update: lower?.update ?? 0, below, build });
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
