// Issue 14: exemptions exempt the resource they name, until and including their last day, and
// expire with the real clock (every other test injects "today").
import * as assert from "node:assert";
import { loadCatalog } from "../../policypack/src/catalog/load";
import { buildPolicies } from "../../policypack/src/policies";
import { detail, preview, type Resource, stackResources, urn } from "../harness/inProcess";

const MINIMUM_CU = "exchange-um-communications-server-minimum-cu";
const COEXISTENCE =
    "Source: https://learn.microsoft.com/en-us/exchange/coexistence-with-office-communications-server-2007-r2-and-lync-server-exchange-2013-help";

const estate: Resource[] = [
    {
        type: "aws:ec2/instance:Instance",
        name: "exch-mbx-01",
        properties: { tags: { product: "Exchange Server 2013", cu: "CU23", "exchange-um": "on" } },
    },
    { type: "azure-native:compute:VirtualMachine", name: "lync-fe-01", properties: { tags: { product: "Lync Server 2010", cu: "CU2" } } },
    { type: "azure-native:compute:VirtualMachine", name: "lync-fe-02", properties: { tags: { product: "Lync Server 2010", cu: "CU2" } } },
];
const violation = (name: string) =>
    `${name}' is at CU2; Exchange UM integration (declared by 'exch-mbx-01') requires CU3 or later (build 4.0.7577.166).`;
const exempting = (resource: string, expires: string) => ({
    [MINIMUM_CU]: { exemptions: [{ resource, reason: "migration to SfB", expires }] },
});
const minimumCu = (config: Record<string, Record<string, unknown>>, today = "2026-11-24") =>
    preview(estate, { config, today })
        .filter((r) => r.policyName === MINIMUM_CU)
        .map((r) => `${r.enforcementLevel} ${r.urn.split("::").pop()}: ${detail(r)}`);

describe("exemptions", () => {
    it("exempt only the resource they name; the others still fail the preview", () => {
        assert.deepStrictEqual(minimumCu(exempting("lync-fe-01", "2026-12-31")), [
            `advisory lync-fe-01: 'lync-fe-01' is exempt from policy '${MINIMUM_CU}' until 2026-12-31 (reason: migration to SfB). Without the exemption: Lync Server 2010 server '${violation("lync-fe-01")} ${COEXISTENCE}`,
            `mandatory lync-fe-02: Lync Server 2010 server '${violation("lync-fe-02")} ${COEXISTENCE}`,
        ]);
    });

    it("name a resource by URN as well as by name", () => {
        const byUrn = minimumCu(exempting(urn(estate[2]), "2026-12-31"));
        assert.deepStrictEqual(
            byUrn.map((l) => l.slice(0, l.indexOf(":"))),
            ["mandatory lync-fe-01", "advisory lync-fe-02"],
        );
    });

    it("still apply on their last day and stop the day after, saying so", () => {
        assert.match(
            minimumCu(exempting("lync-fe-01", "2026-11-24"), "2026-11-24")[0],
            /^advisory lync-fe-01: 'lync-fe-01' is exempt from policy 'exchange-um-communications-server-minimum-cu' until 2026-11-24 /,
        );
        assert.deepStrictEqual(minimumCu(exempting("lync-fe-01", "2026-11-24"), "2026-11-25"), [
            `mandatory lync-fe-01: Lync Server 2010 server '${violation("lync-fe-01")} The exemption of 'lync-fe-01' from this policy expired on 2026-11-24 and no longer applies (reason given: migration to SfB). ${COEXISTENCE}`,
            `mandatory lync-fe-02: Lync Server 2010 server '${violation("lync-fe-02")} ${COEXISTENCE}`,
        ]);
    });

    describe("with the real clock (no injected date)", () => {
        const dayOffset = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
        // The minimum-CU policy as the engine runs it, on today's date.
        const levelsToday = (expires: string) => {
            const policy = buildPolicies(loadCatalog()).find((p) => p.name === MINIMUM_CU)!;
            const levels: string[] = [];
            policy.validateStack(
                {
                    resources: stackResources(estate),
                    stackTags: new Map(),
                    getConfig: () => exempting("lync-fe-01", expires)[MINIMUM_CU],
                } as never,
                ((message: unknown, resourceUrn?: string) => {
                    const advisory =
                        typeof message === "object" && (message as { enforcementLevel?: string }).enforcementLevel === "advisory";
                    const at = typeof message === "object" ? (message as { urn?: string }).urn : resourceUrn;
                    levels.push(`${advisory ? "advisory" : "policy level"} ${at?.split("::").pop()}`);
                }) as never,
            );
            return levels;
        };

        it("an exemption that ended yesterday no longer applies", () => {
            assert.deepStrictEqual(levelsToday(dayOffset(-1)), ["policy level lync-fe-01", "policy level lync-fe-02"]);
        });

        it("an exemption ending today still applies", () => {
            assert.deepStrictEqual(levelsToday(dayOffset(0)), ["advisory lync-fe-01", "policy level lync-fe-02"]);
        });

        it("an exemption ending tomorrow applies", () => {
            assert.deepStrictEqual(levelsToday(dayOffset(1)), ["advisory lync-fe-01", "policy level lync-fe-02"]);
        });
    });

    it("an expired exemption's note follows a message that cites no source", () => {
        const estateWithBadFlag: Resource[] = [
            {
                type: "aws:ec2/instance:Instance",
                name: "exch-mbx-01",
                properties: { tags: { product: "Exchange Server 2013", "exchange-um": "perhaps" } },
            },
        ];
        const reported = preview(estateWithBadFlag, { config: exempting("exch-mbx-01", "2026-01-31"), today: "2026-11-24" }).filter(
            (r) => r.policyName === MINIMUM_CU,
        );
        assert.deepStrictEqual(
            reported.map((r) => `${r.enforcementLevel}: ${detail(r)}`),
            [
                "mandatory: Exchange Server 2013 server 'exch-mbx-01': tag 'tags.exchange-um' is neither on (enabled/true/yes/on) nor off (disabled/false/no/off), so it is not counted as declaring Exchange UM integration. Set it to enabled or disabled. The exemption of 'exch-mbx-01' from this policy expired on 2026-01-31 and no longer applies (reason given: migration to SfB).",
            ],
        );
    });

    it("leave stack-wide findings alone", () => {
        const reported = preview(estate.slice(1), {
            config: exempting("lync-fe-01", "2026-12-31"),
            stackTags: { "exchange-um": "maybe" },
            today: "2026-11-24",
        }).filter((r) => r.policyName === MINIMUM_CU);
        assert.deepStrictEqual(
            reported.map((r) => `${r.enforcementLevel} ${r.urn === "" ? "(stack)" : r.urn.split("::").pop()}`),
            ["mandatory (stack)"],
        );
    });
});
