// Issue 14: a maintainer who edits rules/*.json gets every referential mistake named, at build time
// and at pack start-up (the loader checks what the JSON Schema cannot).
import * as assert from "node:assert";
import { compareBuilds } from "../../policypack/src/catalog/builds";
import { CatalogError, indexCatalog, loadCatalog } from "../../policypack/src/catalog/load";
import { findReferences, REFERENCE_DECLARATIONS, type Reference } from "../../policypack/src/catalog/references";
import type { RawCatalog } from "../../policypack/src/catalog/types";
import { withKindChecks } from "../../policypack/src/rules";
import type { FeatureRequiresNewerServersParams } from "../../policypack/src/rules/featureRequiresNewerServers";
import type { MinimumCumulativeUpdatePolicy } from "../../policypack/src/rules/minimumCumulativeUpdateConfig";
import type { OrganisationCoexistencePolicy } from "../../policypack/src/rules/organisationCoexistenceParams";
import { rawCatalog } from "../harness/rawCatalog";

const catalogWith = (change: (c: RawCatalog) => void): RawCatalog => {
    const catalog = rawCatalog();
    change(catalog);
    return catalog;
};
const problemsOf = (catalog: RawCatalog): string[] => {
    try {
        withKindChecks(indexCatalog(catalog));
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
const coexistence = (c: RawCatalog) =>
    (c.policies.find((p) => p.kind === "organisation-coexistence") as OrganisationCoexistencePolicy).params.coexistence;

describe("catalog loader names each referential mistake", () => {
    const cases: Array<[string, (c: RawCatalog) => void, string[]]> = [
        [
            "a product defined twice",
            (c) => c.products.push({ ...product(c, "lync-server-2013"), aliases: [] }),
            // The twin's name and id collide with the first one's aliases too.
            ["product 'lync-server-2013' is defined twice", "alias 'Lync Server 2013' of 'lync-server-2013' also names 'lync-server-2013'"],
        ],
        [
            "a build outside the product's prefix",
            (c) => (product(c, "lync-server-2010").builds.table![3].build = "5.0.8308.166"),
            [
                "build 5.0.8308.166 of 'lync-server-2010' does not start with its prefix 4.0.7577.",
                "the build table of 'lync-server-2010' is not in ascending order at 4.0.7577.183",
            ],
        ],
        [
            "builds out of order within ascending updates",
            (c) => (product(c, "lync-server-2010").builds.table![3].build = "4.0.7577.120"),
            ["the build table of 'lync-server-2010' is not in ascending order at 4.0.7577.120"],
        ],
        [
            "an unknown successor",
            (c) => (product(c, "lync-server-2010").successor!.product = "teams"),
            ["product 'lync-server-2010' successor.product names unknown product 'teams'"],
        ],
        [
            "an invalid family pattern",
            (c) => (c.families[1].pattern = "(lync"),
            ["family 'lync' has an invalid pattern: Invalid regular expression: /(lync/u: Unterminated group"],
        ],
        [
            "an unknown family",
            (c) => (product(c, "lync-server-2010").family = "lynx"),
            ["product 'lync-server-2010' family names unknown family 'lynx'"],
        ],
        [
            "a family pattern that misses its own product",
            (c) => (c.families[1].pattern = "^lyncserver2013$"),
            ["the pattern of family 'lync' does not match its own product 'Lync Server 2010'"],
        ],
        [
            "a feature limitation for an unknown product",
            (c) => c.features[1].limitations[0].products.push("lync-2099"),
            ["feature 'unified-contact-store' limitations[0].products[1] names unknown product 'lync-2099'"],
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
            (c) => (c.policies[3].params as FeatureRequiresNewerServersParams).features!.push("telepathy"),
            ["policy 'lync-2013-features-on-legacy-servers' params.features[3] names unknown feature 'telepathy'"],
        ],
        [
            "a matrix cell for a product that is not an Exchange server",
            (c) => (c.integrations[1].rows[0].cells["lync-server-2013"] = { status: "not-documented" }),
            ["integration 'unified-contact-store' has a cell for 'lync-server-2013', which is not an Exchange version"],
        ],
        [
            "a matrix for an unknown feature",
            (c) => (c.integrations[1].feature = "telepathy"),
            ["integration 'telepathy' feature names unknown feature 'telepathy'"],
        ],
        [
            "a matrix row for an Exchange server",
            (c) => (c.integrations[1].rows[0].server = "exchange-2013"),
            ["integration 'unified-contact-store' has a row for 'exchange-2013', which is not a communications server"],
        ],
        [
            "a coexistence pair written twice, one backwards",
            (c) => {
                const table = coexistence(c);
                table.push({ ...table[0] }, { ...table[0], newer: table[0].older, older: table[0].newer });
            },
            [
                "policy 'exchange-organisation-coexistence' pair 'exchange-2013' with 'exchange-2010' is written twice",
                "policy 'exchange-organisation-coexistence' pair 'exchange-2010' with 'exchange-2013' lists the older version first",
            ],
        ],
        [
            "a coexistence pair missing, and one naming a communications server",
            (c) => {
                const table = coexistence(c);
                table[0] = { ...table[0], older: "lync-server-2010" };
            },
            [
                "policy 'exchange-organisation-coexistence' pair 'exchange-2013' with 'lync-server-2010' names a product that is not an Exchange version",
                "policy 'exchange-organisation-coexistence' has no entry for 'exchange-2013' with 'exchange-2010' (write not-documented if Microsoft says nothing)",
                "policy 'exchange-organisation-coexistence' pair 'exchange-2013' with 'lync-server-2010' has a minimum for 'exchange-2010', which is neither side of the pair",
            ],
        ],
        [
            "a coexistence minimum for neither side, and one for an update the table lacks",
            (c) => {
                const [first] = coexistence(c);
                first.minimums = [
                    { ...first.minimums![0], product: "exchange-2019" },
                    { ...first.minimums![1], update: 24 },
                ];
            },
            [
                "policy 'exchange-organisation-coexistence' pair 'exchange-2013' with 'exchange-2010' has a minimum for 'exchange-2019', which is neither side of the pair",
                "policy 'exchange-organisation-coexistence' pair 'exchange-2013' with 'exchange-2010' requires update 24 of 'exchange-2013', which its update table lacks",
                "policy 'exchange-organisation-coexistence' pair 'exchange-2013' with 'exchange-2010' requires update 300 of 'exchange-2019', which its update table lacks",
            ],
        ],
        [
            "coexistence sources that do not exist",
            (c) => {
                const table = coexistence(c);
                table[0] = { ...table[0], source: "folklore", alsoSources: ["hearsay"] };
                table[8] = {
                    ...table[8],
                    blockedFrom: { ...table[8].blockedFrom!, source: "rumour" },
                    minimums: [{ ...table[8].minimums![0], source: "gossip" }],
                };
            },
            [
                "policy 'exchange-organisation-coexistence' params.coexistence[0].source cites unknown source 'folklore'",
                "policy 'exchange-organisation-coexistence' params.coexistence[0].alsoSources[0] cites unknown source 'hearsay'",
                "policy 'exchange-organisation-coexistence' params.coexistence[8].blockedFrom.source cites unknown source 'rumour'",
                "policy 'exchange-organisation-coexistence' params.coexistence[8].minimums[0].source cites unknown source 'gossip'",
            ],
        ],
        [
            "an upgrade path citing no known source",
            (c) => (product(c, "exchange-2019").successor!.upgradeFrom!.source = "folklore"),
            ["product 'exchange-2019' successor.upgradeFrom.source cites unknown source 'folklore'"],
        ],
        [
            "two matrix rows for one server",
            (c) => c.integrations[1].rows.push(c.integrations[1].rows[0]),
            // Said of each of the two rows.
            [
                "integration 'unified-contact-store' has two rows for 'ocs-2007'",
                "integration 'unified-contact-store' has two rows for 'ocs-2007'",
            ],
        ],
        [
            "a matrix cell citing an unknown quote",
            (c) => (c.integrations[1].rows[0].cells["exchange-2013"].quotes = ["hearsay"]),
            ["integration 'unified-contact-store' rows[0].cells.exchange-2013.quotes[0] names unknown quote 'hearsay'"],
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
                "Extended Security Update programme #3 products[0] names unknown product 'exchange-2021'",
                "the Extended Security Update periods of 'exchange-se' belong to a product without a fixed end of support",
                "the Extended Security Update periods of 'exchange-2016' are given twice",
                "the Extended Security Update periods of 'sfb-server-2015' (Period 1) have an impossible date 2026-02-30",
                "the Extended Security Update periods of 'sfb-server-2015' are not in date order after the end of support at Period 2",
                "the Extended Security Update periods of 'sfb-server-2019' (Period 1) have an impossible date 2026-02-30",
                "the Extended Security Update periods of 'sfb-server-2019' are not in date order after the end of support at Period 2",
            ],
        ],
    ];
    for (const [title, change, expected] of cases) {
        it(title, () => {
            // Exactly these problems: a check that also reports what is fine would bury the one that matters.
            assert.deepStrictEqual([...problemsOf(catalogWith(change))].sort(), [...expected].sort());
        });
    }

    it("finds no problem in the catalog as written, every kind's checks included", () => {
        assert.deepStrictEqual(problemsOf(rawCatalog()), []);
    });
});

describe("catalog loader: Extended Security Update periods in date order (issue 19)", () => {
    const esu = (change: (c: RawCatalog) => void) =>
        problemsOf(catalogWith(change)).filter((p) => p.startsWith("the Extended Security Update periods"));
    it("a period may not start on the day of the end of support, nor before the previous period ends", () => {
        assert.deepStrictEqual(
            esu((c) => (c.extendedSecurityUpdates[0].periods[0] = { ...c.extendedSecurityUpdates[0].periods[0], start: "2025-10-14" })),
            [
                "the Extended Security Update periods of 'exchange-2016' are not in date order after the end of support at Period 1",
                "the Extended Security Update periods of 'exchange-2019' are not in date order after the end of support at Period 1",
            ],
        );
        assert.deepStrictEqual(
            esu((c) => (c.extendedSecurityUpdates[0].periods[1] = { ...c.extendedSecurityUpdates[0].periods[1], start: "2026-04-14" })),
            [
                "the Extended Security Update periods of 'exchange-2016' are not in date order after the end of support at Period 2",
                "the Extended Security Update periods of 'exchange-2019' are not in date order after the end of support at Period 2",
            ],
        );
    });
    it("a one-day period, the day after the previous one, is in order; a period ending before it starts is not", () => {
        const oneDay = (c: RawCatalog) =>
            (c.extendedSecurityUpdates[1].periods[1] = {
                ...c.extendedSecurityUpdates[1].periods[1],
                start: "2026-04-15",
                end: "2026-04-15",
            });
        assert.deepStrictEqual(esu(oneDay), []);
        assert.deepStrictEqual(
            esu((c) => (c.extendedSecurityUpdates[1].periods[1] = { ...c.extendedSecurityUpdates[1].periods[1], end: "2026-04-30" })),
            [
                "the Extended Security Update periods of 'sfb-server-2015' are not in date order after the end of support at Period 2",
                "the Extended Security Update periods of 'sfb-server-2019' are not in date order after the end of support at Period 2",
            ],
        );
    });
    it("a product without a fixed end of support is named for that alone, not for the order of its periods", () => {
        assert.deepStrictEqual(
            esu((c) => c.extendedSecurityUpdates.push({ products: ["exchange-se"], periods: c.extendedSecurityUpdates[0].periods })),
            ["the Extended Security Update periods of 'exchange-se' belong to a product without a fixed end of support"],
        );
    });
});

describe("catalog loader refuses every reference the schema declares, pointed at a missing entry", () => {
    // Derived from the schema (generated/references.json) and the built catalog: a new field that
    // names a product, source, feature or family is covered here as soon as its schema says so.
    for (const declaration of REFERENCE_DECLARATIONS) {
        const where = declaration.path.join("/");
        it(`${declaration.kind} at ${where}`, () => {
            const locations = findReferences(rawCatalog(), [declaration]);
            assert.ok(
                locations.length > 0,
                `no catalog entry uses ${where}: give one an example value, or remove the reference from rules/catalog.schema.json`,
            );
            for (const location of [locations[0], locations[locations.length - 1]]) {
                const missing = `missing-${declaration.kind}`;
                const problems = problemsOf(pointAt(rawCatalog(), declaration.path, location, missing));
                const verb = declaration.kind === "source" ? "cites" : "names";
                // An entry named by its own reference (an integration by its feature) is named by the new value.
                const owner = location.owner.replace(`'${location.id}'`, `'${missing}'`);
                const expected = `${owner} ${renamedField(location.field, location.id, missing)} ${verb} unknown ${declaration.kind} '${missing}'`;
                assert.ok(problems.includes(expected), `expected ${JSON.stringify(expected)} among:\n${problems.join("\n")}`);
            }
        });
    }

    it("names an unknown source wherever it is cited, by entry and field", () => {
        const problems = problemsOf(
            catalogWith((c) => ((c.policies[0] as MinimumCumulativeUpdatePolicy).params.minimums[1].source = "folklore")),
        );
        assert.ok(
            problems.includes(
                "policy 'exchange-um-communications-server-minimum-cu' params.minimums[1].source cites unknown source 'folklore'",
            ),
        );
    });

    it("refuses a source that supports no fact", () => {
        const problems = problemsOf(catalogWith((c) => (c.sources.hearsay = { ...Object.values(c.sources)[0] })));
        assert.ok(problems.includes("source 'hearsay' supports no fact of the catalog; remove it or cite it"), problems.join("\n"));
    });
});

/** The catalog with the reference found at `location` replaced by `missing` (a key is renamed). */
function pointAt(catalog: RawCatalog, path: string[], location: Reference, missing: string): RawCatalog {
    const matches = findReferences(catalog, [{ path, kind: location.kind }]);
    const index = matches.findIndex((m) => m.owner === location.owner && m.field === location.field);
    let seen = -1;
    const visit = (node: unknown, rest: string[]): void => {
        if (node === null || typeof node !== "object") return;
        const [step, ...next] = rest;
        const record = node as Record<string, unknown>;
        if (step === "<key>") {
            for (const key of Object.keys(record)) {
                if (++seen !== index) continue;
                record[missing] = record[key];
                delete record[key];
            }
            return;
        }
        const keys = step === "*" ? Object.keys(record) : step in record ? [step] : [];
        for (const key of keys) {
            if (next.length === 0) {
                if (typeof record[key] === "string" && ++seen === index) record[key] = missing;
            } else visit(record[key], next);
        }
    };
    visit(catalog, path);
    assert.ok(seen >= index, `could not find ${location.field} of ${location.owner} again`);
    return catalog;
}

function renamedField(field: string, id: string, missing: string): string {
    // A key that is itself the reference (a matrix cell's Exchange version) appears in the field.
    return field.endsWith(`.${id}`) ? `${field.slice(0, -id.length)}${missing}` : field;
}

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

describe("a schema error names the entry it is in", () => {
    it("by the policy's name, with the path and the offending property", () => {
        const catalog = catalogWith((c) => ((c.policies[3] as unknown as Record<string, unknown>).bogus = 1));
        assert.throws(
            () => loadCatalog(catalog),
            (e: Error) => {
                assert.ok(
                    e.message.includes(
                        "policy 'lync-2013-features-on-legacy-servers' (/policies/3) must NOT have additional properties ('bogus')",
                    ),
                    e.message,
                );
                return true;
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
