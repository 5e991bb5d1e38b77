// communications-server-end-of-support: servers of a product past the end of support that
// Microsoft's lifecycle data gives it (Fixed Lifecycle Policy), naming the date, the supported
// successor and the migration path Microsoft documents. Modern Lifecycle products have no date.
import { sourceUrl, subject } from "../model/messages";
import type { Finding, RuleCheck } from "./finding";
import { upgradePath } from "./upgradePath";

export const checkEndOfSupport: RuleCheck = (_policy, scope, _settings, catalog) => {
    const findings: Finding[] = [];
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
            text: `${subject(facts)} is past Microsoft's end of support (${lifecycle.endOfSupport}, Fixed Lifecycle Policy) and receives no security updates.${next}`,
            source: lifecycle.source,
        });
    }
    return findings;
};
