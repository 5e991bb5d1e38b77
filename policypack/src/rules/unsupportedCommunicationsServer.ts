// exchange-um-unsupported-communications-server: a communications server version that Microsoft's
// Exchange 2013/2016 UM documentation does not list (OCS 2007, not R2) while UM integration is
// declared. The source lists what Exchange UM can be deployed with; it says nothing of OCS 2007,
// so the message says exactly that ("not listed"), not "unsupported".
import type { Catalog } from "../catalog/load";
import type { PolicyEntry } from "../catalog/types";
import { describeDeclarers, productNames, subject } from "../model/messages";
import { declarersInScope, type Scope } from "../model/scope";
import { definePolicyKind, type FindingOf } from "./kind";

export interface UnsupportedCommunicationsServerParams {
    /** The Exchange versions whose UM documentation gives the list. */
    documentedFor: string[];
    documentedForSources: string[];
    /** The communications servers the documentation does not list: reported while UM is declared. */
    products: string[];
    /** The communications servers it lists, for the message. */
    listed: string[];
}

type UnsupportedCommunicationsServerPolicy = PolicyEntry<"unsupported-communications-server", UnsupportedCommunicationsServerParams>;

const productList = { type: "array", minItems: 1, uniqueItems: true, items: { $ref: "#/definitions/productId" } };
const FINDING_CODES = ["unsupported"] as const;

export const unsupportedCommunicationsServer = definePolicyKind({
    kind: "unsupported-communications-server",
    summary: "While Exchange UM integration is declared, a communications server the Exchange UM documentation does not list is reported.",
    paramsSchema: {
        type: "object",
        additionalProperties: false,
        required: ["documentedFor", "documentedForSources", "products", "listed"],
        properties: {
            documentedFor: productList,
            documentedForSources: { type: "array", minItems: 1, uniqueItems: true, items: { $ref: "#/definitions/sourceId" } },
            products: productList,
            listed: productList,
        },
    },
    findingCodes: FINDING_CODES,
    check: checkUnsupportedCommunicationsServer,
});

function checkUnsupportedCommunicationsServer(
    policy: UnsupportedCommunicationsServerPolicy,
    scope: Scope,
    _settings: unknown,
    catalog: Catalog,
) {
    const { params } = policy;
    const findings: Array<FindingOf<typeof FINDING_CODES>> = [];
    if (declarersInScope(scope.umDeclarers, params.documentedFor).length === 0) return findings;
    const exchangeVersions = productNames(params.documentedFor, catalog);
    const listed = productNames(params.listed, catalog);
    for (const facts of scope.resources) {
        if (!facts.product || !params.products.includes(facts.product.id)) continue;
        findings.push({
            resource: facts.resource,
            code: "unsupported",
            level: "policy",
            text: `${subject(facts)} is under Exchange UM integration (declared by ${describeDeclarers(scope.umDeclarers)}), but ${facts.product.name} is not listed by Microsoft among the communications servers ${exchangeVersions} Unified Messaging can be deployed with (it lists ${listed}).`,
            source: policy.source,
        });
    }
    return findings;
}
