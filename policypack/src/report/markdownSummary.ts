// What a reader of the pull-request comment reads first, for one run: how many UC servers were
// checked among how many resources, then per policy how many servers fail (by product) and how many
// advisories there are, and a Mermaid picture of the estate: its products, how many servers of each
// and how many fail, joined to the Exchange servers they integrate with. Its size depends on the
// policies and products only, never on the number of resources.
import type { PolicyRun } from "./eventLog";
import { failingOf, type PolicyFindings } from "./markdownFindings";

const OTHER = "(no UC server)";

export function checkedLine(run: PolicyRun): string {
    const { resources, servers } = run.estate;
    if (resources === 0)
        return "The event log lists no resources (`pulumi policy analyze` writes none): the counts below are of the findings.";
    const checked = `**${servers.length} UC server${servers.length === 1 ? "" : "s"}** checked of ${resources} resource${resources === 1 ? "" : "s"}`;
    if (servers.length === 0)
        return `⚠️ ${checked}: no UC server was recognised, so no server was checked. Servers are recognised by their product tag (README: the tag contract).`;
    return `${checked}.`;
}

export function summaryTable(run: PolicyRun, policies: PolicyFindings[]): string[] {
    if (policies.length === 0) return [];
    const productOf = new Map(run.estate.servers.map((s) => [s.name, s.product]));
    const rows = policies.map((p) => {
        const { failing, advisories } = failingOf(p);
        const byProduct = new Map<string, number>();
        for (const name of failing) {
            const product = name === "(stack)" ? "(stack)" : (productOf.get(name) ?? OTHER);
            byProduct.set(product, (byProduct.get(product) ?? 0) + 1);
        }
        const products = [...byProduct.entries()].map(([product, n]) => `${cell(product)}: ${n}`).join("; ");
        return `| \`${cell(p.policy)}\` | ${p.mandatory ? "mandatory" : "advisory"}${p.severity ? `, ${cell(p.severity)}` : ""} | ${failing.length} | ${products} | ${advisories} |`;
    });
    return ["| Policy | Level | Failing | Failing by product | Advisories |", "|---|---|---:|---|---:|", ...rows];
}

/** A flowchart of the estate's products, GitHub and GitLab render it; failing products in red. */
export function estateDiagram(run: PolicyRun, policies: PolicyFindings[]): string[] {
    const servers = run.estate.servers;
    if (servers.length === 0) return [];
    const failing = new Set(policies.flatMap((p) => failingOf(p).failing));
    const products = new Map<string, { servers: number; failing: number }>();
    for (const s of servers) {
        const entry = products.get(s.product) ?? { servers: 0, failing: 0 };
        products.set(s.product, entry);
        entry.servers++;
        if (failing.has(s.name)) entry.failing++;
    }
    const ids = new Map([...products.keys()].sort().map((product, i) => [product, `p${i}`]));
    const nodes = [...ids.entries()].map(([product, id]) => {
        const { servers: n, failing: bad } = products.get(product)!;
        const label = `${mermaidText(product)}<br/>${n} server${n === 1 ? "" : "s"}${bad > 0 ? `, ${bad} failing` : ""}`;
        return `    ${id}["${label}"]${bad > 0 ? ":::failing" : ""}`;
    });
    const exchange = [...ids.keys()].filter((p) => p.startsWith("Exchange"));
    const others = [...ids.keys()].filter((p) => !p.startsWith("Exchange"));
    const links = others.flatMap((o) => exchange.map((e) => `    ${ids.get(o)} --- ${ids.get(e)}`));
    return ["```mermaid", "flowchart LR", ...nodes, ...links, "    classDef failing fill:#ffebe9,stroke:#cf222e,color:#82071e", "```"];
}

function mermaidText(text: string): string {
    // Mermaid labels are quoted: a quote or a bracket of a product name would end them.
    return text.replace(/["[\]<>{}]/g, "");
}

export function cell(text: string): string {
    return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>").replace(/`/g, "'");
}
