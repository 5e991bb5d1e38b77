// exchange-integration-supported-versions: every integration the stack declares (uc-features
// tag, stack tag or config) is looked up in Microsoft's integration matrix (rules/integrations.json)
// for each pair of communications server and Exchange server the stack declares. Mandatory where
// Microsoft says the pair is not supported; advisory where it documents a limitation, contradicts
// itself, or says nothing ("not documented" is a value of the matrix, never a guess).
import type { Catalog } from "../catalog/load";
import type { IntegrationCell, ProductEntry } from "../catalog/types";
import type { ResourceFacts } from "../model/facts";
import { describeDeclarers, sourceUrl, subject } from "../model/messages";
import type { Declarer } from "../model/scope";
import { listInEnglish, printable, quoted } from "../text";
import type { Finding, RuleCheck } from "./finding";

const MAX_NAMED = 3;

export const checkIntegrationMatrix: RuleCheck = (policy, scope, _settings, catalog) => {
    const findings: Finding[] = [];
    const declared = new Map<string, Declarer[]>();
    for (const { feature, declarer } of scope.featureDeclarations) {
        const integration = catalog.integrations.get(feature.id);
        if (!integration) continue;
        declared.set(feature.id, [...(declared.get(feature.id) ?? []), declarer]);
    }
    if (declared.size === 0) return findings;
    const exchanges = scope.resources.filter((f) => f.product?.role === "exchange-server");
    const servers = scope.resources.filter((f) => f.product?.role === "communications-server");

    for (const [featureId, declarers] of declared) {
        const integration = catalog.integrations.get(featureId)!;
        const name = catalog.features.find((f) => f.id === featureId)?.name ?? featureId;
        const by = `declared by ${describeDeclarers(declarers)}`;
        if (exchanges.length === 0 && servers.length > 0) {
            // Only the whole stack can tell that no Exchange server is declared anywhere.
            findings.push({
                code: "no-exchange",
                topic: featureId,
                level: "advisory",
                wholeStackOnly: true,
                text: `${capitalise(name)} is ${by}, but the stack declares no Exchange server (a 'product' tag naming an Exchange version), so the pack cannot check it against Microsoft's integration matrix. Tag the Exchange servers, or declare the integration in the stack that has them.`,
                source: policy.source,
            });
            continue;
        }
        for (const server of servers) {
            const product = server.product!;
            // A product with no row (OCS) has nothing documented for any Exchange version: said as such,
            // unless the legacy-features policy already reports this server for this feature.
            const row = integration.rows.find((r) => r.server === product.id);
            if (!row && coveredByLegacyPolicy(product.id, featureId, catalog)) continue;
            const cells = row?.cells ?? {};
            const finding = judge(server, cells, exchanges, name, by, catalog, policy.source);
            if (finding) findings.push({ ...finding, topic: featureId });
        }
    }
    return findings;
};

function judge(
    server: ResourceFacts,
    cells: Record<string, IntegrationCell>,
    exchanges: ResourceFacts[],
    name: string,
    by: string,
    catalog: Catalog,
    fallbackSource: string,
): Finding | undefined {
    // One clause per distinct answer (status and note), naming the Exchange versions and servers it
    // concerns, in the catalog's order of versions so the message does not depend on the stack's order.
    const groups = new Map<string, { cell: IntegrationCell; exchanges: Map<ProductEntry, string[]> }>();
    const order = [...catalog.products.keys()];
    const sorted = [...exchanges].sort((a, b) => order.indexOf(a.product!.id) - order.indexOf(b.product!.id));
    for (const exchange of sorted) {
        const product = exchange.product!;
        const cell = cells[product.id] ?? { status: "not-documented" };
        if (cell.status === "supported") continue;
        const key = `${cell.status}\u0000${cell.note ?? ""}\u0000${(cell.sources ?? []).join(",")}`;
        const group = groups.get(key) ?? { cell, exchanges: new Map<ProductEntry, string[]>() };
        group.exchanges.set(product, [...(group.exchanges.get(product) ?? []), quoted(printable(exchange.resource.name))]);
        groups.set(key, group);
    }
    if (groups.size === 0) return undefined;
    const parts = [...groups.values()].map(({ cell, exchanges: byVersion }) => {
        const versions = listInEnglish([...byVersion].map(([product, names]) => `${product.name} (${namesOf(names)})`));
        return describeCell(cell, versions, catalog);
    });
    const notSupported = [...groups.values()].some((g) => g.cell.status === "not-supported");
    const alternatives = Object.entries(cells)
        .filter(([, cell]) => cell.status === "supported")
        .map(([id]) => catalog.products.get(id)?.name ?? id);
    const alternative =
        alternatives.length > 0
            ? ` Microsoft documents it for ${server.product!.name} with ${listInEnglish(alternatives, "and")}.`
            : ` Microsoft documents it for ${server.product!.name} with no Exchange version.`;
    return {
        resource: server.resource,
        code: notSupported ? "integration-not-supported" : "integration-not-documented",
        level: notSupported ? "policy" : "advisory",
        wholeStackOnly: true,
        text: `${subject(server)}: ${name} (${by}) ${parts.join("; it ")}.${alternative}`,
        source: firstSource(groups) ?? fallbackSource,
    };
}

function coveredByLegacyPolicy(productId: string, featureId: string, catalog: Catalog): boolean {
    return catalog.policies.some(
        (p) =>
            p.kind === "feature-requires-newer-servers" && p.legacyProducts?.includes(productId) && (p.features ?? []).includes(featureId),
    );
}

function describeCell(cell: IntegrationCell, with_: string, catalog: Catalog): string {
    const note = cell.note ? `: ${cell.note}` : "";
    const pages = (cell.sources ?? []).slice(1).map((id) => sourceUrl(catalog, id));
    const see = pages.length > 0 ? ` (see also ${pages.join(", ")})` : "";
    switch (cell.status) {
        case "not-supported":
            return `is not supported by Microsoft with ${with_}${note}${see}`;
        case "limited":
            return `is limited with ${with_}${note}${see}`;
        case "conflicting":
            return `is documented inconsistently by Microsoft for ${with_}${note}${see}`;
        default:
            return `is not documented by Microsoft for ${with_}${note}`;
    }
}

function firstSource(groups: Map<string, { cell: IntegrationCell }>): string | undefined {
    for (const { cell } of groups.values()) if (cell.status === "not-supported" && cell.sources) return cell.sources[0];
    for (const { cell } of groups.values()) if (cell.sources) return cell.sources[0];
    return undefined;
}

function namesOf(names: string[]): string {
    if (names.length <= MAX_NAMED) return listInEnglish(names);
    return `${names.slice(0, MAX_NAMED).join(", ")} and ${names.length - MAX_NAMED} more`;
}

function capitalise(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
