// Property-based tests: every parser, for arbitrary input, returns one of recognised / ignored /
// reported and never throws; reported problems never echo the input (tag values may be secrets).
import * as assert from "node:assert";
import fc from "fast-check";
import { loadCatalog } from "../policypack/src/catalog/load";
import { parseFeatures } from "../policypack/src/parse/features";
import { resolveProduct } from "../policypack/src/parse/product";
import { buildTagKeyIndex, readTags } from "../policypack/src/parse/tags";
import { parseToggle } from "../policypack/src/parse/toggle";
import { parseUpdateLevel } from "../policypack/src/parse/updateLevel";
import { resourceName, resourceProperties, resourceType, stackTags, tagText } from "./arbitraries";
import { preview, type Resource } from "./harness/inProcess";

// A new seed on every local run explores new inputs; CI uses a fixed seed so a landing is
// reproducible (FC_SEED overrides both).
export const SEED = Number(process.env.FC_SEED ?? (process.env.CI ? 20261124 : Date.now() % 2 ** 31));
export const RUNS = Number(process.env.FC_RUNS ?? 2000);
const params = { seed: SEED, numRuns: RUNS };
const catalog = loadCatalog();
const products = [...catalog.products.values()];
const anyString = fc.oneof(tagText, fc.string({ unit: "binary" }), fc.string({ unit: "grapheme" }));
const BUILD = /^\s*\d{1,5}(\.\d{1,6}){3}\s*$/;

describe(`parser properties (fast-check seed ${SEED}, ${RUNS} runs each; FC_SEED=${SEED} reproduces)`, () => {
    it("product: recognised, ignored, or one of the fixed family messages", () => {
        const familyMessages = new Set(
            catalog.families.map((f) => {
                const outcome = resolveProduct(f.name, catalog);
                return outcome.kind === "reported" ? outcome.problem : "";
            }),
        );
        fc.assert(
            fc.property(anyString, (value) => {
                const outcome = resolveProduct(value, catalog);
                if (outcome.kind === "recognised") assert.ok(catalog.products.has(outcome.value.id));
                else if (outcome.kind === "reported") assert.ok(familyMessages.has(outcome.problem), outcome.problem);
                else assert.strictEqual(outcome.kind, "ignored");
            }),
            params,
        );
    });

    it("cumulative update: a whole level 0-999, or a fixed report that echoes nothing but a build number or a canonical update label", () => {
        const problemOf = (value: string, product: (typeof products)[number]) => {
            const outcome = parseUpdateLevel(value, product, catalog);
            return outcome.kind === "reported" ? outcome.problem : "";
        };
        const fixed = new Map(products.map((p) => [p.id, new Set([problemOf("no-such-level", p), problemOf("9".repeat(500), p)])]));
        fc.assert(
            fc.property(anyString, fc.constantFrom(...products), (value, product) => {
                const outcome = parseUpdateLevel(value, product, catalog);
                if (outcome.kind === "recognised") {
                    assert.ok(Number.isInteger(outcome.value.update) && outcome.value.update >= 0 && outcome.value.update <= 999);
                } else {
                    assert.strictEqual(outcome.kind, "reported");
                    // An unpublished update is named in canonical form ("CU14"), never as the raw value.
                    const unpublished = /^names CU(\d{1,3}), which Microsoft did not publish for /.exec(outcome.problem);
                    const canonical = unpublished
                        ? outcome.problem.replace(`CU${unpublished[1]}`, "CU14") === problemOf("CU14", product)
                        : false;
                    if (!BUILD.test(value)) assert.ok(fixed.get(product.id)!.has(outcome.problem) || canonical, outcome.problem);
                }
            }),
            params,
        );
    });

    it("UM flag: a boolean or a fixed report", () => {
        fc.assert(
            fc.property(anyString, (value) => {
                const outcome = parseToggle(value, catalog);
                if (outcome.kind === "recognised") assert.strictEqual(typeof outcome.value, "boolean");
                else assert.match(outcome.kind === "reported" ? outcome.problem : "", /^is neither on \(.*\) nor off \(.*\)$/);
            }),
            params,
        );
    });

    it("features: known features or a report that counts, never echoes, the unknown ones", () => {
        fc.assert(
            fc.property(anyString, (value) => {
                const outcome = parseFeatures(value, catalog);
                if (outcome.kind === "recognised") assert.ok(outcome.value.every((f) => catalog.features.includes(f)));
                else
                    assert.match(
                        outcome.kind === "reported" ? outcome.problem : "",
                        /^(lists \d+ features? this pack does not know|is too long to be a feature list) \(known features: [a-z, -]+\)$/,
                    );
            }),
            params,
        );
    });

    it("tag extraction: any JSON value or junk in tags, labels and freeformTags yields well-formed readings", () => {
        const keys = buildTagKeyIndex(catalog.tagKeys);
        fc.assert(
            fc.property(fc.oneof(resourceProperties, fc.anything()), resourceType, (props, type) => {
                const sources = catalog.tagModels.sourcesFor(type);
                const reading = readTags(props, sources, keys);
                for (const value of Object.values(reading.fields))
                    assert.ok(["text", "boolean", "unknown", "unusable"].includes(value!.kind));
                assert.ok(reading.unknownContainers.every((c) => sources.some((s) => s.property === c)));
            }),
            params,
        );
    });

    it("whole policies: random stacks never throw and every diagnostic names a resource of the stack or the stack", () => {
        const policyNames = new Set(catalog.policies.map((p) => p.name));
        const resources = fc.array(fc.record({ type: resourceType, name: resourceName, properties: resourceProperties }), {
            maxLength: 12,
        });
        // Property dependencies between random resources, as the engine sends them (vSphere tags, categories, attributes).
        const dependencies = fc.array(
            fc.tuple(fc.nat(), fc.constantFrom("tags", "customAttributes", "categoryId", "categories"), fc.nat()),
            { maxLength: 8 },
        );
        fc.assert(
            fc.property(resources, dependencies, stackTags, (generated, edges, tags) => {
                const names = new Set<string>();
                const stack: Resource[] = generated.filter((r) => !names.has(r.name) && names.add(r.name));
                for (const [from, property, to] of edges) {
                    if (stack.length === 0) break;
                    const r = stack[from % stack.length];
                    r.propertyDependencies = {
                        ...r.propertyDependencies,
                        [property]: [...(r.propertyDependencies?.[property] ?? []), stack[to % stack.length].name],
                    };
                }
                const reported = preview(stack, { stackTags: tags });
                const urns = new Set(stack.map((r) => `urn:pulumi:dev::uc-estate::${r.type}::${r.name}`));
                for (const r of reported) {
                    assert.ok(policyNames.has(r.policyName));
                    assert.ok(r.urn === "" || urns.has(r.urn), r.urn);
                    assert.ok(["advisory", "mandatory"].includes(r.enforcementLevel));
                    assert.match(r.message, /\n.+/);
                    assert.ok(!/[\u202A-\u202E\u2066-\u2069]/.test(r.message), "bidirectional controls reach a message");
                }
            }),
            { seed: SEED, numRuns: Math.max(100, Math.floor(RUNS / 4)) },
        );
    });

    it("the stack-reading shortcut changes nothing: the same diagnostics, in the same order, with it and without it", () => {
        const resources = fc.array(fc.record({ type: resourceType, name: resourceName, properties: resourceProperties }), {
            maxLength: 10,
        });
        const level = fc.constantFrom(undefined, "advisory", "mandatory", "disabled");
        const owner = catalog.estateSettingsOwner;
        // Per-policy config as users write it, valid or not: levels, exemptions (some expired), and on the
        // owner the estate-wide settings, including a minimum laxer than Microsoft's (a config problem).
        const config = fc.record({
            levels: fc.array(level, { minLength: catalog.policies.length, maxLength: catalog.policies.length }),
            exchangeUm: fc.option(fc.boolean(), { nil: undefined }),
            ucFeatures: fc.option(fc.subarray(catalog.features.map((f) => f.id)), { nil: undefined }),
            laxMinimum: fc.boolean(),
            exempt: fc.option(fc.tuple(fc.nat(), fc.constantFrom("2020-01-01", "2099-12-31")), { nil: undefined }),
            impossibleExemption: fc.boolean(),
        });
        fc.assert(
            fc.property(resources, stackTags, config, (generated, tags, c) => {
                const names = new Set<string>();
                const stack: Resource[] = generated.filter((r) => !names.has(r.name) && names.add(r.name));
                const perPolicy: Record<string, Record<string, unknown>> = {};
                catalog.policies.forEach((policy, i) => {
                    const entry: Record<string, unknown> = {};
                    if (c.levels[i]) entry.enforcementLevel = c.levels[i];
                    if (c.exempt && stack.length > 0)
                        entry.exemptions = [
                            { resource: stack[c.exempt[0] % stack.length].name, reason: "migration", expires: c.exempt[1] },
                        ];
                    // A config problem the pack (not the engine's schema check) reports: a date that does not exist.
                    if (c.impossibleExemption) entry.exemptions = [{ resource: "any", reason: "migration", expires: "2027-02-30" }];
                    if (policy.name === owner) {
                        if (c.exchangeUm !== undefined) entry.exchangeUm = c.exchangeUm;
                        if (c.ucFeatures !== undefined) entry.ucFeatures = c.ucFeatures;
                        if (c.laxMinimum) entry.minimumCumulativeUpdates = { "lync-server-2010": 1 };
                    }
                    perPolicy[policy.name] = entry;
                });
                const options = { stackTags: tags, config: perPolicy as never };
                const summary = (shortcut: boolean) =>
                    preview(stack, { ...options, stackShortcut: shortcut }).map(
                        (r) => `${r.policyName} ${r.enforcementLevel} ${r.urn} ${r.message}`,
                    );
                assert.deepStrictEqual(summary(true), summary(false));
            }),
            { seed: SEED, numRuns: Math.max(100, Math.floor(RUNS / 4)) },
        );
    });
});
