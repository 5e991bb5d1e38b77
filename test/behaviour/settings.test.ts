// Issue 14: configuration mistakes the engine's schema lets through are each named, and the safe
// default applies; an equal minimum is accepted; the estate-wide settings reach every policy.
import * as assert from "node:assert";
import Ajv from "ajv";
import { loadCatalog } from "../../policypack/src/catalog/load";
import { minimumCumulativeUpdateOptions } from "../../policypack/src/rules/minimumCumulativeUpdateConfig";
import { configSchemaOf, settingsOf } from "../../policypack/src/rules";

const catalog = loadCatalog();
const minimumCu = catalog.policies.find((p) => p.name === "exchange-um-communications-server-minimum-cu")!;
const endOfSupport = catalog.policies.find((p) => p.name === "communications-server-end-of-support")!;
const prefix = "configuration of policy 'exchange-um-communications-server-minimum-cu':";
const problems = (config: Record<string, unknown>) => settingsOf(minimumCu, config, catalog).problems;

describe("policy configuration problems", () => {
    it("an unknown feature in ucFeatures is named with the known ones, and the known ones still apply", () => {
        const settings = settingsOf(minimumCu, { ucFeatures: ["unified-contact-store", "teleportation"] }, catalog);
        assert.deepStrictEqual(settings.problems, [
            `${prefix} ucFeatures lists an unknown feature (known: high-resolution-photos, unified-contact-store, lync-archiving-integration, im-presence-owa, online-meeting-scheduling-owa, server-to-server-auth, voice-mail).`,
        ]);
        assert.deepStrictEqual(
            settings.ucFeatures.map((f) => f.id),
            ["unified-contact-store"],
        );
    });

    it("a minimum that is not a whole number keeps Microsoft's", () => {
        const settings = settingsOf(
            minimumCu,
            { minimumCumulativeUpdates: { "lync-server-2010": 3.5, "ocs-2007-r2": -1, "lync-server-2013": "CU2" } },
            catalog,
        );
        assert.deepStrictEqual(settings.problems, [
            `${prefix} the minimum for Lync Server 2010 must be a whole number.`,
            `${prefix} the minimum for Office Communications Server 2007 R2 must be a whole number.`,
            `${prefix} the minimum for Lync Server 2013 must be a whole number.`,
        ]);
        assert.deepStrictEqual(
            [...minimumCumulativeUpdateOptions(settings).minimums].map(([id, m]) => `${id} CU${m.update}`),
            ["ocs-2007-r2 CU10", "lync-server-2010 CU3", "lync-server-2013 CU0", "sfb-server-2015 CU0", "sfb-server-2019 CU0"],
        );
    });

    it("a minimum of 0 (RTM) where Microsoft requires none is accepted silently", () => {
        assert.deepStrictEqual(problems({ minimumCumulativeUpdates: { "lync-server-2013": 0 } }), []);
    });

    it("an exemption with an empty resource is ignored; a reason of three characters is enough", () => {
        const settings = settingsOf(
            minimumCu,
            {
                exemptions: [
                    { resource: "", reason: "pilot", expires: "2027-01-01" },
                    { resource: "x", reason: "abc", expires: "2027-01-01" },
                ],
            },
            catalog,
        );
        assert.deepStrictEqual(settings.problems, [`${prefix} exemptions[0] needs a resource (name or URN); the exemption is ignored.`]);
        assert.deepStrictEqual(settings.exemptions, [{ resource: "x", reason: "abc", expires: "2027-01-01" }]);
    });

    it("a minimum equal to Microsoft's is accepted silently", () => {
        const settings = settingsOf(minimumCu, { minimumCumulativeUpdates: { "lync-server-2010": 3 } }, catalog);
        assert.deepStrictEqual(settings.problems, []);
        assert.strictEqual(minimumCumulativeUpdateOptions(settings).minimums.get("lync-server-2010")!.update, 3);
    });

    it("tag keys must be a non-empty list of non-blank keys; each bad field keeps its default", () => {
        const settings = settingsOf(
            minimumCu,
            { tagKeys: { product: ["ok", 3], cumulativeUpdate: [" "], exchangeUm: "exchange-um", ucFeatures: ["features"] } },
            catalog,
        );
        assert.deepStrictEqual(settings.problems, [
            `${prefix} tagKeys.product must be a non-empty list of tag keys; the default (product) applies.`,
            `${prefix} tagKeys.cumulativeUpdate must be a non-empty list of tag keys; the default (cu, cumulative-update) applies.`,
            `${prefix} tagKeys.exchangeUm must be a non-empty list of tag keys; the default (exchange-um) applies.`,
        ]);
        assert.deepStrictEqual(settings.tagKeys, {
            product: ["product"],
            cumulativeUpdate: ["cu", "cumulative-update"],
            exchangeUm: ["exchange-um"],
            ucFeatures: ["features"],
        });
    });

    it("exemption reasons are trimmed and must have three characters; non-objects need a resource", () => {
        const settings = settingsOf(
            minimumCu,
            {
                exemptions: [
                    { resource: "x", reason: "  ab  ", expires: "2027-01-01" },
                    { resource: "y", reason: "  long reason ", expires: "2027-01-01" },
                    "lync-fe-01",
                    null,
                ],
            },
            catalog,
        );
        assert.deepStrictEqual(settings.problems, [
            `${prefix} exemptions[0] (x) needs a reason; the exemption is ignored.`,
            `${prefix} exemptions[2] needs a resource (name or URN); the exemption is ignored.`,
            `${prefix} exemptions[3] needs a resource (name or URN); the exemption is ignored.`,
        ]);
        assert.deepStrictEqual(settings.exemptions, [{ resource: "y", reason: "long reason", expires: "2027-01-01" }]);
    });

    it("unknownCumulativeUpdate: violation is read, advisory is the default", () => {
        assert.strictEqual(
            minimumCumulativeUpdateOptions(settingsOf(minimumCu, { unknownCumulativeUpdate: "violation" }, catalog))
                .unknownUpdateIsViolation,
            true,
        );
        assert.strictEqual(
            minimumCumulativeUpdateOptions(settingsOf(minimumCu, { unknownCumulativeUpdate: "advisory" }, catalog))
                .unknownUpdateIsViolation,
            false,
        );
        assert.deepStrictEqual(problems({ unknownCumulativeUpdate: "advisory" }), []);
    });

    it("another policy takes the estate-wide settings of the one that carries them, and its own exemptions", () => {
        const estate = settingsOf(minimumCu, { exchangeUm: true, ucFeatures: ["voice-mail"], tagKeys: { product: ["role"] } }, catalog);
        const settings = settingsOf(
            endOfSupport,
            { exemptions: [{ resource: "ocs", reason: "retired in Q1", expires: "2027-03-31" }] },
            catalog,
            estate,
        );
        assert.strictEqual(settings.exchangeUm, true);
        assert.deepStrictEqual(
            settings.ucFeatures.map((f) => f.id),
            ["voice-mail"],
        );
        assert.deepStrictEqual(settings.tagKeys.product, ["role"]);
        assert.strictEqual(settings.keyIndex, estate.keyIndex);
        assert.deepStrictEqual(settings.exemptions, [{ resource: "ocs", reason: "retired in Q1", expires: "2027-03-31" }]);
        assert.deepStrictEqual(settings.problems, []);
    });
});

describe("config schema limits (what the engine rejects before the pack runs)", () => {
    const errors = (config: unknown, policy = minimumCu) => {
        const validate = new Ajv({ allErrors: true, strict: false }).compile({
            type: "object",
            additionalProperties: false,
            ...configSchemaOf(policy, catalog, policy === minimumCu),
        });
        return validate(config) ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`);
    };

    it("tag keys: non-empty, unique, at most 100 characters, only the four fields", () => {
        assert.deepStrictEqual(errors({ tagKeys: { product: [] } }), ["/tagKeys/product must NOT have fewer than 1 items"]);
        assert.deepStrictEqual(errors({ tagKeys: { product: ["a", "a"] } }), [
            "/tagKeys/product must NOT have duplicate items (items ## 1 and 0 are identical)",
        ]);
        assert.deepStrictEqual(errors({ tagKeys: { cumulativeUpdate: [""] } }), [
            "/tagKeys/cumulativeUpdate/0 must NOT have fewer than 1 characters",
        ]);
        assert.deepStrictEqual(errors({ tagKeys: { exchangeUm: ["k".repeat(101)] } }), [
            "/tagKeys/exchangeUm/0 must NOT have more than 100 characters",
        ]);
        assert.deepStrictEqual(errors({ tagKeys: { ucFeatures: ["features"], owner: ["x"] } }), [
            "/tagKeys must NOT have additional properties",
        ]);
    });

    it("minimums: whole numbers from 0 to 999; unknownCumulativeUpdate: advisory or violation", () => {
        assert.deepStrictEqual(errors({ minimumCumulativeUpdates: { "lync-server-2010": 1000 } }), [
            "/minimumCumulativeUpdates/lync-server-2010 must be <= 999",
        ]);
        assert.deepStrictEqual(errors({ minimumCumulativeUpdates: { "lync-server-2010": -1 } }), [
            "/minimumCumulativeUpdates/lync-server-2010 must be >= 0",
        ]);
        assert.deepStrictEqual(errors({ unknownCumulativeUpdate: "fail" }), [
            "/unknownCumulativeUpdate must be equal to one of the allowed values",
        ]);
    });

    it("exemptions: a resource, a reason of three characters or more, a date, nothing else", () => {
        assert.deepStrictEqual(errors({ exemptions: [{ resource: "", reason: "ok", expires: "2027-01-01", owner: "me" }] }), [
            "/exemptions/0 must NOT have additional properties",
            "/exemptions/0/resource must NOT have fewer than 1 characters",
            "/exemptions/0/reason must NOT have fewer than 3 characters",
        ]);
        assert.deepStrictEqual(errors({ exemptions: [{}] }, endOfSupport), [
            "/exemptions/0 must have required property 'resource'",
            "/exemptions/0 must have required property 'reason'",
            "/exemptions/0 must have required property 'expires'",
        ]);
        assert.deepStrictEqual(errors({ ucFeatures: ["voice-mail", "voice-mail"] }), [
            "/ucFeatures must NOT have duplicate items (items ## 0 and 1 are identical)",
        ]);
    });

    it("describes each setting for the engine and Pulumi Cloud", () => {
        const properties = configSchemaOf(minimumCu, catalog, true).properties as Record<
            string,
            { description?: string; default?: string; items?: { properties?: { expires?: { description?: string } } } }
        >;
        assert.deepStrictEqual(Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, value.description])), {
            exemptions: "Resources (name or URN) exempt from this policy until a date, with a reason.",
            tagKeys: "Tag keys read on every resource (matched case-insensitively), for every policy of the pack.",
            exchangeUm: "Declare (true) Exchange UM integration for every stack this config applies to.",
            ucFeatures: "UC features this organisation uses, as if declared by a uc-features tag.",
            minimumCumulativeUpdates: "Stricter minimum cumulative update per product id (never laxer than Microsoft's).",
            unknownCumulativeUpdate: "How a cumulative update that is unknown during preview is reported.",
        });
        assert.strictEqual(properties.exemptions.items!.properties!.expires!.description, "Last day of the exemption, YYYY-MM-DD.");
        assert.strictEqual(properties.unknownCumulativeUpdate.default, "advisory");
    });
});
