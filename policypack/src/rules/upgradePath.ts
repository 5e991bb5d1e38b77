// The update-aware part of an end-of-support message: whether this server's update already opens
// the route to its successor (Exchange 2019 needs CU14 or CU15 for the in-place upgrade to
// Exchange Server SE; Exchange 2016 has only the legacy, side-by-side upgrade).
import type { Catalog } from "../catalog/load";
import type { ProductEntry } from "../catalog/types";
import type { ResourceFacts } from "../model/facts";
import { sourceUrl } from "../model/messages";
import { describeLevel, updateLabel } from "../parse/updateLevel";
import { meets, readServerUpdate } from "./serverUpdate";

export function upgradePath(facts: ResourceFacts, product: ProductEntry, catalog: Catalog): string {
    const from = product.successor?.upgradeFrom;
    if (!from) return "";
    const said = ` ${from.text} (${sourceUrl(catalog, from.source)})`;
    if (from.update === 0) return `${said}.`;
    const label = updateLabel(from.update, product);
    const update = readServerUpdate(facts, product, catalog);
    if (update.kind !== "level") return `${said}; tag this server's update (for example ${label}) to know whether it can take it.`;
    const found = describeLevel(update.level, product);
    const verdict = meets(update.level, from.update);
    if (verdict === "yes") return `${said}: this server, at ${found}, can take it.`;
    if (verdict === "no") return `${said}: this server is at ${found}; install ${label} or later before the upgrade.`;
    return `${said}; this server is at ${found}, which the builds Microsoft publishes do not place against ${label}.`;
}
