// Issue 14: a maintainer who edits rules/*.json gets every referential mistake named, at build time
// and at pack start-up (the loader checks what the JSON Schema cannot).
import * as assert from "node:assert";
import { CatalogError, compareBuilds, indexCatalog, loadCatalog } from "../../policypack/src/catalog/load";
import { RawCatalog } from "../../policypack/src/catalog/types";
import { rawCatalog } from "../harness/rawCatalog";

const catalogWith = (change: (c: RawCatalog) => void): RawCatalog => {
    const catalog = rawCatalog();
    change(catalog);
    return catalog;
};
const problemsOf = (catalog: RawCatalog): string[] => {
    try {
        indexCatalog(catalog);
        return [];
    } catch (e) {
        assert.ok(e instanceof CatalogError, String(e));
        assert.strictEqual((e as Error).name, "CatalogError");
        const [first, ...problems] = (e as Error).message.split("\n  ");
        assert.strictEqual(first, "the policy pack's rule catalog is invalid, so no policy can run:");
        return problems;
    }
};
const product = (c: RawCatalog, id: string) => c.products.find((p) => p.id === id)!;

describe("catalog loader names each referential mistake", () => {
    const cases: Array<[string, (c: RawCatalog) => void, string[]]> = [
        [
            "a product defined twice",
            (c) => c.products.push({ ...product(c, "lync-server-2013"), aliases: [] }),
            ["product 'lync-server-2013' is defined twice"],
        ],
        [
            "a build outside the product's prefix",
            (c) => (product(c, "lync-server-2010").builds.table![3].build = "5.0.8308.166"),
            ["build 5.0.8308.166 of 'lync-server-2010' does not start with its prefix 4.0.7577."],
        ],
        [
            "builds out of order within ascending updates",
            (c) => (product(c, "lync-server-2010").builds.table![3].build = "4.0.7577.120"),
            ["the build table of 'lync-server-2010' is not in ascending order at 4.0.7577.120"],
        ],
        [
            "an unknown successor",
            (c) => (product(c, "lync-server-2010").successor!.product = "teams"),
            ["product 'lync-server-2010' names unknown successor 'teams'"],
        ],
        [
            "an invalid family pattern",
            (c) => (c.families[1].pattern = "(lync"),
            ["family 'lync' has an invalid pattern: Invalid regular expression: /(lync/u: Unterminated group"],
        ],
        [
            "an unknown family",
            (c) => (product(c, "lync-server-2010").family = "lynx"),
            ["product 'lync-server-2010' names unknown family 'lynx'"],
        ],
        [
            "a family pattern that misses its own product",
            (c) => (c.families[1].pattern = "^lyncserver2013$"),
            ["the pattern of family 'lync' does not match its own product 'Lync Server 2010'"],
        ],
        [
            "a feature limitation for an unknown product",
            (c) => c.features[1].limitations[0].products.push("lync-2099"),
            ["feature 'unified-contact-store' names unknown product 'lync-2099'"],
        ],
        [
            "a feature alias naming two features",
            (c) => c.features[1].aliases.push("high-resolution-photos"),
            ["feature alias 'high-resolution-photos' names both 'high-resolution-photos' and 'unified-contact-store'"],
        ],
        ["an on/off word both ways", (c) => c.toggle.off.push("on"), ["'on' is both an on and an off value"]],
        [
            "a policy defined twice",
            (c) => c.policies.push({ ...c.policies[4], ownsEstateSettings: undefined }),
            ["policy 'communications-server-end-of-support' is defined twice"],
        ],
        [
            "a policy naming an unknown feature",
            (c) => c.policies[3].features!.push("telepathy"),
            ["policy 'lync-2013-features-on-legacy-servers' names unknown feature 'telepathy'"],
        ],
        [
            "a matrix cell for a product that is not an Exchange server",
            (c) => (c.integrations[1].rows[0].cells["lync-server-2013"] = { status: "not-documented" }),
            ["integration 'unified-contact-store' has a cell for 'lync-server-2013', which is not an Exchange version"],
        ],
        [
            "a matrix for an unknown feature",
            (c) => (c.integrations[1].feature = "telepathy"),
            ["integration 'telepathy' is not a feature of the tag contract"],
        ],
        [
            "a matrix row for an Exchange server",
            (c) => (c.integrations[1].rows[0].server = "exchange-2013"),
            ["integration 'unified-contact-store' has a row for 'exchange-2013', which is not a communications server"],
        ],
        [
            "two matrix rows for one server",
            (c) => c.integrations[1].rows.push(c.integrations[1].rows[0]),
            ["integration 'unified-contact-store' has two rows for 'ocs-2007'"],
        ],
        [
            "a matrix cell citing an unknown quote",
            (c) => (c.integrations[1].rows[0].cells["exchange-2013"].quotes = ["hearsay"]),
            ["integration 'unified-contact-store' cell 'ocs-2007' x 'exchange-2013' cites unknown quote 'hearsay'"],
        ],
        [
            "a condition on a cell that is not supported, or on an update Microsoft did not publish",
            (c) => {
                c.integrations[1].rows[0].cells["exchange-2013"].condition = { on: "server", update: 3, quote: "l13-new-features" };
                const lync10 = c.integrations[6].rows.find((r) => r.server === "lync-server-2010")!;
                lync10.cells["exchange-2013"].condition!.update = 14;
            },
            [
                "integration 'unified-contact-store' cell 'ocs-2007' x 'exchange-2013' has a condition but is not supported",
                "integration 'voice-mail' cell 'lync-server-2010' x 'exchange-2013' requires CU14 of 'lync-server-2010', which Microsoft's update list for it lacks",
            ],
        ],
        [
            "a quote no cell cites",
            (c) => (c.quotes.hearsay = { source: "sfb-cloud-voicemail", text: "Trust me." }),
            ["quote 'hearsay' supports no cell of the matrix; remove it or cite it"],
        ],
        [
            "Extended Security Update periods for an unknown product, a Modern Lifecycle product, twice, out of order, on impossible dates",
            (c) => {
                c.extendedSecurityUpdates.push({
                    products: ["exchange-2021", "exchange-se", "exchange-2016"],
                    periods: [c.extendedSecurityUpdates[0].periods[0]],
                });
                c.extendedSecurityUpdates[1].periods[1] = { ...c.extendedSecurityUpdates[1].periods[1], start: "2026-01-01" };
                c.extendedSecurityUpdates[1].periods[0] = { ...c.extendedSecurityUpdates[1].periods[0], end: "2026-02-30" };
            },
            [
                "the Extended Security Update periods of 'exchange-2021' name an unknown product",
                "the Extended Security Update periods of 'exchange-se' belong to a product without a fixed end of support",
                "the Extended Security Update periods of 'exchange-2016' are given twice",
                "the Extended Security Update periods of 'sfb-server-2015' (Period 1) have an impossible date 2026-02-30",
                "the Extended Security Update periods of 'sfb-server-2015' are not in date order after the end of support at Period 2",
            ],
        ],
    ];
    for (const [title, change, expected] of cases) {
        it(title, () => {
            const problems = problemsOf(catalogWith(change));
            for (const problem of expected)
                assert.ok(problems.includes(problem), `expected ${JSON.stringify(problem)} among:\n${problems.join("\n")}`);
            assert.ok(problems.length > 0);
        });
    }
});

describe("catalog loader names where an unknown source is cited", () => {
    const cases: Array<[string, (c: RawCatalog) => void]> = [
        ["product 'lync-server-2010' name", (c) => (product(c, "lync-server-2010").nameSource = "folklore")],
        ["product 'lync-server-2010' build prefix", (c) => (product(c, "lync-server-2010").builds.prefixSource = "folklore")],
        ["product 'lync-server-2010' update list", (c) => (product(c, "lync-server-2010").builds.complete!.source = "folklore")],
        ["product 'lync-server-2010' lifecycle", (c) => (product(c, "lync-server-2010").lifecycle.source = "folklore")],
        ["product 'lync-server-2010' successor", (c) => (product(c, "lync-server-2010").successor!.source = "folklore")],
        ["product 'lync-server-2010' update 3", (c) => (product(c, "lync-server-2010").builds.table![3].source = "folklore")],
        ["feature 'unified-contact-store'", (c) => (c.features[1].source = "folklore")],
        ["quote 'l13-new-features'", (c) => (c.quotes["l13-new-features"].source = "folklore")],
        [
            "the Extended Security Update periods of 'exchange-2019' (Period 2)",
            (c) => (c.extendedSecurityUpdates[0].periods[1].source = "folklore"),
        ],
        [
            "policy 'exchange-um-communications-server-minimum-cu' minimum for 'lync-server-2010'",
            (c) => (c.policies[0].minimums![1].source = "folklore"),
        ],
        [
            "policy 'exchange-2019-unified-messaging-removed' removal from 'exchange-2019'",
            (c) => (c.policies[2].removedFrom![0].source = "folklore"),
        ],
        ["policy 'exchange-2019-unified-messaging-removed' voice-mail table", (c) => (c.policies[2].voicemail!.source = "folklore")],
        ["product 'lync-server-2010' lifecycle", (c) => (product(c, "lync-server-2010").lifecycle.alsoSources = ["folklore"])],
        ["product 'lync-server-2010' successor", (c) => (product(c, "lync-server-2010").successor!.alsoSources = ["folklore"])],
        [
            "integration 'unified-contact-store' prerequisite",
            (c) => c.integrations[1].prerequisites.push({ ...(c.integrations[1].prerequisites[0] ?? {}), source: "folklore" } as never),
        ],
        [
            "integration 'unified-contact-store' clients",
            (c) => (c.integrations[1].clients = { ...(c.integrations[1].clients ?? {}), source: "folklore" } as never),
        ],
        ["policy 'exchange-um-communications-server-minimum-cu' remediation", (c) => (c.policies[0].remediationSources = ["folklore"])],
        [
            "policy 'exchange-um-communications-server-minimum-cu' documented versions",
            (c) => (c.policies[0].documentedForSources = ["folklore"]),
        ],
    ];
    for (const [where, change] of cases) {
        it(where, () => {
            const problems = problemsOf(catalogWith(change));
            assert.ok(problems.includes(`${where} cites unknown source 'folklore'`), problems.join("\n"));
        });
    }
});

describe("a catalog that does not match the schema", () => {
    it("is rejected at start-up with each schema error, located from the root", () => {
        assert.throws(
            () => loadCatalog({ sources: {} }),
            (e: Error) => {
                const lines = e.message.split("\n  ");
                assert.strictEqual(lines[0], "the policy pack's rule catalog is invalid, so no policy can run:");
                assert.ok(lines.includes("/ must have required property 'products'"), lines.join("\n"));
                return e instanceof CatalogError;
            },
        );
    });
});

describe("build numbers compare part by part", () => {
    it("numerically, with missing parts as zero", () => {
        assert.ok(compareBuilds([4, 0, 7577, 166], [4, 0, 7577, 137]) > 0);
        assert.ok(compareBuilds([4, 0, 7577, 99], [4, 0, 7577, 137]) < 0);
        assert.strictEqual(compareBuilds([4, 0, 7577], [4, 0, 7577, 0]), 0);
        assert.ok(compareBuilds([4, 0, 7577], [4, 0, 7577, 1]) < 0);
    });
});
