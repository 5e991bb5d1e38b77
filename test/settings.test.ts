// Configuration the engine's schema check lets through must still be checked: a minimum laxer than
// Microsoft's, an impossible date, an exemption without a reason. Each gets a specific message.
import * as assert from "node:assert";
import { loadCatalog } from "../policypack/src/catalog/load";
import { minimumCumulativeUpdateOptions } from "../policypack/src/rules/minimumCumulativeUpdateConfig";
import { configSchemaOf, settingsOf } from "../policypack/src/rules";
import Ajv from "ajv";

const catalog = loadCatalog();
const minimumCu = catalog.policies.find((p) => p.name === "exchange-um-communications-server-minimum-cu")!;
const features = catalog.policies.find((p) => p.kind === "feature-requires-newer-servers")!;
const problems = (config: Record<string, unknown>) => settingsOf(minimumCu, config, catalog).problems;
const prefix = "configuration of policy 'exchange-um-communications-server-minimum-cu':";

describe("policy configuration", () => {
    it("accepts the defaults with no problem", () => assert.deepStrictEqual(problems({}), []));

    it("applies a stricter minimum and rejects a laxer one, keeping Microsoft's", () => {
        const strict = settingsOf(minimumCu, { minimumCumulativeUpdates: { "lync-server-2010": 5 } }, catalog);
        assert.strictEqual(minimumCumulativeUpdateOptions(strict).minimums.get("lync-server-2010")!.update, 5);
        const lax = settingsOf(minimumCu, { minimumCumulativeUpdates: { "ocs-2007-r2": 9 } }, catalog);
        assert.strictEqual(minimumCumulativeUpdateOptions(lax).minimums.get("ocs-2007-r2")!.update, 10);
        assert.deepStrictEqual(lax.problems, [
            `${prefix} the minimum for Office Communications Server 2007 R2 (CU9) is laxer than Microsoft's CU10; Microsoft's minimum applies. Remove the setting or raise it.`,
        ]);
    });

    it("names an unknown product in minimums", () => {
        assert.deepStrictEqual(problems({ minimumCumulativeUpdates: { "lync-2099": 1 } }), [
            `${prefix} minimumCumulativeUpdates names 'lync-2099', which has no minimum in this policy (known: ocs-2007-r2, lync-server-2010, lync-server-2013, sfb-server-2015, sfb-server-2019).`,
        ]);
    });

    it("rejects exemptions without a reason or a real expiry date, and ignores them", () => {
        const settings = settingsOf(
            minimumCu,
            {
                exemptions: [
                    { resource: "lync-fe-01", reason: "", expires: "2027-01-31" },
                    { resource: "lync-fe-02", reason: "pilot", expires: "2027-02-30" },
                    { resource: "lync-fe-03", reason: "pilot", expires: "next year" },
                    { reason: "pilot", expires: "2027-01-31" },
                    { resource: "lync-fe-04", reason: "pilot ends in January", expires: "2027-01-31" },
                ],
            },
            catalog,
        );
        assert.deepStrictEqual(settings.problems, [
            `${prefix} exemptions[0] (lync-fe-01) needs a reason; the exemption is ignored.`,
            `${prefix} exemptions[1] (lync-fe-02) needs an expiry date as YYYY-MM-DD (a real calendar day); the exemption is ignored.`,
            `${prefix} exemptions[2] (lync-fe-03) needs an expiry date as YYYY-MM-DD (a real calendar day); the exemption is ignored.`,
            `${prefix} exemptions[3] needs a resource (name or URN); the exemption is ignored.`,
        ]);
        assert.deepStrictEqual(
            settings.exemptions.map((e) => e.resource),
            ["lync-fe-04"],
        );
    });

    it("rejects wrong types that reached the pack", () => {
        assert.deepStrictEqual(problems({ exchangeUm: "yes", unknownCumulativeUpdate: "fail", tagKeys: { product: [] } }), [
            `${prefix} unknownCumulativeUpdate must be "advisory" or "violation".`,
            `${prefix} tagKeys.product must be a non-empty list of tag keys; the default (product) applies.`,
            `${prefix} exchangeUm must be true or false.`,
        ]);
    });

    it("reads custom tag keys", () => {
        const settings = settingsOf(minimumCu, { tagKeys: { product: ["uc-product"], cumulativeUpdate: ["patch-level"] } }, catalog);
        assert.strictEqual(settings.keyIndex.get("ucproduct"), "product");
        assert.strictEqual(settings.keyIndex.get("patchlevel"), "cumulativeUpdate");
        assert.strictEqual(settings.keyIndex.get("product"), undefined);
    });

    describe("config schema (what the engine checks before the pack runs)", () => {
        const schemaOf = (policy = minimumCu) => ({
            type: "object",
            additionalProperties: false,
            ...configSchemaOf(policy, catalog, policy === minimumCu),
        });
        const errors = (config: unknown, policy = minimumCu) => {
            const validate = new Ajv({ allErrors: true, strict: false }).compile(schemaOf(policy));
            return validate(config) ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`);
        };
        it("accepts a full, valid configuration", () => {
            assert.deepStrictEqual(
                errors({
                    exchangeUm: true,
                    minimumCumulativeUpdates: { "lync-server-2010": 5 },
                    unknownCumulativeUpdate: "violation",
                    tagKeys: { product: ["product", "uc-product"] },
                    exemptions: [{ resource: "lync-fe-01", reason: "CU5 rollout", expires: "2027-01-31" }],
                }),
                [],
            );
        });
        it("rejects wrong types, unknown products and malformed exemptions", () => {
            assert.deepStrictEqual(errors({ minimumCumulativeUpdates: { "lync-2099": 1 } }), [
                "/minimumCumulativeUpdates must be equal to one of the allowed values",
                "/minimumCumulativeUpdates property name must be valid",
            ]);
            assert.deepStrictEqual(errors({ minimumCumulativeUpdates: { "lync-server-2010": "CU5" } }), [
                "/minimumCumulativeUpdates/lync-server-2010 must be integer",
            ]);
            assert.deepStrictEqual(errors({ exemptions: [{ resource: "x", expires: "31/01/2027" }] }), [
                "/exemptions/0 must have required property 'reason'",
                '/exemptions/0/expires must match pattern "^\\d{4}-\\d{2}-\\d{2}$"',
            ]);
            assert.deepStrictEqual(errors({ exchangeUm: "yes" }), ["/exchangeUm must be boolean"]);
        });
        it("takes estate-wide settings on the first policy only; the others take exemptions", () => {
            assert.deepStrictEqual(errors({ ucFeatures: ["unified-contact-store"] }), []);
            assert.deepStrictEqual(errors({ ucFeatures: ["teleportation"] }), ["/ucFeatures/0 must be equal to one of the allowed values"]);
            assert.deepStrictEqual(errors({ ucFeatures: ["unified-contact-store"] }, features), [" must NOT have additional properties"]);
            assert.deepStrictEqual(
                errors({ exemptions: [{ resource: "ocs-r2-01", reason: "retired in Q1", expires: "2027-03-31" }] }, features),
                [],
            );
        });
    });
});
