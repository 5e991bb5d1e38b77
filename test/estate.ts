// A realistic UC estate across providers, shared by the protocol tests and the benchmarks. The
// compliant estate passes every mandatory policy; tests change one thing per case.
import type { TestResource } from "./harness/analyzer";

export const VSPHERE_CATEGORY_ID = "urn:vmomi:InventoryServiceCategory:6b1c2e3a-0d4f-4e5a-9b7c-1a2b3c4d5e6f:GLOBAL";
export const VSPHERE_TAG_ID = "urn:vmomi:InventoryServiceTag:9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b:GLOBAL";

export function compliantEstate(): TestResource[] {
    return [
        {
            type: "aws:ec2/instance:Instance",
            name: "exch-mbx-01",
            properties: {
                ami: "ami-0abcdef1234567890",
                instanceType: "r5.2xlarge",
                tags: { Name: "exch-mbx-01", product: "Exchange Server 2013", cu: "CU23", "exchange-um": "enabled" },
            },
        },
        {
            type: "azure-native:compute:VirtualMachine",
            name: "lync-fe-01",
            properties: {
                location: "westeurope",
                hardwareProfile: { vmSize: "Standard_D4s_v3" },
                tags: { Product: "Lync Server 2010", CU: "4.0.7577.166" },
            },
        },
        {
            type: "gcp:compute/instance:Instance",
            name: "ocs-r2-01",
            properties: { machineType: "n2-standard-4", zone: "europe-west1-b", labels: { product: "ocs-2007-r2", cu: "cu10" } },
        },
        {
            type: "aws:autoscaling/group:Group",
            name: "lync13-edge",
            properties: {
                maxSize: 2,
                minSize: 2,
                tags: [
                    { key: "product", value: "Lync Server 2013", propagateAtLaunch: true },
                    { key: "cu", value: "CU1", propagateAtLaunch: true },
                ],
            },
        },
        // vSphere tags as a deployed stack holds them: the VM lists tag IDs; the Tag names the value
        // and its TagCategory the key.
        {
            type: "vsphere:index/tagCategory:TagCategory",
            name: "uc-product",
            properties: { id: VSPHERE_CATEGORY_ID, name: "product", cardinality: "SINGLE", associableTypes: ["VirtualMachine"] },
        },
        {
            type: "vsphere:index/tag:Tag",
            name: "sfb-2015",
            properties: { id: VSPHERE_TAG_ID, name: "Skype for Business Server 2015", categoryId: VSPHERE_CATEGORY_ID },
        },
        {
            type: "vsphere:index/virtualMachine:VirtualMachine",
            name: "sfb-fe-01",
            properties: { numCpus: 4, memory: 16384, resourcePoolId: "resgroup-10", tags: [VSPHERE_TAG_ID] },
        },
        {
            type: "aws:s3/bucket:Bucket",
            name: "voicemail-archive",
            properties: { bucket: "voicemail-archive", tags: { product: "voicemail-archive" } },
        },
        {
            type: "azure-native:network:VirtualNetwork",
            name: "uc-vnet",
            properties: { addressSpace: { addressPrefixes: ["10.20.0.0/16"] } },
        },
    ];
}

export function withTag(resources: TestResource[], name: string, container: string, key: string, value: unknown): TestResource[] {
    return resources.map((r) => {
        if (r.name !== name) return r;
        const tags = { ...(r.properties[container] as Record<string, unknown>) };
        if (value === undefined) delete tags[key];
        else tags[key] = value;
        return { ...r, properties: { ...r.properties, [container]: tags } };
    });
}
