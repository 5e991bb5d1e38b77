// A Pulumi YAML program of any size for the real-CLI preview benchmark (bench/preview.ts): the
// realistic estate's shape (one resource in 20 a UC server, the rest unrelated resources with
// ordinary tags) built only from the types the sample's local providers answer for
// (sample/local-provider/provider.js), so the real engine previews it with no cloud account.
// Every UC server is at or above its minimum, so the preview runs to the end with the pack and
// without it, and both sides do the same work. vSphere servers are tagged as pulumi-vsphere models
// it: the IDs of Tag resources, unknown in a first preview, whose categories name the keys.
//
// Written as JSON, which is YAML: no `${...}` interpolation except the vSphere tag references.

const SERVER_EVERY = 20;

type Resource = { type: string; properties: Record<string, unknown> };

const VSPHERE_TAGS: Record<string, Resource> = {
    "uc-product": {
        type: "vsphere:index/tagCategory:TagCategory",
        properties: { name: "product", cardinality: "SINGLE", associableTypes: ["VirtualMachine"] },
    },
    "uc-cu": {
        type: "vsphere:index/tagCategory:TagCategory",
        properties: { name: "cu", cardinality: "SINGLE", associableTypes: ["VirtualMachine"] },
    },
    "lync-2010": { type: "vsphere:index/tag:Tag", properties: { name: "Lync Server 2010", categoryId: "${uc-product.id}" } },
    "lync-cu3": { type: "vsphere:index/tag:Tag", properties: { name: "CU3", categoryId: "${uc-cu.id}" } },
};

const UC_SERVERS: Array<(i: number) => Resource> = [
    (i) => ({
        type: "aws:ec2/instance:Instance",
        properties: {
            ami: "ami-0abcdef1234567890",
            instanceType: "r5.2xlarge",
            tags: { Name: `exch-mbx-${i}`, product: "Exchange Server 2016", cu: "CU23", "exchange-um": "enabled", env: "prod" },
        },
    }),
    (i) => ({
        type: "azure-native:compute:VirtualMachine",
        properties: {
            location: "westeurope",
            vmName: `lync-fe-${i}`,
            hardwareProfile: { vmSize: "Standard_D4s_v3" },
            tags: { Product: "Lync Server 2010", CU: "CU3" },
        },
    }),
    () => ({
        type: "gcp:compute/instance:Instance",
        properties: { machineType: "n2-standard-4", zone: "europe-west1-b", labels: { product: "ocs-2007-r2", cu: "cu10" } },
    }),
    () => ({
        type: "aws:autoscaling/group:Group",
        properties: { maxSize: 2, minSize: 2, tags: [{ key: "product", value: "Lync Server 2013", propagateAtLaunch: true }] },
    }),
    () => ({
        type: "vsphere:index/virtualMachine:VirtualMachine",
        properties: { resourcePoolId: "resgroup-10", numCpus: 4, memory: 16384, tags: ["${lync-2010.id}", "${lync-cu3.id}"] },
    }),
];

const UNRELATED: Array<(i: number) => Resource> = [
    (i) => ({
        type: "aws:s3/bucket:Bucket",
        properties: { bucket: `logs-${i}`, tags: { team: "platform", env: "prod", product: "billing-api", costCenter: "cc-1234" } },
    }),
    (i) => ({
        type: "aws:ec2/instance:Instance",
        properties: { ami: "ami-0abcdef1234567890", instanceType: "t3.medium", tags: { Name: `web-${i}`, team: "web" } },
    }),
    () => ({
        type: "azure-native:network:VirtualNetwork",
        properties: { location: "westeurope", addressSpace: { addressPrefixes: ["10.0.0.0/16"] }, tags: { app: "erp", env: "prod" } },
    }),
    () => ({
        type: "gcp:compute/instance:Instance",
        properties: { machineType: "e2-small", zone: "europe-west1-b", labels: { team: "data", env: "prod" } },
    }),
    () => ({
        type: "oci:Core/instance:Instance",
        properties: {
            shape: "VM.Standard.E4.Flex",
            availabilityDomain: "AD-1",
            compartmentId: "ocid1.compartment.oc1..x",
            freeformTags: { team: "ops" },
        },
    }),
    // Unrelated vSphere VMs, tagged with tags looked up in vCenter: unreadable, one note.
    () => ({
        type: "vsphere:index/virtualMachine:VirtualMachine",
        properties: {
            resourcePoolId: "resgroup-10",
            numCpus: 2,
            memory: 4096,
            tags: ["urn:vmomi:InventoryServiceTag:7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f:GLOBAL"],
        },
    }),
];

const PROVIDERS = ["aws", "azure-native", "gcp", "oci", "vsphere"];

/**
 * The Pulumi.yaml text of a `size`-resource program (the vSphere tags and categories included),
 * with `providerDir` the absolute path of sample/local-provider and `project` its name.
 */
export function previewProgram(size: number, providerDir: string, project = "uc-estate-bench"): string {
    const resources: Record<string, Resource> = {};
    const tags = Object.entries(VSPHERE_TAGS);
    for (let i = 0; i < size; i++) {
        if (i < tags.length) {
            resources[tags[i][0]] = tags[i][1];
            continue;
        }
        const isServer = i % SERVER_EVERY === 0;
        const pool = isServer ? UC_SERVERS : UNRELATED;
        const resource = pool[(isServer ? i / SERVER_EVERY : i) % pool.length](i);
        resources[`${isServer ? "uc" : "res"}-${i}`] = resource;
    }
    const program = {
        name: project,
        runtime: "yaml",
        plugins: { providers: PROVIDERS.map((name) => ({ name, path: `${providerDir}/${name}` })) },
        resources,
    };
    return JSON.stringify(program, null, 1);
}

/** How many resources of the program are UC servers (for the results' description). */
export function uc(size: number): number {
    let servers = 0;
    for (let i = Object.keys(VSPHERE_TAGS).length; i < size; i++) if (i % SERVER_EVERY === 0) servers++;
    return servers;
}
