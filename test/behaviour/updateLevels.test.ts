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
