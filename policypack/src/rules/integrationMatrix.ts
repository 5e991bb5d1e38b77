// exchange-integration-supported-versions: every integration the stack declares (uc-features
// tag, stack tag or config) is looked up in Microsoft's integration matrix (rules/integrations.json)
// for each pair of communications server and Exchange server the stack declares. Mandatory where
// Microsoft says the pair is not supported, or where a supported pair needs a minimum update the
// server's 'cu' tag shows it is below; advisory where Microsoft documents a limitation, contradicts
// itself or says nothing ("not documented" is a value of the matrix, never a guess), and where the
// update a cell requires cannot be verified. Every clause quotes the sentence it rests on.
import type { Catalog } from "../catalog/load";
import type { ResourceFacts } from "../model/facts";
import { describeDeclarers, sourceUrl, subject } from "../model/messages";
import { updateLabel } from "../parse/updateLevel";
import type { PolicySettings } from "../settings";
import { listInEnglish, printable, quoted } from "../text";
import type { CellCondition, IntegrationCell, PolicyEntry, ProductEntry } from "../catalog/types";
import type { Declarer, Scope } from "../model/scope";
import { definePolicyKind, type FindingOf } from "./kind";
import { checkUpdateRequirement } from "./updateRequirement";

const MAX_NAMED = 3;

const FINDING_CODES = ["integration-not-supported", "integration-below-minimum", "integration-not-documented", "no-exchange"] as const;
type IntegrationFinding = FindingOf<typeof FINDING_CODES>;

/** Takes no catalog data of its own: the matrix is the catalog's (rules/integrations.json). */
export const integrationMatrix = definePolicyKind({
    kind: "integration-matrix",
    summary: "Declared integrations (uc-features) checked against Microsoft's Exchange integration matrix, per server pair.",
    findingCodes: FINDING_CODES,
    check: checkIntegrationMatrix,
});

function checkIntegrationMatrix(policy: PolicyEntry, scope: Scope, settings: PolicySettings, catalog: Catalog) {
    const findings: IntegrationFinding[] = [];
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
            // A product with no row has nothing documented for any Exchange version: said as such.
            const cells = integration.rows.find((r) => r.server === server.product!.id)?.cells ?? {};
            const finding = judge(server, cells, exchanges, name, by, settings, catalog, policy.source);
            if (finding) findings.push({ ...finding, topic: featureId });
        }
    }
    return findings;
}

/** What one cell says for one Exchange server of the stack, when it is not a plain pass. */
interface Answer {
    cell: IntegrationCell;
    /** The Exchange version of the column (a condition on Exchange names it). */
    exchange: ProductEntry;
    /**
     * The update the cell requires is below the minimum, below a minimum Microsoft may not mean for this
     * version (the condition is unconfirmed), or cannot be verified (and why).
     */
    condition?: { kind: "below" | "unconfirmed" | "unverifiable"; detail: string };
}

function judge(
    server: ResourceFacts,
    cells: Record<string, IntegrationCell>,
    exchanges: ResourceFacts[],
    name: string,
    by: string,
    settings: PolicySettings,
    catalog: Catalog,
    fallbackSource: string,
): IntegrationFinding | undefined {
    // One clause per distinct answer, naming the Exchange versions and servers it concerns, in the
    // catalog's order of versions so the message does not depend on the stack's order.
    const groups = new Map<string, { answer: Answer; exchanges: Map<ProductEntry, string[]> }>();
    const order = [...catalog.products.keys()];
    const sorted = [...exchanges].sort((a, b) => order.indexOf(a.product!.id) - order.indexOf(b.product!.id));
    for (const exchange of sorted) {
        const product = exchange.product!;
        const answer = answerFor(cells[product.id] ?? { status: "not-documented" }, server, exchange, settings, catalog);
        if (!answer) continue;
        const { cell, condition } = answer;
        const key = [cell.status, cell.note ?? "", (cell.sources ?? []).join(","), condition?.kind ?? "", condition?.detail ?? ""].join(
            "\u0000",
        );
        const group = groups.get(key) ?? { answer, exchanges: new Map<ProductEntry, string[]>() };
        group.exchanges.set(product, [...(group.exchanges.get(product) ?? []), quoted(printable(exchange.resource.name))]);
        groups.set(key, group);
    }
    if (groups.size === 0) return undefined;
    const parts = [...groups.values()].map(({ answer, exchanges: byVersion }) => {
        const versions = listInEnglish([...byVersion].map(([product, names]) => `${product.name} (${namesOf(names)})`));
        return describeAnswer(answer, versions, server.product!, catalog);
    });
    const answers = [...groups.values()].map((g) => g.answer);
    const notSupported = answers.some((a) => a.cell.status === "not-supported");
    const below = answers.some((a) => a.condition?.kind === "below");
    const unconfirmed = answers.some((a) => a.condition?.kind === "unconfirmed");
    const alternatives = Object.entries(cells)
        .filter(([, cell]) => cell.status === "supported")
        .map(([id, cell]) => {
            const exchange = catalog.products.get(id);
            const unconfirmed = cell.condition?.unconfirmed ? ", unconfirmed" : "";
            const needs =
                cell.condition && exchange
                    ? ` (with ${requirement(cell.condition, server.product!, exchange, catalog)}${unconfirmed})`
                    : "";
            return `${exchange?.name ?? id}${needs}`;
        });
    const unverifiable = answers.find((a) => a.condition?.kind === "unverifiable")?.cell.condition;
    const advice = unverifiable
        ? ` Tag the installed update's label (for example ${updateLabel(unverifiable.update)}) so the pack can check it.`
        : "";
    const alternative =
        alternatives.length > 0
            ? ` Microsoft documents it for ${server.product!.name} with ${listInEnglish(alternatives, "and")}.`
            : ` Microsoft documents it for ${server.product!.name} with no Exchange version.`;
    return {
        resource: server.resource,
        code: notSupported
            ? "integration-not-supported"
            : below || unconfirmed
              ? "integration-below-minimum"
              : "integration-not-documented",
        level: notSupported || below ? "policy" : "advisory",
        wholeStackOnly: true,
        text: `${subject(server)}: ${name} (${by}) ${parts.join("; it ")}.${advice}${alternative}`,
        source: firstSource(answers, catalog) ?? fallbackSource,
    };
}

/** The cell's answer for this pair; a supported cell passes only when its condition is met. */
function answerFor(
    cell: IntegrationCell,
    server: ResourceFacts,
    exchange: ResourceFacts,
    settings: PolicySettings,
    catalog: Catalog,
): Answer | undefined {
    const product = exchange.product!;
    if (cell.status !== "supported") return { cell, exchange: product };
    const condition = cell.condition;
    if (!condition) return undefined;
    const target = condition.on === "server" ? server : exchange;
    const verdict = checkUpdateRequirement(target, target.product!, condition.update, settings, catalog);
    if (verdict.kind === "met") return undefined;
    const who = condition.on === "server" ? "the server" : quoted(printable(exchange.resource.name));
    return verdict.kind === "below"
        ? {
              cell,
              exchange: product,
              condition: { kind: condition.unconfirmed ? "unconfirmed" : "below", detail: `${who} is at ${verdict.found}` },
          }
        : {
              cell,
              exchange: product,
              condition: { kind: "unverifiable", detail: `${who === "the server" ? "" : `${who}: `}${verdict.why}` },
          };
}

function describeAnswer({ cell, exchange, condition }: Answer, with_: string, server: ProductEntry, catalog: Catalog): string {
    const note = cell.note ? `: ${cell.note}` : "";
    const pages = (cell.sources ?? []).slice(1).map((id) => sourceUrl(catalog, id));
    const see = pages.length > 0 ? ` (see also ${pages.join(", ")})` : "";
    const says = microsoftSays(cell, catalog);
    if (condition) {
        const needs = requirement(cell.condition!, server, exchange, catalog);
        // An unconfirmed condition: Microsoft's update number may not mean this version's update.
        const unconfirmed = cell.condition!.unconfirmed;
        const verb = unconfirmed ? "may need" : "needs";
        const why = unconfirmed ? `; ${unconfirmed}` : "";
        return condition.kind === "unverifiable"
            ? `${verb} ${needs} with ${with_}, which cannot be verified: ${condition.detail}${says}${why}`
            : `${verb} ${needs} with ${with_}, and ${condition.detail}${says}${why}`;
    }
    switch (cell.status) {
        case "not-supported":
            return `is not supported by Microsoft with ${with_}${note}${says}${see}`;
        case "limited":
            return `is limited with ${with_}${note}${says}${see}`;
        case "conflicting":
            return `is documented inconsistently by Microsoft for ${with_}${note}${see}`;
        default:
            return `is not documented by Microsoft for ${with_}${note}`;
    }
}

/** " (Microsoft: "...", a general statement)": the sentence the cell rests on and how it was read. */
function microsoftSays(cell: IntegrationCell, catalog: Catalog): string {
    const id = deciding(cell);
    const quote = id ? catalog.raw.quotes[id] : undefined;
    if (!quote) return "";
    const via = (cell.via ?? []).map((v) => `"${catalog.raw.quotes[v]?.text ?? v}"`);
    const reading =
        cell.basis === "unversioned"
            ? ", a sentence that names the product without its version"
            : cell.basis === "indirect"
              ? via.length > 0
                  ? `, read for this version through ${listInEnglish(via)}`
                  : ", a general statement, not one naming this pair"
              : "";
    return ` (Microsoft: "${quote.text}"${reading})`;
}

/** "Skype for Business Server 2015 CU7 or later" (on the server) or "Exchange Server 2019 CU15 or later". */
function requirement(condition: CellCondition, server: ProductEntry, exchange: ProductEntry, catalog: Catalog): string {
    const product = condition.on === "server" ? server : exchange;
    const build = catalog.buildTables.get(product.id)?.find((entry) => entry.update === condition.update && !entry.within)?.build;
    return `${product.name} ${updateLabel(condition.update)} or later${build ? ` (build ${build})` : ""}`;
}

/** The source of the sentence the report rests on: a blocking answer's first, else the first answer's. */
function firstSource(answers: Answer[], catalog: Catalog): string | undefined {
    const blocking = answers.filter((a) => a.cell.status === "not-supported" || a.condition?.kind === "below");
    for (const { cell } of [...blocking, ...answers]) {
        const quote = deciding(cell);
        if (quote) return catalog.raw.quotes[quote]?.source;
    }
    return undefined;
}

/** The sentence a cell's answer rests on: its condition's for a supported cell, else its first quote. */
function deciding(cell: IntegrationCell): string | undefined {
    return cell.condition && cell.status === "supported" ? cell.condition.quote : cell.quotes?.[0];
}

function namesOf(names: string[]): string {
    if (names.length <= MAX_NAMED) return listInEnglish(names);
    return `${names.slice(0, MAX_NAMED).join(", ")} and ${names.length - MAX_NAMED} more`;
}

function capitalise(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
