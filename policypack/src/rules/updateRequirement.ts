// Whether a server's 'cu' tag meets a minimum update a matrix cell requires, with the same build
// placement the Exchange UM minimum-CU rule uses (parse/updateLevel.ts): met, below it, or a reason
// the pack cannot tell (no tag, unknown during preview, unreadable, not placeable). Never a silent pass.
import type { Catalog } from "../catalog/load";
import type { ProductEntry } from "../catalog/types";
import type { ResourceFacts } from "../model/facts";
import { tagLabel } from "../model/messages";
import { describeLevel, parseUpdateLevel, placeAgainst } from "../parse/updateLevel";
import type { PolicySettings } from "../settings";
import { quoted } from "../text";

export type UpdateVerdict = { kind: "met" } | { kind: "below"; found: string } | { kind: "unverifiable"; why: string };

export function checkUpdateRequirement(
    facts: ResourceFacts,
    product: ProductEntry,
    minimum: number,
    settings: PolicySettings,
    catalog: Catalog,
): UpdateVerdict {
    const tag = facts.updateTag;
    if (!tag) {
        const keys = settings.tagKeys.cumulativeUpdate.map((k) => quoted(k)).join(" or ");
        return { kind: "unverifiable", why: `it has no cumulative update tag (${keys})` };
    }
    if (tag.kind === "unknown") {
        return {
            kind: "unverifiable",
            why: `its ${tagLabel(tag.where)} is not known during preview (the policy runs again at update time)`,
        };
    }
    if (tag.kind !== "text") {
        const what = tag.kind === "unusable" ? `holds ${tag.valueType}` : "holds a boolean";
        return { kind: "unverifiable", why: `its ${tagLabel(tag.where)} ${what}, not a cumulative update level` };
    }
    const level = parseUpdateLevel(tag.text, product, catalog);
    if (level.kind !== "recognised") {
        const problem = level.kind === "reported" ? level.problem : "is not a cumulative update level";
        return { kind: "unverifiable", why: `its ${tagLabel(tag.where)} ${problem}` };
    }
    const place = placeAgainst(level.value, minimum);
    if (place === "met") return { kind: "met" };
    const found = describeLevel(level.value);
    if (place === "below") return { kind: "below", found };
    return { kind: "unverifiable", why: `it is at ${found}, which the builds Microsoft publishes for ${product.name} do not place` };
}
