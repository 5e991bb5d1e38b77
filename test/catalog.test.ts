// The rule catalog is data: these tests check that the schema accepts it, rejects the mistakes a
// maintainer is likely to make, and that the loader catches what a schema cannot (references,
// collisions, order).
import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import { CatalogError, indexCatalog, loadCatalog } from "../policypack/src/catalog/load";
import type { BuildEntry, ProductEntry, RawCatalog } from "../policypack/src/catalog/types";
import { buildPolicies } from "../policypack/src/policies";
import { checkPolicy, kindOf, loadPolicyCatalog, withKindChecks } from "../policypack/src/rules";
import { policyKinds } from "../policypack/src/rules/kinds";
import type { MinimumCumulativeUpdatePolicy } from "../policypack/src/rules/minimumCumulativeUpdateConfig";
import { PACK_DESCRIPTION, RELEASE_VERSION } from "../policypack/src/release";
import { rawCatalog } from "./harness/rawCatalog";

// The schema the pack validates with: rules/catalog.schema.json composed by the build with each kind's params schema.
const schema = JSON.parse(
    fs.readFileSync(path.resolve(__dirname, "..", "..", "policypack", "src", "generated", "catalog.schema.json"), "utf8"),
);
const merged = rawCatalog;
const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(schema);
const schemaErrors = (catalog: unknown) => (validate(catalog) ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`));

const mcu = (c: RawCatalog) => c.policies[0] as MinimumCumulativeUpdatePolicy;

function mutated(change: (c: RawCatalog) => void): RawCatalog {
    const catalog = merged();
    change(catalog);
    return catalog;
}

function loaderProblems(catalog: RawCatalog): string {
    try {
        withKindChecks(indexCatalog(catalog));
        return "";
    } catch (e) {
        assert.ok(e instanceof CatalogError);
        return (e as Error).message;
    }
}

describe("rule catalog", () => {
    it("matches its JSON Schema and loads", () => {
        assert.deepStrictEqual(schemaErrors(merged()), []);
        const catalog = loadCatalog(merged());
        const listed = (merged().policies as Array<{ name: string }>).map((p) => p.name);
        assert.deepStrictEqual(
            catalog.policies.map((p) => p.name),
            listed,
            "the loaded catalog must hold every policy of rules/policies.json, in the file's order",
        );
    });

    it("cites a source for every requirement, product build table and end-of-support date", () => {
        const catalog = loadCatalog(merged());
        for (const policy of catalog.policies) {
            assert.match(catalog.sources.get(policy.source)!.url, /^https:\/\/learn\.microsoft\.com\//);
            for (const minimum of (policy.params as Partial<MinimumCumulativeUpdatePolicy["params"]> | undefined)?.minimums ?? [])
                assert.ok(catalog.sources.has(minimum.source));
        }
    });

    it("holds Microsoft's published minimums: OCS 2007 R2 CU10, Lync Server 2010 CU3, Lync Server 2013 none", () => {
        const minimums = (
            loadCatalog(merged()).policies.find(
                (p) => p.name === "exchange-um-communications-server-minimum-cu",
            ) as MinimumCumulativeUpdatePolicy
        ).params.minimums;
        const byProduct = Object.fromEntries(minimums.map((m) => [m.product, m.update]));
        assert.deepStrictEqual(byProduct, {
            "ocs-2007-r2": 10,
            "lync-server-2010": 3,
            "lync-server-2013": 0,
            "sfb-server-2015": 0,
            "sfb-server-2019": 0,
        });
    });

    describe("schema rejects", () => {
        it("a source without its publisher or the date it was checked", () => {
            const errors = schemaErrors(
                mutated((c) => {
                    delete (c.sources["sfb-server-updates"] as Partial<(typeof c.sources)[string]>).publisher;
                    delete (c.sources["sfb-server-updates"] as Partial<(typeof c.sources)[string]>).checked;
                }),
            );
            assert.ok(errors.includes("/sources/sfb-server-updates must have required property 'publisher'"), errors.join("\n"));
            assert.ok(errors.includes("/sources/sfb-server-updates must have required property 'checked'"), errors.join("\n"));
        });
        it("a build, alias or lifecycle fact without a source", () => {
            const errors = schemaErrors(
                mutated((c) => {
                    delete (c.products[2].builds.table![3] as Partial<BuildEntry>).source;
                    delete (c.products[2] as Partial<ProductEntry>).nameSource;
                }),
            );
            assert.ok(errors.includes("/products/2/builds/table/3 must have required property 'source'"), errors.join("\n"));
            assert.ok(errors.includes("/products/2 must have required property 'nameSource'"), errors.join("\n"));
        });
        it("a requirement without a source", () => {
            assert.deepStrictEqual(schemaErrors(mutated((c) => delete (c.policies[0] as Partial<(typeof c.policies)[0]>).source)), [
                "/policies/0 must have required property 'source'",
            ]);
        });
        it("a source that is not an https URL", () => {
            assert.deepStrictEqual(schemaErrors(mutated((c) => (c.sources["lifecycle-ocs-2007"].url = "see the wiki"))), [
                '/sources/lifecycle-ocs-2007/url must match pattern "^https://[^\\s]+$"',
            ]);
        });
        it("a kind's field written beside params instead of in it", () => {
            const errors = schemaErrors(
                mutated((c) => {
                    const policy = c.policies[0] as unknown as Record<string, unknown>;
                    policy.minimums = mcu(c).params.minimums;
                }),
            );
            assert.ok(errors.includes("/policies/0 must NOT have additional properties"), errors.join("\n"));
        });
        it("params on a kind that takes none (end of support)", () => {
            const errors = schemaErrors(
                mutated((c) => {
                    c.policies.find((p) => p.kind === "end-of-support")!.params = { products: ["lync-server-2010"] };
                }),
            );
            assert.ok(errors.includes("/policies/4/params must NOT have more than 0 properties"), errors.join("\n"));
        });
        it("a params field another kind takes (documentedFor on the coexistence policy)", () => {
            const errors = schemaErrors(
                mutated((c) => {
                    const policy = c.policies.find((p) => p.kind === "organisation-coexistence")!;
                    (policy.params as Record<string, unknown>).documentedFor = ["exchange-2016"];
                }),
            );
            assert.ok(errors.includes("/policies/6/params must NOT have additional properties"), errors.join("\n"));
        });
        it("an unknown policy kind", () => {
            assert.ok(
                schemaErrors(mutated((c) => ((c.policies[0] as { kind: string }).kind = "guess"))).includes(
                    "/policies/0/kind must be equal to one of the allowed values",
                ),
            );
        });
        it("a minimum-CU policy without minimums", () => {
            assert.ok(
                schemaErrors(
                    mutated((c) => delete (c.policies[0].params as Partial<MinimumCumulativeUpdatePolicy["params"]>).minimums),
                ).includes("/policies/0/params must have required property 'minimums'"),
            );
        });
        it("a build number that is not four numbers", () => {
            assert.ok(
                schemaErrors(mutated((c) => (c.products[2].builds.table![3].build = "CU3"))).some((e) =>
                    e.startsWith("/products/2/builds/table/3/build must match pattern"),
                ),
            );
        });
        it("a misspelt property", () => {
            assert.ok(
                schemaErrors(mutated((c) => ((c.products[0] as unknown as Record<string, unknown>).alias = []))).includes(
                    "/products/0 must NOT have additional properties",
                ),
            );
        });
        it("the reserved policy name 'all'", () => {
            assert.ok(schemaErrors(mutated((c) => (c.policies[0].name = "all"))).includes("/policies/0/name must NOT be valid"));
        });
    });

    describe("loader rejects", () => {
        it("a policy naming an unknown product", () => {
            assert.match(
                loaderProblems(mutated((c) => (mcu(c).params.minimums[0].product = "lync-server-2099"))),
                /policy 'exchange-um-communications-server-minimum-cu' \S+ names unknown product 'lync-server-2099'/,
            );
        });
        it("an alias shared by two products", () => {
            assert.match(
                loaderProblems(mutated((c) => c.products[2].aliases.push("Lync 2013"))),
                /alias 'Lync 2013' of 'lync-server-2013' also names 'lync-server-2010'/,
            );
        });
        it("a build table out of order", () => {
            assert.match(
                loaderProblems(mutated((c) => c.products[2].builds.table!.reverse())),
                /the update table of 'lync-server-2010' is not in ascending order/,
            );
        });
        it("a required update missing from the product's build table", () => {
            assert.match(
                loaderProblems(mutated((c) => (mcu(c).params.minimums[1].update = 14))),
                /requires CU14 of 'lync-server-2010', which Microsoft's update list for it lacks/,
            );
        });
        it("a source that supports no fact, naming it", () => {
            assert.match(
                loaderProblems(mutated((c) => (c.sources.folklore = { ...c.sources["sfb-server-updates"], title: "Folklore" }))),
                /source 'folklore' supports no fact of the catalog/,
            );
        });
        it("no policy, or two, carrying the estate-wide settings", () => {
            assert.match(
                loaderProblems(mutated((c) => (c.policies[1].ownsEstateSettings = true))),
                /exactly one policy must carry the estate-wide settings \(ownsEstateSettings\), found 2/,
            );
            assert.match(loaderProblems(mutated((c) => delete c.policies[0].ownsEstateSettings)), /found 0/);
        });
        it("an impossible lifecycle date", () => {
            assert.match(
                loaderProblems(mutated((c) => ((c.products[2].lifecycle as { endOfSupport: string }).endOfSupport = "2021-02-30"))),
                /product 'lync-server-2010' has an impossible lifecycle date 2021-02-30/,
            );
        });
        it("a gap in the integration matrix: 'not documented' must be written down, never left out", () => {
            assert.match(
                loaderProblems(mutated((c) => delete c.integrations[1].rows[0].cells["exchange-se"])),
                /integration 'unified-contact-store' has no cell for 'ocs-2007' with 'exchange-se' \(write not-documented if Microsoft says nothing\)/,
            );
        });
        it("a supported or unsupported matrix cell without the quote it rests on, or without its basis", () => {
            assert.ok(schemaErrors(mutated((c) => delete c.integrations[1].rows[0].cells["exchange-2013"].quotes)).length > 0);
            assert.ok(schemaErrors(mutated((c) => delete c.integrations[1].rows[0].cells["exchange-2013"].basis)).length > 0);
        });
        it("a citation of an unknown source", () => {
            assert.match(
                loaderProblems(mutated((c) => (c.policies[1].source = "folklore"))),
                /policy 'exchange-um-unsupported-communications-server' source cites unknown source 'folklore'/,
            );
        });
        it("a catalog that does not match the schema, with the precompiled validator, before the pack starts", () => {
            assert.throws(
                () => loadCatalog({ policies: [] }),
                (e: Error) => e instanceof CatalogError && /must have required property 'sources'/.test(e.message),
            );
        });
    });

    it("adding a product and its minimum needs no code: a hypothetical Lync Server 2010 successor is enforced", () => {
        const catalog = mutated((c) => {
            c.products.push({
                id: "lync-server-2011",
                name: "Lync Server 2011",
                family: "lync",
                role: "communications-server",
                aliases: ["Lync 2011"],
                nameSource: "lifecycle-lync-server-2010",
                builds: { prefix: "4.5." },
                lifecycle: { policy: "modern", source: "lifecycle-lync-server-2010" },
            });
            mcu(c).params.minimums.push({ product: "lync-server-2011", update: 4, source: "exchange-2013-um-coexistence" });
        });
        assert.deepStrictEqual(schemaErrors(catalog), []);
        const index = loadCatalog(catalog);
        const policy = buildPolicies(index).find((p) => p.name === "exchange-um-communications-server-minimum-cu")!;
        const reported: string[] = [];
        policy.validateStack(
            {
                resources: [
                    {
                        type: "aws:ec2/instance:Instance",
                        name: "exch",
                        urn: "urn:exch",
                        props: { tags: { product: "Exchange 2016", "exchange-um": "on" } },
                    },
                    {
                        type: "aws:ec2/instance:Instance",
                        name: "lync11",
                        urn: "urn:lync11",
                        props: { tags: { product: "lync-2011", cu: "CU2" } },
                    },
                ],
                stackTags: new Map(),
                getConfig: () => ({}),
            } as never,
            ((message: string) => reported.push(message)) as never,
        );
        assert.deepStrictEqual(reported, [
            "Lync Server 2011 server 'lync11' is at CU2; Exchange UM integration (declared by 'exch') requires CU4 or later. Source: https://learn.microsoft.com/en-us/exchange/coexistence-with-office-communications-server-2007-r2-and-lync-server-exchange-2013-help",
        ]);
    });
});

describe("the pack's description", () => {
    it("is written once, in policypack/package.json, and PulumiPolicy.yaml carries it (scripts/build.js copies it)", () => {
        const pack = path.join(__dirname, "..", "..", "policypack");
        const { description } = JSON.parse(fs.readFileSync(path.join(pack, "package.json"), "utf8"));
        const yaml = fs.readFileSync(path.join(pack, "PulumiPolicy.yaml"), "utf8");
        assert.ok(yaml.split("\n").includes(`description: ${JSON.stringify(description)}`), "run npm run build to copy it");
        assert.strictEqual(PACK_DESCRIPTION, description, "the pack's entry and readme take it from package.json (generated/release.json)");
    });

    it("has one version, policypack/package.json's, which the report tests expect in every report header", () => {
        const { version } = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "policypack", "package.json"), "utf8"));
        assert.match(version, /^\d+\.\d+\.\d+$/);
        assert.strictEqual(RELEASE_VERSION, version, "run npm run build to hand it over (generated/release.json)");
    });
});

describe("policy kinds (rules/kinds.ts)", () => {
    it("each kind declares finding codes no other kind declares", () => {
        const owners = new Map<string, string>();
        for (const kind of policyKinds)
            for (const code of kind.findingCodes) {
                assert.ok(
                    !owners.has(code),
                    `finding code '${code}' is declared by ${owners.get(code)} and ${kind.kind}: give each kind its own`,
                );
                owners.set(code, kind.kind);
            }
    });
    it("every registered kind has a policy in rules/policies.json, and every policy a registered kind", () => {
        const used = new Set(loadCatalog().policies.map((p) => p.kind));
        const registered = policyKinds.map((k) => k.kind);
        assert.deepStrictEqual(
            registered.filter((k) => !used.has(k)),
            [],
            "a registered kind no policy uses: add its policy to rules/policies.json or remove its line from rules/kinds.ts",
        );
        assert.deepStrictEqual(
            [...used].filter((k) => !registered.includes(k as (typeof registered)[number])),
            [],
            "a policy whose kind no module registers: add the module's line to rules/kinds.ts",
        );
    });
    it("the pack's start-up catalog runs every kind's checks: the built one loads, a broken coexistence table is refused by name", () => {
        assert.deepStrictEqual(
            loadPolicyCatalog().policies.map((p) => p.name),
            loadCatalog().policies.map((p) => p.name),
        );
        const broken = mutated((c) => {
            const policy = c.policies.find((p) => p.kind === "organisation-coexistence")!;
            const { coexistence } = policy.params as { coexistence: unknown[] };
            coexistence.push(coexistence[0]);
        });
        assert.throws(
            () => loadPolicyCatalog(broken),
            (e: Error) =>
                e instanceof CatalogError &&
                e.message.includes("policy 'exchange-organisation-coexistence' pair 'exchange-2013' with 'exchange-2010' is written twice"),
        );
    });
    it("a policy whose kind no module registers is refused, naming the registry", () => {
        const [first] = loadCatalog().policies;
        const stray = { ...first, kind: "guess" };
        assert.throws(
            () => kindOf(stray),
            (e: Error) =>
                e instanceof CatalogError &&
                e.message.includes(
                    "policy 'exchange-um-communications-server-minimum-cu' has kind 'guess', which no module in rules/kinds.ts registers",
                ),
        );
        assert.throws(() => checkPolicy(stray, undefined as never, undefined as never, undefined as never), CatalogError);
    });
});
