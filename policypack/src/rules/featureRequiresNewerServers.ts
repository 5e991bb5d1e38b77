// lync-2013-features-on-legacy-servers: features that need Lync Server 2013 and Exchange 2013 are
// declared while servers of older versions remain; their users will not get those features.
import type { FeatureEntry, PolicyEntry } from "../catalog/types";
import { describeDeclarers, subject, tagLabel } from "../model/messages";
import type { Declarer, Scope } from "../model/scope";
import { listInEnglish, quoted } from "../text";
import { definePolicyKind, type FindingOf } from "./kind";

export interface FeatureRequiresNewerServersParams {
    /** The server versions whose users do not get the features. */
    legacyProducts: string[];
    /** What the features need, completing "it needs ...". */
    requires: string;
    /** The features this policy speaks for; absent: every declared feature. */
    features?: string[];
}

type FeatureRequiresNewerServersPolicy = PolicyEntry<"feature-requires-newer-servers", FeatureRequiresNewerServersParams>;

const FINDING_CODES = ["legacy-server"] as const;

export const featureRequiresNewerServers = definePolicyKind({
    kind: "feature-requires-newer-servers",
    summary: "Features declared in uc-features that need newer servers than some the stack keeps.",
    paramsSchema: {
        type: "object",
        additionalProperties: false,
        required: ["legacyProducts", "requires"],
        properties: {
            legacyProducts: { type: "array", minItems: 1, items: { $ref: "#/definitions/productId" } },
            requires: { $ref: "#/definitions/text" },
            features: { type: "array", minItems: 1, uniqueItems: true, items: { $ref: "#/definitions/featureId" } },
        },
    },
    findingCodes: FINDING_CODES,
    check: checkFeatureRequiresNewerServers,
});

function checkFeatureRequiresNewerServers(policy: FeatureRequiresNewerServersPolicy, scope: Scope) {
    const { params } = policy;
    const findings: Array<FindingOf<typeof FINDING_CODES>> = [];
    const source = policy.source;
    for (const { key, field, problem } of scope.stackTagProblems) {
        if (field === "ucFeatures")
            findings.push({ code: "invalid-stack-tag", level: "policy", text: `The stack tag ${quoted(key)} ${problem}.`, source });
    }
    const features: FeatureEntry[] = [];
    const declarers: Declarer[] = [];
    for (const { feature, declarer } of scope.featureDeclarations) {
        // This policy speaks for the features the seed's statement covers; the integration matrix checks the rest.
        if (params.features && !params.features.includes(feature.id)) continue;
        if (!features.includes(feature)) features.push(feature);
        declarers.push(declarer);
    }
    for (const facts of scope.resources) {
        if (facts.featuresProblem) {
            findings.push({
                resource: facts.resource,
                code: "invalid-features",
                level: "policy",
                text: `${subject(facts)}: ${tagLabel(facts.featuresProblem.where)} ${facts.featuresProblem.problem}.`,
                source,
            });
        }
        if (features.length === 0 || !facts.product || !params.legacyProducts.includes(facts.product.id)) continue;
        const names = listInEnglish(features.map((f) => f.name));
        // Only the limitations Microsoft states for this server's product (the Lync 2010 notes do
        // not describe an OCS 2007 R2 server).
        const productId = facts.product.id;
        const limitations = features.flatMap((f) => f.limitations.filter((l) => l.products.includes(productId)).map((l) => l.text));
        const limits = limitations.length > 0 ? ` (${limitations.join("; ")})` : "";
        findings.push({
            resource: facts.resource,
            code: "legacy-server",
            level: "policy",
            text: `${subject(facts)} remains while ${names} ${features.length > 1 ? "are" : "is"} declared (by ${describeDeclarers(declarers)}): ${features.length > 1 ? "these need" : "it needs"} ${params.requires}, so users homed on this server will not get ${features.length > 1 ? "them" : "it"}${limits}.`,
            source,
        });
    }
    return findings;
}
