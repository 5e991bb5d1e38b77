// exchange-2019-unified-messaging-removed: UM declared on an Exchange version that has no UM.
import { citation, subject, tagLabel } from "../model/messages";
import { Finding, RuleCheck } from "./finding";

export const checkUnifiedMessagingRemoved: RuleCheck = (policy, scope, _settings, catalog) => {
    const findings: Finding[] = [];
    for (const facts of scope.resources) {
        if (!facts.product || !policy.products?.includes(facts.product.id) || !facts.umDeclared?.value) continue;
        const seeAlso = (policy.seeAlso ?? []).map((id) => citation(catalog, id).replace("Source: ", "")).join(", ");
        findings.push({
            resource: facts.resource,
            code: "um-declared",
            message: `${subject(facts)} declares Exchange UM integration (${tagLabel(facts.umDeclared.where)}), but ${facts.product.name} has no Unified Messaging${seeAlso ? ` (voice mail alternative: ${seeAlso})` : ""}. ${citation(catalog, policy.source)}`,
        });
    }
    return findings;
};
