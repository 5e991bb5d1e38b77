import * as assert from "node:assert";
import { loadCatalog } from "../policypack/src/catalog/load";
import { CatalogMemo } from "../policypack/src/parse/memo";

describe("values remembered per catalog (parse/memo.ts)", () => {
    const catalog = loadCatalog();

    it("computes a value once per catalog, and again for another catalog", () => {
        const memo = new CatalogMemo<string>();
        let computed = 0;
        const answer = (c: typeof catalog) => memo.get(c, "CU10", () => `answer ${++computed}`);
        assert.strictEqual(answer(catalog), "answer 1");
        assert.strictEqual(answer(catalog), "answer 1");
        const other = loadCatalog(catalog.raw);
        assert.strictEqual(answer(other), "answer 2");
        assert.strictEqual(answer(catalog), "answer 1");
    });

    it("stops remembering at its bound but still answers every value", () => {
        const memo = new CatalogMemo<string>(2);
        let computed = 0;
        const answer = (value: string) => memo.get(catalog, value, () => `${value} #${++computed}`);
        assert.deepStrictEqual(["a", "b", "c", "c", "a"].map(answer), ["a #1", "b #2", "c #3", "c #4", "a #1"]);
    });
});
