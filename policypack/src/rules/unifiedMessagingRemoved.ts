// exchange-2019-unified-messaging-removed: UM declared on an Exchange version that has no UM
// (Exchange Server 2019, and Exchange Server SE, which continues its code line). The way to voice
// mail depends on the communications servers of the stack, so the finding names, per server, what
// Microsoft's Cloud Voicemail planning table says for this Exchange version - and says so when
// the table has nothing for it, rather than suggesting a path Microsoft does not document.
import type { Catalog } from "../catalog/load";
import type { PolicyEntry, ProductEntry } from "../catalog/types";
import type { ResourceFacts } from "../model/facts";
import { sourceUrl, subject, tagLabel } from "../model/messages";
import type { Scope } from "../model/scope";
import { listInEnglish, printable, quoted } from "../text";
import { definePolicyKind, type FindingOf } from "./kind";

export type VoicemailOption = "exchange-um" | "cloud-voicemail" | "not-supported";

/** Microsoft's Cloud Voicemail planning table: per communications server and Exchange version, the voice-mail option. */
export interface VoicemailMatrix {
    source: string;
    exchange: string[];
    rows: Array<{ server: string; options: Record<string, VoicemailOption> }>;
    notSupportedAdvice: string;
}

export interface UnifiedMessagingRemovedParams {
    /** The Exchange versions without Unified Messaging, and why. */
    removedFrom: Array<{ product: string; basis?: string; source: string; alsoSources?: string[] }>;
    voicemail?: VoicemailMatrix;
}

type UnifiedMessagingRemovedPolicy = PolicyEntry<"unified-messaging-removed", UnifiedMessagingRemovedParams>;

const sourceList = { type: "array", minItems: 1, uniqueItems: true, items: { $ref: "#/definitions/sourceId" } };
const FINDING_CODES = ["um-declared"] as const;

export const unifiedMessagingRemoved = definePolicyKind({
    kind: "unified-messaging-removed",
    summary: "Exchange UM integration declared on an Exchange version that has no Unified Messaging.",
    paramsSchema: {
        type: "object",
        additionalProperties: false,
        required: ["removedFrom"],
        properties: {
            removedFrom: {
                type: "array",
                minItems: 1,
                items: {
                    type: "object",
                    additionalProperties: false,
                    required: ["product", "source"],
                    properties: {
                        product: { $ref: "#/definitions/productId" },
                        basis: { $ref: "#/definitions/text" },
                        source: { $ref: "#/definitions/sourceId" },
                        alsoSources: sourceList,
                    },
                },
            },
            voicemail: {
                type: "object",
                additionalProperties: false,
                required: ["source", "exchange", "rows", "notSupportedAdvice"],
                properties: {
                    source: { $ref: "#/definitions/sourceId" },
                    exchange: { type: "array", minItems: 1, uniqueItems: true, items: { $ref: "#/definitions/productId" } },
                    notSupportedAdvice: { $ref: "#/definitions/text" },
                    rows: {
                        type: "array",
                        minItems: 1,
                        items: {
                            type: "object",
                            additionalProperties: false,
                            required: ["server", "options"],
                            properties: {
                                server: { $ref: "#/definitions/productId" },
                                options: {
                                    type: "object",
                                    propertyNames: { $ref: "#/definitions/productId" },
                                    additionalProperties: { enum: ["exchange-um", "cloud-voicemail", "not-supported"] },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
    findingCodes: FINDING_CODES,
    check: checkUnifiedMessagingRemoved,
});

function checkUnifiedMessagingRemoved(policy: UnifiedMessagingRemovedPolicy, scope: Scope, _settings: unknown, catalog: Catalog) {
    const findings: Array<FindingOf<typeof FINDING_CODES>> = [];
    const servers = scope.resources.filter((f) => f.product?.role === "communications-server");
    for (const facts of scope.resources) {
        const removal = policy.params.removedFrom.find((r) => r.product === facts.product?.id);
        if (!facts.product || !removal || !facts.umDeclared?.value) continue;
        const basis = removal.basis ? ` (${removal.basis})` : "";
        findings.push({
            resource: facts.resource,
            code: "um-declared",
            level: "policy",
            // Voice-mail advice depends on the other servers of the stack: only stack validation sees them.
            wholeStackOnly: true,
            text: [
                `${subject(facts)} declares Exchange UM integration (${tagLabel(facts.umDeclared.where)}), but ${facts.product.name} has no Unified Messaging${basis}.`,
                voicemailAdvice(facts.product, servers, policy, catalog),
            ]
                .filter((part) => part !== "")
                .join(" "),
            source: removal.source,
        });
    }
    return findings;
}

function voicemailAdvice(
    exchange: ProductEntry,
    servers: ResourceFacts[],
    policy: UnifiedMessagingRemovedPolicy,
    catalog: Catalog,
): string {
    const matrix = policy.params.voicemail;
    if (!matrix) return "";
    const table = `Microsoft's Cloud Voicemail planning table (${sourceUrl(catalog, matrix.source)})`;
    if (!matrix.exchange.includes(exchange.id)) {
        return `Voice mail: ${table} does not cover ${exchange.name}, so no voice-mail path is documented for these mailboxes.`;
    }
    if (servers.length === 0) return `Voice mail: see ${table} for the communications servers that serve these users.`;
    const byAnswer = new Map<string, string[]>();
    for (const server of servers) {
        const product = server.product!;
        const option = matrix.rows.find((row) => row.server === product.id)?.options[exchange.id];
        const answer =
            option === "cloud-voicemail"
                ? `Cloud Voicemail with ${exchange.name}`
                : option === "exchange-um"
                  ? `Exchange UM, which ${exchange.name} does not have`
                  : option === "not-supported"
                    ? `not supported with ${exchange.name} (${matrix.notSupportedAdvice})`
                    : `not documented with ${exchange.name}`;
        const names = byAnswer.get(answer) ?? [];
        names.push(`${product.name} ${quoted(printable(server.resource.name))}`);
        byAnswer.set(answer, names);
    }
    const parts = [...byAnswer].map(([answer, names]) => `${listInEnglish(names)}: ${answer}`);
    return `Voice mail, per ${table}: ${parts.join("; ")}.`;
}
