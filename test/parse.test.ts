import * as assert from "node:assert";
import { loadCatalog } from "../policypack/src/catalog/load";
import { parseFeatures } from "../policypack/src/parse/features";
import { resolveProduct } from "../policypack/src/parse/product";
import { StackReferences, type StackResource } from "../policypack/src/parse/references";
import { buildTagKeyIndex, readTags } from "../policypack/src/parse/tags";
import { parseToggle } from "../policypack/src/parse/toggle";
import { describeLevel, parseUpdateLevel } from "../policypack/src/parse/updateLevel";

const packagedCatalog = loadCatalog();
// Product and update-level answers are remembered per catalog object (parse/memo.ts). The blocks that
// test those parsers give every test a catalog object of its own (a shallow copy: same data, empty
// memo), so each answer is computed by the code under test in that test, not remembered from an
// earlier one: mutation testing runs every test again in the same process against each mutant, and
// would otherwise be answered from the memo. A copy, not a new load: loading in a test would make the
// loader's module-load mutants per-test ones, each re-run in a fresh process.
let catalog = packagedCatalog;
const giveEachTestItsOwnCatalog = () =>
    beforeEach(() => {
        catalog = { ...packagedCatalog };
    });
const product = (id: string) => catalog.products.get(id)!;
const productOf = (value: string) => {
    const outcome = resolveProduct(value, catalog);
    return outcome.kind === "recognised" ? outcome.value.id : outcome.kind;
};
const describedLevelOf = (value: string, productId: string) => {
    const outcome = parseUpdateLevel(value, product(productId), catalog);
    return outcome.kind === "recognised" ? describeLevel(outcome.value) : outcome.kind === "reported" ? outcome.problem : "ignored";
};
const levelOf = (value: string, productId: string) => {
    const outcome = parseUpdateLevel(value, product(productId), catalog);
    return outcome.kind === "recognised" ? outcome.value.update : outcome.kind === "reported" ? outcome.problem : "ignored";
};

describe("product tag", () => {
    giveEachTestItsOwnCatalog();
    const cases: Array<[string, string]> = [
        ["Office Communications Server 2007 R2", "ocs-2007-r2"],
        ["OCS 2007 R2", "ocs-2007-r2"],
        ["ocs-2007-r2", "ocs-2007-r2"],
        ["Microsoft Office Communications Server 2007 R2", "ocs-2007-r2"],
        ["OCS 2007", "ocs-2007"],
        ["Lync Server 2010", "lync-server-2010"],
        ["lync-2010", "lync-server-2010"],
        ["LYNC_SERVER.2010", "lync-server-2010"],
        ["Lync Server 2013", "lync-server-2013"],
        ["Skype for Business Server 2015", "sfb-server-2015"],
        ["sfb-2015", "sfb-server-2015"],
        ["Skype for Business Server 2019", "sfb-server-2019"],
        ["Exchange Server 2013", "exchange-2013"],
        ["exchange-2013", "exchange-2013"],
        ["Exchange 2019", "exchange-2019"],
        ["Lync\u200B Server 2010", "lync-server-2010"],
        ["Exchange Server SE", "exchange-se"],
        ["Exchange SE", "exchange-se"],
        ["Exchange Server Subscription Edition", "exchange-se"],
        ["exchange-se", "exchange-se"],
        ["Skype for Business Server Subscription Edition", "sfb-server-se"],
        ["Skype for Business Server SE", "sfb-server-se"],
        ["SfB SE", "sfb-server-se"],
        ["sfb-server-se", "sfb-server-se"],
    ];
    for (const [value, expected] of cases) it(`resolves "${value}" to ${expected}`, () => assert.strictEqual(productOf(value), expected));

    it("ignores values that name no UC product (estates use `product` for their own services)", () => {
        for (const value of ["billing-api", "exchange-rates-api", "voicemail-archive", "", "x".repeat(5000)])
            assert.strictEqual(productOf(value), "ignored");
    });

    it("reports UC-looking values it cannot resolve, without echoing them", () => {
        const outcome = resolveProduct("Lync", catalog);
        assert.deepStrictEqual(outcome, {
            kind: "reported",
            problem: 'names Lync Server but no version this pack knows (use "Lync Server 2010" or "Lync Server 2013")',
        });
        assert.strictEqual(resolveProduct("Exchange 2007", catalog).kind, "reported");
        assert.strictEqual(resolveProduct("OCS", catalog).kind, "reported");
        assert.strictEqual(resolveProduct("Skype for Business", catalog).kind, "reported");
    });

    it("reports every UC-looking spelling it cannot resolve, and stays silent on unrelated values", () => {
        for (const value of [
            "Exchange Server 2022",
            "Exchange Online",
            "Exchange",
            "SfB Server Subscription",
            "Skype for Business Online",
            "S4B 2019 CU3",
            "Lync Server 2016",
            "Microsoft Lync",
            "OCS 2007 R3",
        ]) {
            assert.strictEqual(resolveProduct(value, catalog).kind, "reported", value);
        }
        for (const value of ["exchange-rates-api", "skyline", "lyncx-gateway", "ocsp-responder", "sfbay-tools"])
            assert.strictEqual(productOf(value), "ignored", value);
    });
});

describe("cumulative update tag", () => {
    giveEachTestItsOwnCatalog();
    const labels: Array<[string, number]> = [
        ["CU10", 10],
        ["cu10", 10],
        ["CU 10", 10],
        ["10", 10],
        ["Cumulative Update 10", 10],
        ["RTM", 0],
        ["none", 0],
        [" cu-3 ", 3],
    ];
    for (const [value, expected] of labels)
        it(`reads "${value}" as update ${expected}`, () => assert.strictEqual(levelOf(value, "ocs-2007-r2"), expected));

    it("maps Lync Server 2010 builds through the sourced table, a build between two counting as the lower", () => {
        assert.strictEqual(levelOf("4.0.7577.0", "lync-server-2010"), 0);
        assert.strictEqual(levelOf("4.0.7577.137", "lync-server-2010"), 2);
        assert.strictEqual(levelOf("4.0.7577.166", "lync-server-2010"), 3);
        assert.strictEqual(levelOf("4.0.7577.170", "lync-server-2010"), 3);
        assert.strictEqual(levelOf("4.0.7577.205", "lync-server-2010"), 7);
    });

    it("never labels a build the table cannot place: Lync Server 2010 builds after CU7 are 'CU7 or later'", () => {
        assert.strictEqual(describedLevelOf("4.0.7577.170", "lync-server-2010"), "CU3 (build 4.0.7577.170)");
        assert.strictEqual(describedLevelOf("4.0.7577.710", "lync-server-2010"), "build 4.0.7577.710 (CU7 or later)");
        assert.strictEqual(describedLevelOf("4.0.7577.230", "lync-server-2010"), "build 4.0.7577.230 (CU7 or later)");
    });

    it("bounds builds by hotfix anchors: below Lync Server 2013 CU10 with Hotfix 7 may still be CU10", () => {
        assert.strictEqual(describedLevelOf("5.0.8308.1182", "lync-server-2013"), "build 5.0.8308.1182 (CU10 or later)");
        assert.strictEqual(describedLevelOf("5.0.8308.1000", "lync-server-2013"), "build 5.0.8308.1000 (between RTM and CU10)");
        assert.strictEqual(describedLevelOf("7.0.2046.385", "sfb-server-2019"), "build 7.0.2046.385 (CU6 or later)");
    });

    it("reports update labels Microsoft never published, from the complete Lync Server 2010 list", () => {
        assert.strictEqual(
            levelOf("CU14", "lync-server-2010"),
            "names CU14, which Microsoft did not publish for Lync Server 2010 (its cumulative updates: CU1 to CU13, CU15 to CU18)",
        );
        assert.strictEqual(
            levelOf("CU19", "lync-server-2010"),
            "names CU19, which Microsoft did not publish for Lync Server 2010 (its cumulative updates: CU1 to CU13, CU15 to CU18)",
        );
        assert.strictEqual(levelOf("CU18", "lync-server-2010"), 18);
    });

    it("reads Skype for Business Server 2019 builds as 7.0.2046.x and names both products that share the prefix", () => {
        assert.strictEqual(
            levelOf("17.0.2046.123", "sfb-server-2019"),
            "gives build 17.0.2046.123, not a Skype for Business Server 2019 build (Skype for Business Server 2019 builds start with 7.0.2046.)",
        );
        assert.strictEqual(
            levelOf("7.0.2046.385", "lync-server-2010"),
            "gives build 7.0.2046.385, a Skype for Business Server 2019 or Skype for Business Server SE build (Lync Server 2010 builds start with 4.0.7577.)",
        );
    });

    it("refuses OCS 2007 R2 build numbers, which have no public mapping, and asks for the label", () => {
        assert.strictEqual(
            levelOf("3.5.6907.225", "ocs-2007-r2"),
            "gives build 3.5.6907.225, but no public source ties an Office Communications Server 2007 R2 build number (3.5.6907.x) to a cumulative update; Microsoft lists its updates by date; tag the update label instead (for example CU10)",
        );
    });

    it("names the product a foreign build belongs to", () => {
        assert.strictEqual(
            levelOf("5.0.8308.0", "lync-server-2010"),
            "gives build 5.0.8308.0, a Lync Server 2013 build (Lync Server 2010 builds start with 4.0.7577.)",
        );
    });

    it("reports text that is no update level", () => {
        assert.strictEqual(
            levelOf("latest", "lync-server-2010"),
            'is not a cumulative update level (expected a label such as "CU10", "RTM" or a Lync Server 2010 build number such as 4.0.7577.203)',
        );
        assert.match(levelOf("CU", "ocs-2007-r2") as string, /^is not a cumulative update level/);
        assert.match(levelOf("CU1000", "ocs-2007-r2") as string, /^is not a cumulative update level/);
    });

    // Parsed levels are remembered per catalog and product (parse/memo.ts): a value seen before must
    // still be read against the product and catalog asked about, not the first ones it met.
    it("reads a value seen before against the product and the catalog it is asked about", () => {
        assert.strictEqual(levelOf("4.0.7577.166", "lync-server-2010"), 3);
        assert.match(levelOf("4.0.7577.166", "lync-server-2013") as string, /^gives build 4\.0\.7577\.166, a Lync Server 2010 build/);
        assert.strictEqual(levelOf("CU14", "lync-server-2013"), 14);
        const raw = JSON.parse(JSON.stringify(catalog.raw));
        const lync2010 = raw.products.find((p: { id: string }) => p.id === "lync-server-2010");
        delete lync2010.builds.complete;
        const incomplete = loadCatalog(raw);
        const cu14 = parseUpdateLevel("CU14", incomplete.products.get("lync-server-2010")!, incomplete);
        assert.deepStrictEqual(cu14, { kind: "recognised", value: { update: 14, below: 15 } });
        assert.match(levelOf("CU14", "lync-server-2010") as string, /^names CU14, which Microsoft did not publish/);
    });
    it("names the examples a rejected tag could have given: a labelled product's newest label, no build for a product without a table", () => {
        assert.strictEqual(
            levelOf("latest", "exchange-2010"),
            'is not an update level Microsoft published for Exchange Server 2010 (expected a label such as "SP3 RU32", "RTM" or an Exchange Server 2010 build number such as 14.3.513.0)',
        );
        assert.strictEqual(levelOf("CU", "ocs-2007-r2"), 'is not a cumulative update level (expected a label such as "CU10" or "RTM")');
    });

    it("reports a build older than the product's first release", () => {
        assert.strictEqual(
            levelOf("15.0.500.0", "exchange-2013"),
            "gives build 15.0.500.0, older than Exchange Server 2013 RTM (15.0.516.32)",
        );
    });

    it("tells an Exchange Server SE build from an Exchange 2019 one, though both start with 15.2", () => {
        assert.strictEqual(
            levelOf("15.2.2562.17", "exchange-2019"),
            "gives build 15.2.2562.17, an Exchange Server SE build (its builds start at 15.2.2562.17), not an Exchange Server 2019 build",
        );
        assert.strictEqual(describedLevelOf("15.2.1748.10", "exchange-2019"), "CU15 (build 15.2.1748.10)");
    });

    it("reads a build above the newest of a complete list as that update (Exchange 2016 CU23 security updates)", () => {
        assert.strictEqual(describedLevelOf("15.1.2507.39", "exchange-2016"), "CU23 (build 15.1.2507.39)");
        assert.strictEqual(
            levelOf("CU30", "exchange-2016"),
            "names CU30, which Microsoft did not publish for Exchange Server 2016 (its cumulative updates: CU1 to CU23)",
        );
        assert.strictEqual(levelOf("CU0", "exchange-2016"), 0);
    });

    it("places Exchange 2010 builds between service packs and update rollups by their labels", () => {
        const described = (value: string) => {
            const outcome = parseUpdateLevel(value, product("exchange-2010"), catalog);
            if (outcome.kind === "recognised") return describeLevel(outcome.value, product("exchange-2010"));
            return outcome.kind === "reported" ? outcome.problem : "ignored";
        };
        assert.strictEqual(described("14.2.300.0"), "SP2 RU2 (build 14.2.300.0)");
        assert.strictEqual(described("14.3.509.0"), "SP3 RU31 (build 14.3.509.0)");
        // SP3 itself has no build in Microsoft's list: a build after SP2 RU8 and before SP3 RU1 is either.
        assert.strictEqual(described("14.3.123.4"), "build 14.3.123.4 (between SP2 RU8 and SP3)");
        assert.strictEqual(described("14.3.600.0"), "build 14.3.600.0 (SP3 RU32 or later)");
        assert.strictEqual(described("SP3 RU11"), "SP3 RU11");
        assert.strictEqual(described("Service Pack 3 Update Rollup 11"), "SP3 RU11");
        assert.strictEqual(described("sp3_ur11"), "SP3 RU11");
    });
});

describe("exchange-um tag", () => {
    for (const value of ["enabled", "true", "YES", "On", true])
        it(`reads ${JSON.stringify(value)} as declared`, () =>
            assert.deepStrictEqual(parseToggle(value, catalog), { kind: "recognised", value: true }));
    for (const value of ["disabled", "false", "no", "OFF", false])
        it(`reads ${JSON.stringify(value)} as not declared`, () =>
            assert.deepStrictEqual(parseToggle(value, catalog), { kind: "recognised", value: false }));
    it("reports any other value", () => assert.strictEqual(parseToggle("maybe", catalog).kind, "reported"));
    it("reports a value longer than a tag value may be, whatever it spells", () =>
        assert.deepStrictEqual(parseToggle(`enabled${" ".repeat(200)}`, catalog), {
            kind: "reported",
            problem: "is neither on (enabled/true/yes/on) nor off (disabled/false/no/off)",
        }));
});

describe("uc-features tag", () => {
    it("reads a comma-separated list of known features", () => {
        const outcome = parseFeatures("unified-contact-store, High Resolution Photos", catalog);
        assert.deepStrictEqual(outcome.kind === "recognised" && outcome.value.map((f) => f.id), [
            "unified-contact-store",
            "high-resolution-photos",
        ]);
    });
    it("reports unknown features", () => assert.strictEqual(parseFeatures("ucs, teleportation", catalog).kind, "reported"));
});

describe("tag extraction", () => {
    const keys = buildTagKeyIndex(catalog.tagKeys);
    const read = (props: unknown) => readTags(props, catalog.tagProperties, keys).fields;

    it("reads map tags (AWS, Azure), GCP labels and OCI freeformTags, keys case-insensitively", () => {
        assert.deepStrictEqual(read({ tags: { Product: "Lync Server 2010" } }).product, {
            kind: "text",
            text: "Lync Server 2010",
            where: "tags.Product",
        });
        assert.deepStrictEqual(read({ labels: { product: "lync-2010" } }).product, {
            kind: "text",
            text: "lync-2010",
            where: "labels.product",
        });
        assert.deepStrictEqual(read({ freeformTags: { PRODUCT: "lync-2010" } }).product, {
            kind: "text",
            text: "lync-2010",
            where: "freeformTags.PRODUCT",
        });
    });

    it("reads list tags of {key, value} entries (AWS Auto Scaling) and key=value strings", () => {
        assert.deepStrictEqual(read({ tags: [{ key: "cu", value: "CU3", propagateAtLaunch: true }] }).cumulativeUpdate, {
            kind: "text",
            text: "CU3",
            where: "tags[0].value (key cu)",
        });
        assert.deepStrictEqual(read({ tags: ["team=uc", "product=lync-2010"] }).product, {
            kind: "text",
            text: "lync-2010",
            where: "tags[1] (key product)",
        });
    });

    it("describes non-text values instead of throwing", () => {
        assert.deepStrictEqual(read({ tags: { cu: null } }).cumulativeUpdate, { kind: "unusable", valueType: "null", where: "tags.cu" });
        assert.deepStrictEqual(read({ tags: { cu: ["CU3"] } }).cumulativeUpdate, {
            kind: "unusable",
            valueType: "a list",
            where: "tags.cu",
        });
        assert.deepStrictEqual(read({ tags: { cu: 3 } }).cumulativeUpdate, { kind: "text", text: "3", where: "tags.cu" });
        assert.deepStrictEqual(read({ tags: "product=lync" }), {});
        assert.deepStrictEqual(read(null), {});
    });

    it("flags unknown values and unknown tag maps", () => {
        assert.deepStrictEqual(read({ tags: { cu: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" } }).cumulativeUpdate, {
            kind: "unknown",
            where: "tags.cu",
        });
        assert.deepStrictEqual(readTags({ tags: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }, catalog.tagProperties, keys).unknownContainers, [
            "tags",
        ]);
    });
    it("reads OCI defined tags by the key after the namespace, and only well-formed namespaced keys", () => {
        const readDefined = (props: unknown) => readTags(props, [{ property: "definedTags", shape: "namespaced-map" }], keys).fields;
        assert.deepStrictEqual(readDefined({ definedTags: { "Operations.product": "lync-2010" } }).product, {
            kind: "text",
            text: "lync-2010",
            where: "definedTags.Operations.product",
        });
        // OCI requires both a namespace and a key; ".product" and "product." are neither's.
        assert.deepStrictEqual(
            readDefined({ definedTags: { ".product": "lync-2010", "product.": "lync-2010", product: "lync-2010" } }),
            {},
        );
    });

    it("takes the first of two tags for the same field, in the order of the tag properties", () => {
        assert.deepStrictEqual(read({ tags: ["product=lync-2010", "product=sfb-2015"] }).product, {
            kind: "text",
            text: "lync-2010",
            where: "tags[0] (key product)",
        });
        assert.deepStrictEqual(read({ tags: { product: "lync-2010" }, labels: { product: "sfb-2015" } }).product?.where, "tags.product");
    });

    it("reads a key=value string only with a key before the separator", () => {
        assert.deepStrictEqual(read({ tags: ["=lync-2010", "productlync-2010", "cu:CU3"] }), {
            cumulativeUpdate: { kind: "text", text: "CU3", where: "tags[2] (key cu)" },
        });
    });

    it("reads only a resource's own properties and tags, never ones inherited from a prototype", () => {
        const inheritedTags = Object.create({ tags: { product: "lync-2010" } });
        assert.deepStrictEqual(read(inheritedTags), {});
        const tags = Object.create({ product: "lync-2010" });
        tags.cu = "CU3";
        assert.deepStrictEqual(read({ tags }), { cumulativeUpdate: { kind: "text", text: "CU3", where: "tags.cu" } });
        const definedTags = Object.create({ "Operations.product": "lync-2010" });
        const readDefined = (props: unknown) => readTags(props, [{ property: "definedTags", shape: "namespaced-map" }], keys).fields;
        assert.deepStrictEqual(readDefined({ definedTags }), {});
        assert.strictEqual(readDefined({ definedTags: { "Operations.product": "lync-2010" } }).product?.kind, "text");
    });

    it("reads a tag key of at most 200 characters, and the first 10,000 entries of a tag list", () => {
        assert.strictEqual(read({ tags: { [`product${" ".repeat(193)}`]: "lync-2010" } }).product?.kind, "text");
        assert.deepStrictEqual(read({ tags: { [`product${" ".repeat(194)}`]: "lync-2010" } }), {});
        const entries = Array.from({ length: 10_000 }, (_, i) => `team${i}=uc`);
        assert.deepStrictEqual(read({ tags: [...entries, "product=lync-2010"] }), {});
        assert.strictEqual(read({ tags: [...entries.slice(1), "product=lync-2010"] }).product?.where, "tags[9999] (key product)");
    });
});

describe("tag references (vSphere tag and custom attribute IDs, resolved in stack validation)", () => {
    const keys = buildTagKeyIndex(catalog.tagKeys);
    const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const TAG = "vsphere:index/tag:Tag";
    const CATEGORY = "vsphere:index/tagCategory:TagCategory";
    const VM = "vsphere:index/virtualMachine:VirtualMachine";
    const res = (
        type: string,
        name: string,
        props: Record<string, unknown>,
        propertyDependencies?: Record<string, StackResource[]>,
    ): StackResource => ({ type, name, urn: `urn:pulumi:dev::p::${type}::${name}`, props, propertyDependencies });
    const category = res(CATEGORY, "uc-product", { id: "cat-1", name: "product" });
    const tag = res(TAG, "lync-2010", { id: "tag-1", name: "Lync Server 2010", categoryId: "cat-1" });
    const read = (vm: StackResource, stack: StackResource[]) => {
        const references = new StackReferences(stack, catalog.tagModels.referencedTypes, (t) => catalog.tagModels.idPropertiesOf(t));
        return readTags(vm.props, catalog.tagModels.sourcesFor(vm.type), keys, references.resolverFor(vm));
    };

    it("resolves known tag IDs through the stack's Tag and TagCategory resources", () => {
        const vm = res(VM, "vm", { tags: ["tag-1"] });
        const reading = read(vm, [category, tag, vm]);
        assert.deepStrictEqual(reading.fields.product, { kind: "text", text: "Lync Server 2010", where: "tags[0] via Tag lync-2010" });
        assert.deepStrictEqual(reading.unreadable, []);
    });

    it("without a resolver (resource validation) reads no tag IDs at all, leaving them to stack validation", () => {
        assert.deepStrictEqual(readTags({ tags: ["tag-1"] }, catalog.tagModels.sourcesFor(VM), keys), {
            fields: {},
            unknownContainers: [],
            unreadable: [],
        });
    });

    it("during a first preview resolves unknown IDs through the property's dependencies, and the category through the tag's", () => {
        const newCategory = res(CATEGORY, "uc-product", { name: "product" });
        const newTag = res(TAG, "lync-2010", { name: "Lync Server 2010", categoryId: UNKNOWN }, { categoryId: [newCategory] });
        const vm = res(VM, "vm", { tags: [UNKNOWN] }, { tags: [newTag] });
        assert.strictEqual(read(vm, [newCategory, newTag, vm]).fields.product?.kind, "text");
    });

    it("an unknown ID with no dependency to resolve it is an unknown tag, not a pass", () => {
        const vm = res(VM, "vm", { tags: ["tag-1", UNKNOWN] });
        assert.deepStrictEqual(read(vm, [vm]).unknownContainers, ["tags[1]"]);
    });

    it("a known ID no resource has is unreadable, unless a dependency stands for it (a tag being replaced)", () => {
        const vm = res(VM, "vm", { tags: ["urn:vmomi:InventoryServiceTag:x:GLOBAL"] });
        assert.deepStrictEqual(read(vm, [category, tag, vm]).unreadable, ["tags[0]"]);
        const replaced = res(VM, "vm", { tags: ["old-tag-id"] }, { tags: [tag] });
        const reading = read(replaced, [category, tag, replaced]);
        assert.deepStrictEqual(reading.unreadable, []);
        assert.strictEqual(reading.fields.product?.kind, "text");
    });

    it("when every ID is known and found, a dependency on another Tag is not taken for a tag of the VM", () => {
        const other = res(TAG, "other", { id: "tag-3", name: "CU1", categoryId: "cat-cu" });
        const cuCategory = res(CATEGORY, "uc-cu", { id: "cat-cu", name: "cu" });
        const vm = res(VM, "vm", { tags: ["tag-1"] }, { tags: [tag, other] });
        assert.deepStrictEqual(Object.keys(read(vm, [category, cuCategory, tag, other, vm]).fields), ["product"]);
    });

    it("a tag whose category is outside the stack cannot be read, and says which", () => {
        const orphan = res(TAG, "orphan", { id: "tag-2", name: "Lync Server 2010", categoryId: "cat-from-vcenter" });
        const vm = res(VM, "vm", { tags: ["tag-2"] });
        const reading = read(vm, [orphan, vm]);
        assert.deepStrictEqual(reading.fields, {});
        assert.deepStrictEqual(reading.unreadable, ["tags[0] via Tag orphan, categoryId"]);
    });

    it("custom attributes: keys are CustomAttribute IDs; the attribute's name is the tag key", () => {
        const attribute = res("vsphere:index/customAttribute:CustomAttribute", "attr-cu", { id: "501", name: "cu" });
        const vm = res(VM, "vm", { customAttributes: { "501": "CU2", "999": "x" } });
        const reading = read(vm, [attribute, vm]);
        assert.deepStrictEqual(reading.fields.cumulativeUpdate, {
            kind: "text",
            text: "CU2",
            where: "customAttributes via CustomAttribute attr-cu",
        });
        assert.deepStrictEqual(reading.unreadable, ["customAttributes.999"]);
    });

    it("reading places never carry a tag's value (the Tag's name), only resource names and keys", () => {
        const secretTag = res(TAG, "t", { id: "tag-9", name: "s3cr3t-value", categoryId: "cat-9" });
        const cuCategory = res(CATEGORY, "c", { id: "cat-9", name: "cu" });
        const vm = res(VM, "vm", { tags: ["tag-9"] });
        const reading = read(vm, [secretTag, cuCategory, vm]);
        assert.strictEqual(reading.fields.cumulativeUpdate?.kind, "text");
        assert.ok(
            !JSON.stringify([reading.fields.cumulativeUpdate?.where, reading.unknownContainers, reading.unreadable]).includes("s3cr3t"),
        );
    });
});
