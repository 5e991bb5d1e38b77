// communications-server-end-of-support: servers of products past Microsoft's end of support.
import { citation, subject } from "../model/messages";
import { Finding, RuleCheck } from "./finding";

export const checkEndOfSupport: RuleCheck = (policy, scope, _settings, catalog) => {
    const findings: Finding[] = [];
    for (const facts of scope.resources) {
        const product = facts.product;
        const endOfSupport = product?.endOfSupport;
        if (!product || !endOfSupport || !policy.products?.includes(product.id)) continue;
        findings.push({
            resource: facts.resource,
            code: "end-of-support",
            message: `${subject(facts)} is past Microsoft's end of support (${endOfSupport.date}) and receives no security updates. ${citation(catalog, endOfSupport.source)}`,
        });
    }
    return findings;
};
