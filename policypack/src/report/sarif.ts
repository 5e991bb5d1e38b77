// SARIF 2.1.0 for code scanning (GitHub and others): one run per policy pack, one rule per policy
// with its source as help, one result per violation located at the resource.
import { PolicyViolation, resourceName } from "./eventLog";

const LEVEL: Record<string, string> = { mandatory: "error", remediate: "error", advisory: "warning" };

export function toSarif(violations: PolicyViolation[], programFile = "Pulumi.yaml"): object {
    const packs = [...new Set(violations.map((v) => v.policyPackName))];
    return {
        $schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: (packs.length > 0 ? packs : ["uc-exchange-um-policies"]).map((pack) => {
            const mine = violations.filter((v) => v.policyPackName === pack);
            const rules = [...new Map(mine.map((v) => [v.policyName, v])).values()];
            return {
                tool: {
                    driver: {
                        name: pack,
                        version: mine[0]?.policyPackVersion || undefined,
                        informationUri: "https://www.pulumi.com/docs/iac/using-pulumi/crossguard/",
                        rules: rules.map((v) => ({
                            id: v.policyName,
                            shortDescription: { text: v.description || v.policyName },
                            ...(v.sourceUrl ? { helpUri: v.sourceUrl } : {}),
                            properties: v.severity ? { severity: v.severity } : {},
                        })),
                    },
                },
                results: mine.map((v) => ({
                    ruleId: v.policyName,
                    ruleIndex: rules.findIndex((r) => r.policyName === v.policyName),
                    level: LEVEL[v.enforcementLevel] ?? "note",
                    message: { text: v.detail },
                    locations: [{
                        physicalLocation: { artifactLocation: { uri: programFile } },
                        logicalLocations: [{ name: resourceName(v.resourceUrn), fullyQualifiedName: v.resourceUrn || "(stack)", kind: "resource" }],
                    }],
                    partialFingerprints: { "resourcePolicy/v1": `${v.policyName}|${v.resourceUrn}` },
                })),
            };
        }),
    };
}
