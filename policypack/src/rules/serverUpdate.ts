// What an Exchange server's update tag establishes, for rules that compare it with a required
// update: a level, or why there is none (no tag, unknown during preview, unusable). Parsed once
// per server and product, so a server under several requirements is read the same way for each.
import type { Catalog } from "../catalog/load";
import type { ProductEntry } from "../catalog/types";
import type { ResourceFacts } from "../model/facts";
import { tagLabel } from "../model/messages";
import { parseUpdateLevel, type UpdateLevel } from "../parse/updateLevel";

export type ServerUpdate =
    | { kind: "level"; level: UpdateLevel }
    | { kind: "missing" }
    | { kind: "unknown"; where: string }
    /** `problem` follows the server's subject: "tag 'cu' names CU30, which ...". */
    | { kind: "invalid"; problem: string };

export function readServerUpdate(facts: ResourceFacts, product: ProductEntry, catalog: Catalog): ServerUpdate {
    const tag = facts.updateTag;
    if (!tag) return { kind: "missing" };
    if (tag.kind === "unknown") return { kind: "unknown", where: tag.where };
    if (tag.kind !== "text") {
        const holds = tag.kind === "unusable" ? `holds ${tag.valueType}` : "holds a boolean";
        return { kind: "invalid", problem: `${tagLabel(tag.where)} ${holds}, not an update level` };
    }
    const outcome = parseUpdateLevel(tag.text, product, catalog);
    if (outcome.kind === "recognised") return { kind: "level", level: outcome.value };
    const problem = outcome.kind === "reported" ? outcome.problem : "is not an update level";
    return { kind: "invalid", problem: `${tagLabel(tag.where)} ${problem}` };
}

/** Whether a level meets `update`: yes, no, or the build table cannot tell. */
export function meets(level: UpdateLevel, update: number): "yes" | "no" | "undecided" {
    if (level.update >= update) return "yes";
    if (level.below !== undefined && level.below <= update) return "no";
    return "undecided";
}
