// What Pulumi Cloud shows of the pack, from the catalog: a display name for the pack and for each
// policy, tags to select policies by topic and product family, and the pack's readme. The pulumi
// CLI's `policy publish` sends them as the SDK reports them in GetAnalyzerInfo (pulumi v3.276.0
// pkg/backend/httpstate/client PublishPolicyPack: pack displayName, readme, tags; policy
// displayName, tags, severity, remediationSteps, url).
import type { Catalog } from "../catalog/load";
import type { PolicyEntry } from "../catalog/types";
import { PACK_DESCRIPTION } from "../release";

export const PACK_DISPLAY_NAME = "Microsoft Exchange and UC coexistence";

/**
 * The product families a policy concerns: those of every product its entry names (minimums,
 * listed or legacy products, removals); a policy that names none applies to every product.
 */
export function policyFamilies(entry: PolicyEntry, catalog: Catalog): string[] {
    const named = new Set<string>();
    const visit = (value: unknown): void => {
        if (typeof value === "string") {
            const product = catalog.products.get(value);
            if (product) named.add(product.family);
        } else if (Array.isArray(value)) value.forEach(visit);
        else if (value && typeof value === "object") Object.values(value).forEach(visit);
    };
    visit(entry);
    const families = named.size > 0 ? [...named] : [...catalog.products.values()].map((p) => p.family);
    return [...new Set(families)].sort();
}

/** topic:<topic> and family:<family> tags, for selecting policies in Pulumi Cloud. */
export function policyTags(entry: PolicyEntry, catalog: Catalog): string[] {
    return [...entry.topics.map((t) => `topic:${t}`), ...policyFamilies(entry, catalog).map((f) => `family:${f}`)];
}

export function packTags(catalog: Catalog): string[] {
    return [...new Set(catalog.policies.flatMap((p) => policyTags(p, catalog)))].sort();
}

/** The readme Pulumi Cloud shows for the pack: each policy with its level, tags and source. */
export function packReadme(catalog: Catalog): string {
    const rows = catalog.policies.map((p) => {
        const source = catalog.sources.get(p.source);
        const link = source ? `[${source.title.replace(/[[\]|]/g, "")}](${source.url})` : "";
        return `| ${p.displayName} (\`${p.name}\`) | ${p.enforcementLevel} | ${p.severity} | ${p.description.replace(/\|/g, "\\|")} | ${policyTags(p, catalog).join(", ")} | ${link} |`;
    });
    return [
        `# ${PACK_DISPLAY_NAME}`,
        "",
        PACK_DESCRIPTION,
        "",
        "| Policy | Default | Severity | What it enforces | Tags | Source |",
        "|---|---|---|---|---|---|",
        ...rows,
        "",
        `Tags select policies: \`topic:<topic>\` says what a policy is about, \`family:<family>\` which product families it concerns (${[...new Set([...catalog.products.values()].map((p) => p.family))].join(", ")}). Every fact comes from Microsoft's documentation, named in the rule catalog with the date it was checked.`,
        "",
    ].join("\n");
}
