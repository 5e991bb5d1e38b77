// Issue 19: one reading per sentence. Every quote of rules/integrations.json says once what it means
// (its reads); every cell must agree with the sentences it rests on, and every cell a sentence reaches
// must agree with it unless a more specific sentence decides the cell or the cell is written down as
// conflicting. Then the same answer must give the same level whatever the product: the policy is run
// on every cell of the matrix, and its level must follow from the cell alone.
import * as assert from "node:assert";
import { loadCatalog } from "../policypack/src/catalog/load";
import type { IntegrationBasis, IntegrationCell, QuoteReading } from "../policypack/src/catalog/types";
import { preview, type Resource } from "./harness/inProcess";

const catalog = loadCatalog();
const { quotes, integrations } = catalog.raw;
const PRECEDENCE: Record<IntegrationBasis, number> = { direct: 2, unversioned: 1, indirect: 1 };

interface Place {
    feature: string;
    server: string;
    exchange: string;
    cell: IntegrationCell;
}
const places: Place[] = integrations.flatMap((integration) =>
    integration.rows.flatMap((row) =>
        Object.entries(row.cells).map(([exchange, cell]) => ({ feature: integration.feature, server: row.server, exchange, cell })),
    ),
);
const at = (p: Place) => `${p.feature}: ${p.server} x ${p.exchange}`;
const reaches = (r: QuoteReading, p: Place) =>
    r.features.includes(p.feature) && r.servers.includes(p.server) && r.exchange.includes(p.exchange);
const readingsAt = (quote: string, p: Place) => (quotes[quote]?.reads ?? []).filter((r) => reaches(r, p));

describe("the integration matrix: one reading per sentence (issue 19)", () => {
    it("every quote's readings name known features, communications servers and Exchange versions", () => {
        for (const [id, quote] of Object.entries(quotes)) {
            for (const r of quote.reads ?? []) {
                for (const f of r.features) assert.ok(catalog.integrations.has(f), `quote '${id}' reads unknown feature '${f}'`);
                for (const s of r.servers)
                    assert.strictEqual(catalog.products.get(s)?.role, "communications-server", `quote '${id}' reads '${s}' as a server`);
                for (const e of r.exchange)
                    assert.strictEqual(catalog.products.get(e)?.role, "exchange-server", `quote '${id}' reads '${e}' as Exchange`);
            }
        }
    });

    it("a quote a cell rests on says what it means; only code-equivalence sentences (via) need not", () => {
        const vias = new Set(places.flatMap((p) => p.cell.via ?? []));
        for (const p of places)
            for (const id of p.cell.quotes ?? []) assert.ok(quotes[id]?.reads, `${at(p)} rests on '${id}', which has no reads`);
        for (const id of vias) assert.ok(quotes[id], `via '${id}' is not a quote`);
    });

    it("every cell agrees with the sentences it rests on: same answer, same reading, same minimum update", () => {
        for (const p of places) {
            const { cell } = p;
            if (cell.status === "not-documented") continue;
            if (cell.status === "conflicting") {
                const answers = new Set<string>();
                for (const id of cell.quotes ?? []) {
                    const found = readingsAt(id, p);
                    assert.ok(found.length > 0, `${at(p)} is conflicting on '${id}', which does not reach it`);
                    for (const r of found) answers.add(r.status);
                }
                assert.ok(
                    (cell.quotes ?? []).length >= 2 && answers.size >= 2,
                    `${at(p)} is conflicting without two sentences that disagree`,
                );
                continue;
            }
            for (const id of cell.quotes ?? []) {
                const found = readingsAt(id, p);
                assert.ok(
                    found.some((r) => r.status === cell.status && r.basis === cell.basis),
                    `${at(p)} is ${cell.status} (${cell.basis}) on '${id}', which reads ${JSON.stringify(found.map((r) => `${r.status} (${r.basis})`))}`,
                );
            }
            if (cell.condition) {
                const found = readingsAt(cell.condition.quote, p);
                assert.ok(
                    found.some((r) => r.update === cell.condition!.update),
                    `${at(p)} requires CU${cell.condition.update} on '${cell.condition.quote}', which reads ${JSON.stringify(found.map((r) => r.update))}`,
                );
            }
        }
    });

    it("every cell a sentence reaches agrees with it, unless a more specific sentence decides the cell or the cell is conflicting", () => {
        for (const [id, quote] of Object.entries(quotes)) {
            for (const r of quote.reads ?? []) {
                for (const p of places.filter((place) => reaches(r, place))) {
                    const { cell } = p;
                    const agrees = cell.status === r.status;
                    const conflicting = cell.status === "conflicting" && (cell.quotes ?? []).includes(id);
                    const overruled = cell.basis !== undefined && PRECEDENCE[cell.basis] > PRECEDENCE[r.basis];
                    assert.ok(
                        agrees || conflicting || overruled,
                        `'${id}' reads ${r.status} (${r.basis}) at ${at(p)}, but the cell is ${cell.status}${cell.basis ? ` (${cell.basis})` : ""}`,
                    );
                    if (agrees && cell.status === "supported" && r.update !== undefined && PRECEDENCE[cell.basis!] <= PRECEDENCE[r.basis])
                        assert.strictEqual(
                            cell.condition?.update,
                            r.update,
                            `'${id}' requires CU${r.update} at ${at(p)}, which the cell does not`,
                        );
                }
            }
        }
    });

    it("the same answer gives the same level whatever the products: the policy run on every cell", () => {
        const expected = (cell: IntegrationCell) =>
            cell.status === "supported" ? "none" : cell.status === "not-supported" ? "mandatory" : "advisory";
        const levelOf = (p: Place, cu?: string) => {
            const resources: Resource[] = [
                {
                    type: "aws:ec2/instance:Instance",
                    name: "exchange",
                    properties: { tags: { product: p.exchange, "uc-features": p.feature } },
                },
                { type: "aws:ec2/instance:Instance", name: "server", properties: { tags: { product: p.server, ...(cu ? { cu } : {}) } } },
            ];
            const found = preview(resources).filter((r) => r.policyName === "exchange-integration-supported-versions");
            assert.ok(found.length <= 1, `${at(p)} gave ${found.length} findings`);
            return found[0]?.enforcementLevel ?? "none";
        };
        const levels = new Map<string, Set<string>>();
        for (const p of places) {
            const { cell } = p;
            const minimum = cell.condition?.update;
            const got = levelOf(p, minimum !== undefined ? `CU${minimum}` : undefined);
            assert.strictEqual(got, expected(cell), `${at(p)} (${cell.status}) reports ${got}`);
            const key = `${cell.status}/${cell.condition ? "condition" : "plain"}`;
            levels.set(key, new Set([...(levels.get(key) ?? []), got]));
            if (minimum !== undefined) {
                assert.strictEqual(
                    levelOf(p, minimum > 0 ? `CU${minimum - 1}` : "RTM"),
                    // An unconfirmed condition (a number written before the version existed, rule 7) is advice.
                    minimum === 0 ? "none" : cell.condition?.unconfirmed ? "advisory" : "mandatory",
                    `${at(p)} below CU${minimum}`,
                );
                assert.strictEqual(levelOf(p), "advisory", `${at(p)} with no cu tag must not pass silently`);
            }
        }
        for (const [key, seen] of levels) assert.strictEqual(seen.size, 1, `${key} gives ${[...seen].join(" and ")}`);
    });
});
