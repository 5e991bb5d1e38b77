// exchange-um-unsupported-communications-server: a communications server version Exchange
// 2013/2016 UM does not support at all (OCS 2007, not R2) while UM integration is declared.
import { citation, describeDeclarers, subject } from "../model/messages";
import { declarersInScope } from "../model/scope";
import { Finding, RuleCheck } from "./finding";

export const checkUnsupportedCommunicationsServer: RuleCheck = (policy, scope, _settings, catalog) => {
    const findings: Finding[] = [];
    if (declarersInScope(scope.umDeclarers, policy.documentedFor).length === 0) return findings;
    const exchangeVersions = (policy.documentedFor ?? []).map((id) => catalog.products.get(id)?.name ?? id).join(" and ");
    for (const facts of scope.resources) {
        if (!facts.product || !policy.products?.includes(facts.product.id)) continue;
        findings.push({
            resource: facts.resource,
            code: "unsupported",
            message: `${subject(facts)} cannot take part in Exchange UM integration (declared by ${describeDeclarers(scope.umDeclarers)}): ${facts.product.name} is not a supported communications server for ${exchangeVersions} Unified Messaging. ${citation(catalog, policy.source)}`,
        });
    }
    return findings;
};
