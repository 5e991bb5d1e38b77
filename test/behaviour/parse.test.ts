// Issue 14: tag values users write that the parse tests did not pin down: padded and decorated
// build numbers, unpublished updates summarised, over-long values, list separators and gaps.
import * as assert from "node:assert";
import { loadCatalog } from "../../policypack/src/catalog/load";
import { parseFeatures } from "../../policypack/src/parse/features";
import { describeLevel, parseUpdateLevel } from "../../policypack/src/parse/updateLevel";

const catalog = loadCatalog();
const level = (value: string, productId: string) => {
    const outcome = parseUpdateLevel(value, catalog.products.get(productId)!, catalog);
    return outcome.kind === "recognised" ? describeLevel(outcome.value) : outcome.kind === "reported" ? outcome.problem : "ignored";
};
const features = (value: string) => {
    const outcome = parseFeatures(value, catalog);
    return outcome.kind === "recognised" ? outcome.value.map((f) => f.id) : outcome.kind === "reported" ? outcome.problem : "ignored";
};
const LYNC_2010_EXPECTED = `(expected a label such as "CU10", "RTM" or a Lync Server 2010 build number such as 4.0.7577.203)`;
const KNOWN =
    "known features: high-resolution-photos, unified-contact-store, lync-archiving-integration, im-presence-owa, online-meeting-scheduling-owa, server-to-server-auth, voice-mail";

describe("cumulative update values", () => {
    it("a build number with surrounding spaces is read", () => {
        assert.strictEqual(level(" 4.0.7577.166 ", "lync-server-2010"), "CU3 (build 4.0.7577.166)");
    });

    it("a build number with anything before or after it is not a build", () => {
        assert.strictEqual(level("4.0.7577.166a", "lync-server-2010"), `is not a cumulative update level ${LYNC_2010_EXPECTED}`);
        assert.strictEqual(level("v4.0.7577.166", "lync-server-2010"), `is not a cumulative update level ${LYNC_2010_EXPECTED}`);
    });

    it("an unpublished update names the published ones as runs", () => {
        assert.strictEqual(
            level("CU14", "lync-server-2010"),
            "names CU14, which Microsoft did not publish for Lync Server 2010 (its cumulative updates: CU1 to CU13, CU15 to CU18)",
        );
    });

    it("a value longer than 200 characters is too long; 200 are still read as a level", () => {
        assert.strictEqual(level("1".repeat(201), "lync-server-2010"), `is too long to be an update level ${LYNC_2010_EXPECTED}`);
        assert.strictEqual(level("1".repeat(200), "lync-server-2010"), `is not a cumulative update level ${LYNC_2010_EXPECTED}`);
    });

    it("a build of another product names that product", () => {
        assert.strictEqual(
            level("4.0.7577.166", "ocs-2007-r2"),
            "gives build 4.0.7577.166, a Lync Server 2010 build (Office Communications Server 2007 R2 builds start with 3.5.)",
        );
        assert.strictEqual(
            level("7.0.9999.1", "sfb-server-se"),
            "gives build 7.0.9999.1, not a Skype for Business Server SE build (Skype for Business Server SE builds start with 7.0.2046.)",
        );
    });
});

describe("uc-features values", () => {
    it("separators , ; and | with empty items in between", () => {
        assert.deepStrictEqual(features("unified-contact-store,,;| oauth"), ["unified-contact-store", "server-to-server-auth"]);
    });

    it("a feature listed twice counts once", () => {
        assert.deepStrictEqual(features("ucs, unified-contact-store"), ["unified-contact-store"]);
    });

    it("a list longer than 800 characters is too long, whatever it holds", () => {
        assert.strictEqual(features(`${"ucs,".repeat(200)}x`), `is too long to be a feature list (${KNOWN})`);
        assert.deepStrictEqual(features("ucs,".repeat(200)), ["unified-contact-store"]);
    });
});
