// Issue 14: the spellings of "no cumulative update" the README documents, and how a server tagged
// with them is judged.
import * as assert from "node:assert";
import { loadCatalog } from "../../policypack/src/catalog/load";
import { describeLevel, parseUpdateLevel } from "../../policypack/src/parse/updateLevel";
import { detail, preview } from "../harness/inProcess";

const catalog = loadCatalog();
const lync2010 = catalog.products.get("lync-server-2010")!;

describe("cumulative update tag: no update installed", () => {
    for (const spelling of ["RTM", "rtm", "none", "None", "no-cu", "nocu", "no update", "noupdate", "no_rollup", "norollup"]) {
        it(`"${spelling}" reads as RTM`, () => {
            const outcome = parseUpdateLevel(spelling, lync2010, catalog);
            assert.deepStrictEqual(outcome.kind === "recognised" ? describeLevel(outcome.value) : outcome, "RTM");
        });
    }

    it("a server at RTM is below a required update", () => {
        const reported = preview([
            {
                type: "aws:ec2/instance:Instance",
                name: "exch-mbx-01",
                properties: { tags: { product: "Exchange Server 2013", "exchange-um": "on" } },
            },
            { type: "aws:ec2/instance:Instance", name: "lync-fe-01", properties: { tags: { product: "Lync Server 2010", cu: "nocu" } } },
        ]).filter((r) => r.policyName === "exchange-um-communications-server-minimum-cu");
        assert.deepStrictEqual(
            reported.map((r) => `${r.enforcementLevel}: ${detail(r)}`),
            [
                "mandatory: Lync Server 2010 server 'lync-fe-01' is at RTM; Exchange UM integration (declared by 'exch-mbx-01') requires CU3 or later (build 4.0.7577.166). Source: https://learn.microsoft.com/en-us/exchange/coexistence-with-office-communications-server-2007-r2-and-lync-server-exchange-2013-help",
            ],
        );
    });
});

describe("Exchange update tags: Microsoft's own names (issue 21)", () => {
    const read = (value: string, productId: string) => {
        const product = catalog.products.get(productId)!;
        const outcome = parseUpdateLevel(value, product, catalog);
        return outcome.kind === "recognised"
            ? describeLevel(outcome.value, product)
            : outcome.kind === "reported"
              ? outcome.problem
              : "ignored";
    };
    const cases: Array<[string, string, string]> = [
        ["SP3 RU11", "exchange-2010", "SP3 RU11"],
        ["sp3-ru11", "exchange-2010", "SP3 RU11"],
        ["Service Pack 3 Update Rollup 11", "exchange-2010", "SP3 RU11"],
        ["SP3 Rollup 11", "exchange-2010", "SP3 RU11"],
        ["SP3", "exchange-2010", "SP3"],
        ["SP3 RU8", "exchange-2010", "SP3 RU8v2"],
        ["RTM", "exchange-2010", "RTM"],
        ["14.3.266.1", "exchange-2010", "SP3 RU11 (build 14.3.266.1)"],
        ["14.03.0513.000", "exchange-2010", "build 14.3.513.0 (SP3 RU32 or later)"],
        ["14.3.300.0", "exchange-2010", "SP3 RU13 (build 14.3.300.0)"],
        ["14.3.600.0", "exchange-2010", "build 14.3.600.0 (SP3 RU32 or later)"],
        ["SP1", "exchange-2013", "CU4"],
        ["CU4", "exchange-2013", "CU4"],
        ["15.0.847.32", "exchange-2013", "CU4 (build 15.0.847.32)"],
        ["15.01.2507.006", "exchange-2016", "CU23 (build 15.1.2507.6)"],
        ["15.1.2507.72", "exchange-2016", "CU23 (build 15.1.2507.72)"],
        [
            "15.2.2562.17",
            "exchange-2019",
            "gives build 15.2.2562.17, an Exchange Server SE build (its builds start at 15.2.2562.17), not an Exchange Server 2019 build",
        ],
        ["15.2.2562.16", "exchange-2019", "CU15 (build 15.2.2562.16)"],
        ["4.0.7577.710", "lync-server-2010", "build 4.0.7577.710 (CU7 or later)"],
        ["CU15", "exchange-2019", "CU15"],
        ["15.2.1748.10", "exchange-se", "gives build 15.2.1748.10, older than Exchange Server SE RTM (15.2.2562.17)"],
        [
            "CU16",
            "exchange-2019",
            "names CU16, which Microsoft did not publish for Exchange Server 2019 (its cumulative updates: CU1 to CU15)",
        ],
        [
            "SP4",
            "exchange-2010",
            'is not an update level Microsoft published for Exchange Server 2010 (expected a label such as "SP3 RU32", "RTM" or an Exchange Server 2010 build number such as 14.3.513.0)',
        ],
    ];
    for (const [value, productId, expected] of cases) {
        it(`${productId} "${value}" reads as ${expected}`, () => assert.strictEqual(read(value, productId), expected));
    }
});
