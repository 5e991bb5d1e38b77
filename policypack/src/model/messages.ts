// Shared phrasing, so every message names the resource, what was found, what is required, who
// declared UM and where the rule comes from, in the same words.
import type { Catalog } from "../catalog/load";
import { listInEnglish, printable, quoted } from "../text";
import type { ResourceFacts } from "./facts";
import type { Declarer } from "./scope";

export function subject(facts: ResourceFacts): string {
    const name = quoted(printable(facts.resource.name));
    return facts.product ? `${facts.product.name} server ${name}` : `Resource ${name}`;
}

export function tagLabel(where: string): string {
    return `tag ${quoted(printable(where))}`;
}

const MAX_NAMED_DECLARERS = 3;

export function describeDeclarers(declarers: Declarer[]): string {
    const names = declarers.map(declarerName);
    const unique = [...new Set(names)];
    if (unique.length <= MAX_NAMED_DECLARERS) return listInEnglish(unique);
    return `${unique.slice(0, MAX_NAMED_DECLARERS).join(", ")} and ${unique.length - MAX_NAMED_DECLARERS} more`;
}

function declarerName(d: Declarer): string {
    if (d.kind === "resource") return quoted(printable(d.facts.resource.name));
    if (d.kind === "stack-tag") return `the stack tag ${quoted(printable(d.key))}`;
    return `the configuration of policy ${quoted(d.policy)}`;
}

/**
 * The final "Source: <url>" of a message, the address last (CI reports read it there); a source not
 * read at Microsoft's own address says so before it.
 */
export function citation(catalog: Catalog, sourceId: string): string {
    const source = catalog.sources.get(sourceId);
    if (!source) return `Source: ${sourceId}`;
    if (source.publisher !== "Microsoft") return `(This source is not published by Microsoft.) Source: ${source.url}`;
    if (source.copy === "syndicated")
        return `(This source is a syndicated copy of a Microsoft post, not Microsoft's own address.) Source: ${source.url}`;
    return `Source: ${source.url}`;
}

/**
 * A source's address, for a reference inside a sentence (the final "Source:" is the rule's). A
 * message never passes off a fact as Microsoft's when the catalog did not read it at Microsoft's
 * address: a community source, or a syndicated copy of a Microsoft post, says so.
 */
export function sourceUrl(catalog: Catalog, sourceId: string): string {
    const source = catalog.sources.get(sourceId);
    if (!source) return sourceId;
    if (source.publisher !== "Microsoft") return `${source.url} - not published by Microsoft`;
    if (source.copy === "syndicated") return `${source.url} - a syndicated copy of a Microsoft post, not Microsoft's own address`;
    return source.url;
}

/** Product names for catalog ids, in the given order ("Exchange Server 2013 and Exchange Server 2016"). */
export function productNames(ids: string[] | undefined, catalog: Catalog, conjunction = "and"): string {
    return listInEnglish(
        (ids ?? []).map((id) => catalog.products.get(id)?.name ?? id),
        conjunction,
    );
}
