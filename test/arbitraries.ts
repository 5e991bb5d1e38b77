// Hostile inputs for the property and fuzz tests: what a real estate's tags can hold, plus junk.
import fc from "fast-check";

export const UNKNOWN_SENTINELS = [
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
];

const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const referenceIds = fc.array(
    fc.constantFrom("urn:vmomi:InventoryServiceTag:1:GLOBAL", "urn:vmomi:InventoryServiceTag:2:GLOBAL", "501", UNKNOWN_STRING),
    { maxLength: 3 },
);

const plausible = fc.constantFrom(
    "Lync Server 2010",
    "lync-2010",
    "Lync",
    "OCS 2007 R2",
    "ocs-2007",
    "Exchange Server 2013",
    "Exchange Server 2019",
    "Exchange 2007",
    "Skype for Business Server 2015",
    "CU3",
    "cu 10",
    "RTM",
    "none",
    "4.0.7577.166",
    "4.0.7577.99999",
    "3.5.6907.225",
    "5.0.8308.0",
    "enabled",
    "disabled",
    "maybe",
    "unified-contact-store, teleportation",
    "",
);
const nasty = fc.constantFrom(
    "\u202Elync-2010\u202C",
    "\u200Bcu3",
    "Lync\u0000Server 2010",
    "𝐋𝐲𝐧𝐜 𝐒𝐞𝐫𝐯𝐞𝐫 𝟐𝟎𝟏𝟎",
    "ＣＵ３",
    "%s%n",
    "${jndi:x}",
    "'; DROP TABLE",
    "9".repeat(400),
    `4.0.7577.${"9".repeat(30)}`,
    `cu${"1".repeat(50)}`,
);
const huge = fc.integer({ min: 1_000, max: 200_000 }).map((n) => "Lync Server 2010 ".repeat(Math.ceil(n / 17)).slice(0, n));

export const tagText = fc.oneof(
    { weight: 4, arbitrary: plausible },
    { weight: 2, arbitrary: nasty },
    { weight: 3, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
    { weight: 1, arbitrary: fc.constantFrom(...UNKNOWN_SENTINELS) },
    { weight: 1, arbitrary: huge },
);

export const tagKey = fc.oneof(
    fc.constantFrom(
        "product",
        "Product",
        "PRODUCT",
        "cu",
        "CU",
        "cumulative-update",
        "exchange-um",
        "Exchange_UM",
        "uc-features",
        "Name",
        "team",
    ),
    fc.constantFrom("__proto__", "constructor", "prototype", "hasOwnProperty", "toString", "valueOf"),
    fc.string({ maxLength: 12 }),
);

/** JSON-compatible values (what the engine's protocol can carry), biased toward tag-like data. */
export const tagValue: fc.Arbitrary<unknown> = fc.oneof(
    { weight: 6, arbitrary: tagText },
    { weight: 1, arbitrary: fc.constantFrom(null, true, false, 0, -1, 3, 1e308) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

const tagMap = fc.dictionary(tagKey, tagValue, { maxKeys: 8 });
const tagList = fc.array(
    fc.oneof(
        fc.record({ key: tagKey, value: tagValue, propagateAtLaunch: fc.boolean() }),
        fc.record({ Key: tagKey, Value: tagValue }),
        tagText.map((t) => `product=${t}`),
        fc.jsonValue({ maxDepth: 2 }),
    ),
    { maxLength: 8 },
);
const container = fc.oneof(
    { weight: 4, arbitrary: tagMap },
    { weight: 2, arbitrary: tagList },
    { weight: 1, arbitrary: fc.constantFrom(...UNKNOWN_SENTINELS) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

export const resourceProperties: fc.Arbitrary<Record<string, unknown>> = fc.record(
    {
        tags: fc.oneof(container, referenceIds),
        labels: container,
        freeformTags: container,
        // Where other providers keep tags (rules/providers.json), and what references resolve through.
        tagsAll: container,
        pulumiLabels: container,
        definedTags: container,
        metadata: container,
        customAttributes: container,
        categories: fc.oneof(
            container,
            fc.array(
                fc.record(
                    { extId: fc.oneof(fc.string(), fc.constant(UNKNOWN_STRING)), name: fc.string(), value: fc.string() },
                    { requiredKeys: [] },
                ),
                { maxLength: 4 },
            ),
        ),
        id: fc.oneof(
            fc.constantFrom("urn:vmomi:InventoryServiceTag:1:GLOBAL", "urn:vmomi:InventoryServiceCategory:1:GLOBAL", "501", UNKNOWN_STRING),
            fc.string({ maxLength: 20 }),
        ),
        name: fc.oneof(fc.constantFrom("product", "cu", "exchange-um", "Lync Server 2010", "CU2"), fc.string({ maxLength: 20 })),
        categoryId: fc.oneof(fc.constantFrom("urn:vmomi:InventoryServiceCategory:1:GLOBAL", UNKNOWN_STRING), fc.string({ maxLength: 20 })),
        key: fc.constantFrom("product", "cu", "team"),
        value: fc.constantFrom("Lync Server 2010", "CU2", UNKNOWN_STRING),
        other: fc.jsonValue({ maxDepth: 2 }),
    },
    { requiredKeys: [] },
);

export const resourceName = fc.oneof(
    fc.constantFrom("lync-fe-01", "exch-mbx-01", "\u202Eevil-name", "name with spaces", "x".repeat(300)),
    fc.string({ minLength: 1, maxLength: 30 }),
);

export const resourceType = fc.constantFrom(
    "aws:ec2/instance:Instance",
    "azure-native:compute:VirtualMachine",
    "azure:compute/virtualMachine:VirtualMachine",
    "gcp:compute/instance:Instance",
    "vsphere:index/virtualMachine:VirtualMachine",
    "oci:Core/instance:Instance",
    "aws:autoscaling/group:Group",
    "my:custom:Server",
    "pulumi:pulumi:Stack",
    "pulumi:providers:aws",
    "vsphere:index/tag:Tag",
    "vsphere:index/tagCategory:TagCategory",
    "vsphere:index/customAttribute:CustomAttribute",
    "nutanix:index/virtualMachineV2:VirtualMachineV2",
    "nutanix:index/categoryV2:CategoryV2",
    "openstack:compute/instance:Instance",
);

export const stackTags = fc.dictionary(
    fc.constantFrom("exchange-um", "uc-features", "Exchange-UM", "team"),
    tagText.filter((t) => t.length < 500),
    { maxKeys: 3 },
);
