// communications-server-end-of-support: servers of a product past the end of support that
// Microsoft's lifecycle data gives it (Fixed Lifecycle Policy), naming the date, what is true of
// security updates on the day of the preview (Microsoft's paid Extended Security Update periods,
// rules/lifecycle.json: inside one, after one, between two), the supported successor and the
// migration path Microsoft documents. Modern Lifecycle products have no date.
import type { Catalog } from "../catalog/load";
import type { EsuPeriod, ProductEntry } from "../catalog/types";
import { sourceUrl, subject } from "../model/messages";
import type { Scope } from "../model/scope";
import { definePolicyKind, type FindingOf } from "./kind";
import { upgradePath } from "./upgradePath";

const FINDING_CODES = ["end-of-support"] as const;

/** Takes no catalog data: the lifecycle, successor and ESU periods are the products' own (products.json, lifecycle.json). */
export const endOfSupport = definePolicyKind({
    kind: "end-of-support",
    summary: "Servers past the end of support Microsoft's lifecycle data gives their product.",
    findingCodes: FINDING_CODES,
    check: checkEndOfSupport,
});

function checkEndOfSupport(_policy: unknown, scope: Scope, _settings: unknown, catalog: Catalog) {
    const findings: Array<FindingOf<typeof FINDING_CODES>> = [];
    for (const facts of scope.resources) {
        const product = facts.product;
        const lifecycle = product?.lifecycle;
        if (!product || lifecycle?.policy !== "fixed" || lifecycle.endOfSupport >= scope.today) continue;
        const successor = product.successor;
        const next = successor
            ? ` Supported successor: ${catalog.products.get(successor.product)?.name ?? successor.product}; ${successor.route} (${sourceUrl(catalog, successor.source)}).${upgradePath(facts, product, catalog)}`
            : "";
        findings.push({
            resource: facts.resource,
            code: "end-of-support",
            level: "policy",
            text: `${subject(facts)} is past Microsoft's end of support (${lifecycle.endOfSupport}, Fixed Lifecycle Policy)${securityUpdates(product, scope.today, catalog)}${next}`,
            source: lifecycle.source,
        });
    }
    return findings;
}

/** What is true of security updates on `today` for a product past its end of support. */
function securityUpdates(product: ProductEntry, today: string, catalog: Catalog): string {
    const periods = catalog.extendedSecurityUpdates.get(product.id) ?? [];
    if (periods.length === 0) return " and receives no security updates.";
    const last = periods[periods.length - 1];
    const current = periods.find((p) => p.start <= today && today <= p.end);
    if (current) {
        const following = periods.find((p) => p.start > current.end);
        const after = following
            ? `; ${following.name} (${following.start} to ${following.end}) is bought separately`
            : `, and Microsoft has announced no period after ${last.end}`;
        return `: it receives security updates only through Microsoft's paid Extended Security Update programme, ${describe(current, catalog)}${after}.`;
    }
    const upcoming = periods.find((p) => p.start > today);
    const ended = [...periods].reverse().find((p) => p.end < today);
    if (upcoming) {
        const before = ended ? `${ended.name} of Microsoft's paid Extended Security Update programme ended on ${ended.end}; ` : "";
        return ` and receives no security updates today: ${before}${describe(upcoming, catalog)} is a separate paid programme.`;
    }
    return ` and receives no security updates: Microsoft's paid Extended Security Update programme for it ended on ${last.end} (${sourceUrl(catalog, last.source)}).`;
}

function describe(period: EsuPeriod, catalog: Catalog): string {
    return `${period.name} (${period.start} to ${period.end}, ${sourceUrl(catalog, period.source)})`;
}
