// Issue 12: each resource and the stack are read once for all policies. What the sharing promises,
// through SharedReading's own surface: a policy other than the leader gets the leader's reading
// (the same object) only for the same resource or stack, never one that could be stale; the stack's
// reading is not kept once every policy that runs after the leader has taken it; and with sharing
// off every policy reads for itself. The diagnostics with and without sharing are compared on
// random stacks in test/properties.test.ts.
import * as assert from "node:assert";
import { loadCatalog } from "../../policypack/src/catalog/load";
import { PolicyEvaluator } from "../../policypack/src/policies/evaluation";
import { NOTHING_TO_CHECK, SharedReading, type Skippable, unreadableNote } from "../../policypack/src/policies/sharedReading";
import { settingsOf } from "../../policypack/src/rules";

const catalog = loadCatalog();
const OWNER = catalog.estateSettingsOwner;
const EOS = "communications-server-end-of-support";
const INTEGRATIONS = "exchange-integration-supported-versions";

function setUp(shortcut = true) {
    const shared = new SharedReading(catalog, shortcut);
    const validations = new Map<string, Skippable>();
    const evaluators = new Map<string, PolicyEvaluator>();
    const ordered = [...catalog.policies].sort((a, b) => Number(b.name === OWNER) - Number(a.name === OWNER));
    for (const entry of ordered) {
        const evaluator: PolicyEvaluator = new PolicyEvaluator(
            entry,
            catalog,
            () => "2026-11-27",
            () => shared.estateFor(evaluator),
        );
        const validation: Skippable = {};
        shared.register(evaluator, validation);
        validations.set(entry.name, validation);
        evaluators.set(entry.name, evaluator);
    }
    const settings = (name: string) => evaluators.get(name)!.settingsFor({});
    return { shared, validations, evaluator: (name: string) => evaluators.get(name)!, settings };
}

const vm = (name: string, tags: Record<string, string>) => ({
    urn: `urn:pulumi:dev::uc::aws:ec2/instance:Instance::${name}`,
    name,
    type: "aws:ec2/instance:Instance",
    props: { tags },
});
const ref = ({ urn, name, type }: ReturnType<typeof vm>) => ({ urn, name, type });

describe("one reading per resource (Analyze)", () => {
    it("another policy of the same request takes the leader's reading; a policy of another request reads its own resource", () => {
        const { shared, evaluator, settings } = setUp();
        const lync = vm("lync", { product: "Lync Server 2010", cu: "CU2" });
        const sfb = vm("sfb", { product: "Skype for Business Server SE" });
        const leaders = shared.resourceFacts(evaluator(OWNER), ref(lync), lync.props, settings(OWNER));
        assert.strictEqual(shared.resourceFacts(evaluator(EOS), ref(lync), lync.props, settings(EOS)), leaders);
        const other = shared.resourceFacts(evaluator(EOS), ref(sfb), sfb.props, settings(EOS));
        assert.strictEqual(other?.resource.name, "sfb");
        assert.strictEqual(other?.product?.id, "sfb-server-se");
    });

    it("the leader reads every request afresh, so the same resource analyzed again with other tags is judged on them", () => {
        const { shared, evaluator, settings } = setUp();
        const before = vm("lync", { product: "Lync Server 2010", cu: "CU2" });
        const after = vm("lync", { product: "Skype for Business Server SE" });
        shared.resourceFacts(evaluator(OWNER), ref(before), before.props, settings(OWNER));
        const again = shared.resourceFacts(evaluator(OWNER), ref(after), after.props, settings(OWNER));
        assert.strictEqual(again?.product?.id, "sfb-server-se");
        assert.strictEqual(shared.resourceFacts(evaluator(EOS), ref(after), after.props, settings(EOS)), again);
    });

    it("without sharing, every policy reads for itself", () => {
        const { shared, evaluator, settings } = setUp(false);
        const lync = vm("lync", { product: "Lync Server 2010" });
        const leaders = shared.resourceFacts(evaluator(OWNER), ref(lync), lync.props, settings(OWNER));
        const own = shared.resourceFacts(evaluator(EOS), ref(lync), lync.props, settings(EOS));
        assert.notStrictEqual(own, leaders);
        assert.deepStrictEqual(own, leaders);
    });
});

describe("one reading of the stack (AnalyzeStack)", () => {
    const stack = [vm("lync", { product: "Lync Server 2010", cu: "CU3" }), vm("exch", { product: "Exchange 2013", "exchange-um": "on" })];

    it("a policy that still runs after the leader takes the leader's reading, and the reading is dropped once it has", () => {
        const { shared, evaluator, settings, validations } = setUp();
        for (const p of catalog.policies) settings(p.name); // the SDK has handed each policy its config (in Analyze)
        const leaders = shared.stackReading(evaluator(OWNER), stack, settings(OWNER));
        shared.scheduleFollowers(evaluator(OWNER), leaders.facts, new Map());
        // Lync Server 2010 and Exchange 2013 are past their end of support and Analyze reported nothing: news,
        // for that policy alone.
        assert.strictEqual(validations.get(EOS)!.__pulumiType, undefined);
        assert.strictEqual(shared.stackReading(evaluator(EOS), stack, settings(EOS)), leaders);
        assert.notStrictEqual(shared.stackReading(evaluator(EOS), stack, settings(EOS)), leaders, "kept after its last reader");
    });

    it("a policy that runs keeps, until its own stack validation, only the findings its Analyze calls have not reported", () => {
        const { shared, evaluator, settings } = setUp();
        for (const p of catalog.policies) settings(p.name);
        const eos = evaluator(EOS);
        const lyncFacts = shared.resourceFacts(evaluator(OWNER), ref(stack[0]), stack[0].props, settings(OWNER))!;
        const reported = eos.resourceFindings(lyncFacts, undefined, settings(EOS));
        assert.deepStrictEqual(
            reported.map((f) => f.resource?.name),
            ["lync"],
        );
        const stackTags = new Map();
        const leaders = shared.stackReading(evaluator(OWNER), stack, settings(OWNER));
        shared.scheduleFollowers(evaluator(OWNER), leaders.facts, stackTags);
        // Held while the SDK deserializes the stack again for this policy: the finding on lync, said
        // by Analyze already, is not among them.
        assert.deepStrictEqual(
            eos.stackFindings(leaders.facts, stackTags, settings(EOS)).map((f) => `${f.code} ${f.resource?.name}`),
            [`${reported[0].code} exch`],
        );
    });

    it("every policy that runs after the leader gets the reading, the last one included", () => {
        const { shared, evaluator, settings } = setUp();
        // Neither policy's config has reached the pack yet, so both run their own stack validation.
        const leaders = shared.stackReading(evaluator(OWNER), stack, settings(OWNER));
        shared.scheduleFollowers(evaluator(OWNER), leaders.facts, new Map());
        const followers = catalog.policies
            .filter((p) => p.name !== OWNER)
            .map((p) => shared.stackReading(evaluator(p.name), stack, {} as never));
        assert.ok(followers.every((reading) => reading === leaders));
    });

    it("no policy with news: the reading is not kept, and every policy is marked for the SDK to skip", () => {
        const { shared, evaluator, settings, validations } = setUp();
        for (const p of catalog.policies) settings(p.name);
        const quiet = [vm("sfb", { product: "Skype for Business Server SE" })];
        const leaders = shared.stackReading(evaluator(OWNER), quiet, settings(OWNER));
        shared.scheduleFollowers(evaluator(OWNER), leaders.facts, new Map());
        assert.deepStrictEqual(
            catalog.policies.filter((p) => p.name !== OWNER).map((p) => validations.get(p.name)!.__pulumiType),
            catalog.policies.filter((p) => p.name !== OWNER).map(() => NOTHING_TO_CHECK),
        );
        assert.notStrictEqual(shared.stackReading(evaluator(EOS), quiet, settings(EOS)), leaders);
        assert.strictEqual(validations.get(OWNER)!.__pulumiType, undefined, "the leader itself always runs");
    });

    for (const [what, other] of [
        ["more resources", [...stack, vm("extra", {})]],
        ["another first resource", [vm("other", {}), stack[1]]],
        ["another last resource", [stack[0], vm("other", {})]],
    ] as const) {
        it(`a stack with ${what} than the leader read is read again, never answered from the leader's reading`, () => {
            const { shared, evaluator, settings } = setUp();
            const leaders = shared.stackReading(evaluator(OWNER), stack, settings(OWNER));
            shared.scheduleFollowers(evaluator(OWNER), leaders.facts, new Map());
            const own = shared.stackReading(evaluator(INTEGRATIONS), [...other], settings(INTEGRATIONS));
            assert.notStrictEqual(own, leaders);
            assert.deepStrictEqual(
                own.facts.map((f) => f.resource.name),
                other.filter((r) => Object.keys(r.props.tags).length > 0).map((r) => r.name),
            );
        });
    }

    it("without sharing, every policy reads the stack for itself and none is marked to skip", () => {
        const { shared, evaluator, settings, validations } = setUp(false);
        const leaders = shared.stackReading(evaluator(OWNER), stack, settings(OWNER));
        shared.scheduleFollowers(evaluator(OWNER), leaders.facts, new Map());
        assert.notStrictEqual(shared.stackReading(evaluator(INTEGRATIONS), stack, settings(INTEGRATIONS)), leaders);
        assert.ok([...validations.values()].every((v) => v.__pulumiType === undefined));
    });

    it("only the leader schedules: another policy's stack validation changes no mark", () => {
        const { shared, evaluator, settings, validations } = setUp();
        for (const p of catalog.policies) settings(p.name);
        const reading = shared.stackReading(evaluator(EOS), [vm("sfb", { product: "Skype for Business Server SE" })], settings(EOS));
        shared.scheduleFollowers(evaluator(EOS), reading.facts, new Map());
        assert.ok([...validations.values()].every((v) => v.__pulumiType === undefined));
    });
});

describe("the note on tags the pack cannot read", () => {
    const unreadable = (count: number, where: string[]) =>
        Array.from({ length: count }, (_, i) => ({ resource: { urn: `urn:${i}`, name: `web-${i}`, type: "vsphere" }, where }));

    it("names three resources and counts the rest, and at most two places per resource", () => {
        const { settings } = setUp();
        const note = unreadableNote(unreadable(5, ["tags[0]", "tags[1]", "tags[2]"]), settings(OWNER));
        assert.strictEqual(note.code, "unreadable-tags");
        assert.strictEqual(note.level, "advisory");
        assert.match(
            note.text,
            /^5 resources refer to tags or custom attributes by IDs that no resource of this stack has: 'web-0' \(tags\[0\], tags\[1\], \.\.\.\), 'web-1' \(tags\[0\], tags\[1\], \.\.\.\), 'web-2' \(tags\[0\], tags\[1\], \.\.\.\) and 2 more\. /,
        );
    });

    it("names every resource when there are three, without '...' for two places", () => {
        const { settings } = setUp();
        const note = unreadableNote(unreadable(3, ["tags[0]", "tags[1]"]), settings(OWNER));
        assert.match(
            note.text,
            /: 'web-0' \(tags\[0\], tags\[1\]\), 'web-1' \(tags\[0\], tags\[1\]\) and 'web-2' \(tags\[0\], tags\[1\]\)\. /,
        );
    });

    it("says it once per stack: by the leader, or by the first policy that runs when the leader does not", () => {
        const { shared, evaluator } = setUp();
        const some = unreadable(1, ["tags[0]"]);
        assert.deepStrictEqual(
            [shared.saysUnreadableNote(evaluator(EOS), some), shared.saysUnreadableNote(evaluator(INTEGRATIONS), some)],
            [true, false],
        );
        assert.strictEqual(shared.saysUnreadableNote(evaluator(OWNER), some), true);
        assert.strictEqual(shared.saysUnreadableNote(evaluator(OWNER), []), false);
        const led = setUp();
        assert.deepStrictEqual(
            [led.shared.saysUnreadableNote(led.evaluator(OWNER), some), led.shared.saysUnreadableNote(led.evaluator(EOS), some)],
            [true, false],
        );
    });
});

describe("one policy's settings", () => {
    it("follow the estate-wide settings they are given, also when those change", () => {
        const eos = catalog.policies.find((p) => p.name === EOS)!;
        const owner = catalog.policies.find((p) => p.name === OWNER)!;
        const first = settingsOf(owner, { tagKeys: { product: ["role"] } }, catalog);
        const second = settingsOf(owner, { tagKeys: { product: ["uc-product"] } }, catalog);
        let estate = first;
        const evaluator = new PolicyEvaluator(
            eos,
            catalog,
            () => "2026-11-27",
            () => estate,
        );
        assert.deepStrictEqual(evaluator.settingsFor({}).tagKeys.product, ["role"]);
        estate = second;
        assert.deepStrictEqual(evaluator.settingsFor({}).tagKeys.product, ["uc-product"]);
        assert.deepStrictEqual(evaluator.lastConfig, {});
    });
});
