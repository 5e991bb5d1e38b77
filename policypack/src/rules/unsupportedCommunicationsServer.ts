// exchange-um-unsupported-communications-server: a communications server version that Microsoft's
// Exchange 2013/2016 UM documentation does not list (OCS 2007, not R2) while UM integration is
// declared. The source lists what Exchange UM can be deployed with; it says nothing of OCS 2007,
// so the message says exactly that ("not listed"), not "unsupported".
import { describeDeclarers, productNames, subject } from "../model/messages";
import { declarersInScope } from "../model/scope";
import type { Finding, RuleCheck } from "./finding";

export const checkUnsupportedCommunicationsServer: RuleCheck = (policy, scope, _settings, catalog) => {
    const findings: Finding[] = [];
    if (declarersInScope(scope.umDeclarers, policy.documentedFor).length === 0) return findings;
    const exchangeVersions = productNames(policy.documentedFor, catalog);
    const listed = productNames(policy.listed, catalog);
    for (const facts of scope.resources) {
        if (!facts.product || !policy.products?.includes(facts.product.id)) continue;
        findings.push({
            resource: facts.resource,
            code: "unsupported",
            level: "policy",
            text: `${subject(facts)} is under Exchange UM integration (declared by ${describeDeclarers(scope.umDeclarers)}), but ${facts.product.name} is not listed by Microsoft among the communications servers ${exchangeVersions} Unified Messaging can be deployed with (it lists ${listed}).`,
            source: policy.source,
        });
    }
    return findings;
};
