// A realistic stack for the benchmarks: most resources unrelated to UC (buckets, security groups,
// roles, disks with ordinary tags and nested properties), UC servers across providers (5%, or 50%
// in the UC-heavy estate), and Exchange UM declared on the Exchange servers. vSphere servers are tagged as pulumi-vsphere
// models it - tag IDs of Tag resources (whose TagCategory names the key) - and, as in a first
// preview, the IDs are unknown and the engine's property dependencies name the tags, so stack
// validation resolves every vSphere server through the dependencies.
import { type TestResource, urnOf } from "../test/harness/analyzer";
import type { EngineResource } from "./engine";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const VSPHERE_TAGS: TestResource[] = [
    {
        type: "vsphere:index/tagCategory:TagCategory",
        name: "uc-product",
        properties: { name: "product", cardinality: "SINGLE", associableTypes: ["VirtualMachine"] },
    },
    {
        type: "vsphere:index/tagCategory:TagCategory",
        name: "uc-cu",
        properties: { name: "cu", cardinality: "SINGLE", associableTypes: ["VirtualMachine"] },
    },
    { type: "vsphere:index/tag:Tag", name: "lync-2010", properties: { name: "Lync Server 2010", categoryId: UNKNOWN } },
    { type: "vsphere:index/tag:Tag", name: "lync-cu3", properties: { name: "CU3", categoryId: UNKNOWN } },
];
VSPHERE_TAGS[2].propertyDependencies = { categoryId: [urnOf(VSPHERE_TAGS[0])] };
VSPHERE_TAGS[3].propertyDependencies = { categoryId: [urnOf(VSPHERE_TAGS[1])] };

const UC_SERVERS: Array<(i: number) => TestResource> = [
    (i) => ({
        type: "aws:ec2/instance:Instance",
        name: `exch-mbx-${i}`,
        properties: {
            ami: "ami-0abcdef1234567890",
            instanceType: "r5.2xlarge",
            tags: { Name: `exch-mbx-${i}`, product: "Exchange Server 2016", cu: "CU23", "exchange-um": "enabled", env: "prod" },
        },
    }),
    (i) => ({
        type: "azure-native:compute:VirtualMachine",
        name: `lync-fe-${i}`,
        properties: {
            location: "westeurope",
            hardwareProfile: { vmSize: "Standard_D4s_v3" },
            tags: { Product: "Lync Server 2010", CU: i % 5 === 0 ? "CU2" : "4.0.7577.166" },
        },
    }),
    (i) => ({
        type: "gcp:compute/instance:Instance",
        name: `ocs-r2-${i}`,
        properties: { machineType: "n2-standard-4", zone: "europe-west1-b", labels: { product: "ocs-2007-r2", cu: "cu10" } },
    }),
    (i) => ({
        type: "aws:autoscaling/group:Group",
        name: `lync13-edge-${i}`,
        properties: { maxSize: 2, minSize: 2, tags: [{ key: "product", value: "Lync Server 2013", propagateAtLaunch: true }] },
    }),
    (i) => ({
        type: "vsphere:index/virtualMachine:VirtualMachine",
        name: `lync-vs-${i}`,
        properties: { resourcePoolId: "resgroup-10", numCpus: 4, memory: 16384, tags: [UNKNOWN, UNKNOWN] },
        propertyDependencies: { tags: [urnOf(VSPHERE_TAGS[2]), urnOf(VSPHERE_TAGS[3])] },
    }),
];

const UNRELATED: Array<(i: number) => TestResource> = [
    (i) => ({
        type: "aws:s3/bucket:Bucket",
        name: `logs-${i}`,
        properties: {
            bucket: `logs-${i}`,
            acl: "private",
            versioning: { enabled: true },
            serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } } },
            tags: { team: "platform", env: "prod", product: "billing-api", costCenter: "cc-1234" },
        },
    }),
    (i) => ({
        type: "aws:ec2/securityGroup:SecurityGroup",
        name: `sg-${i}`,
        properties: {
            description: "web tier",
            ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/8"] }],
            egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
            tags: { Name: `sg-${i}`, team: "web" },
        },
    }),
    (i) => ({
        type: "aws:iam/role:Role",
        name: `role-${i}`,
        properties: {
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
            }),
            tags: { team: "identity" },
        },
    }),
    (i) => ({
        type: "azure-native:compute:Disk",
        name: `disk-${i}`,
        properties: { location: "westeurope", diskSizeGB: 128, sku: { name: "Premium_LRS" }, tags: { app: "erp", env: "prod" } },
    }),
    (i) => ({
        type: "gcp:storage/bucket:Bucket",
        name: `gcs-${i}`,
        properties: { location: "EU", uniformBucketLevelAccess: true, labels: { team: "data", env: "prod" } },
    }),
    (i) => ({
        type: "kubernetes:core/v1:ConfigMap",
        name: `cm-${i}`,
        properties: { metadata: { name: `cm-${i}`, labels: { app: "web" } }, data: { "app.properties": "a=1\nb=2\n" } },
    }),
    // Unrelated vSphere VMs, tagged with tags looked up in vCenter (data sources): unreadable, one note.
    (i) => ({
        type: "vsphere:index/virtualMachine:VirtualMachine",
        name: `web-vs-${i}`,
        properties: {
            resourcePoolId: "resgroup-10",
            numCpus: 2,
            memory: 4096,
            tags: ["urn:vmomi:InventoryServiceTag:7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f:GLOBAL"],
        },
    }),
];

/**
 * What share of the stack is UC servers, and which share of those is non-compliant. The realistic
 * estate (the default) is 5% UC servers, a fifth of the Lync Server 2010 ones below CU3; the
 * UC-heavy one is half UC servers, a quarter of them non-compliant (Lync Server 2010 at CU2, OCS
 * 2007 R2 at CU9), the worst case for the rules' own work and for the findings reported.
 */
export interface Estate {
    name: string;
    /** One resource in `serverEvery` is a UC server. */
    serverEvery: number;
    /** One UC server in `nonCompliantEvery` is below its minimum (0: the servers' own tags decide). */
    nonCompliantEvery: number;
}

export const REALISTIC: Estate = { name: "realistic, 5% UC servers", serverEvery: 20, nonCompliantEvery: 0 };
export const UC_HEAVY: Estate = { name: "UC-heavy, 50% UC servers, a quarter non-compliant", serverEvery: 2, nonCompliantEvery: 4 };

export function workload(size: number, estate: Estate = REALISTIC): TestResource[] {
    const resources: TestResource[] = VSPHERE_TAGS.slice(0, size);
    for (let i = resources.length; i < size; i++) {
        const isServer = i % estate.serverEvery === 0;
        const pool = isServer ? UC_SERVERS : UNRELATED;
        const serverIndex = Math.floor(i / estate.serverEvery);
        const resource = pool[(isServer ? serverIndex : i) % pool.length](i);
        if (isServer && estate.nonCompliantEvery > 0) setCompliance(resource, serverIndex % estate.nonCompliantEvery === 0);
        resources.push(resource);
    }
    return resources;
}

/** Puts a server's update below (or at) its minimum where its tags say it directly. */
function setCompliance(resource: TestResource, nonCompliant: boolean) {
    const props = resource.properties as { tags?: unknown; labels?: Record<string, string> };
    const tags = props.tags as Record<string, string> | undefined;
    if (tags && !Array.isArray(tags) && "CU" in tags) tags.CU = nonCompliant ? "CU2" : "CU3";
    if (props.labels?.cu) props.labels.cu = nonCompliant ? "cu9" : "cu10";
}

const STACK_URN = "urn:pulumi:dev::uc-estate::pulumi:pulumi:Stack::uc-estate-dev";

// The default providers' inputs as the engine hands them to analyzers with each resource
// (AnalyzerProviderResource.properties: the provider's config, values as the CLI stores them).
const PROVIDER_INPUTS: Record<string, Record<string, unknown>> = {
    aws: {
        region: "eu-west-1",
        version: "7.12.0",
        skipCredentialsValidation: "false",
        skipRegionValidation: "true",
        defaultTags: JSON.stringify({ tags: { "cost-center": "cc-1234", owner: "platform" } }),
    },
    "azure-native": { location: "westeurope", subscriptionId: "00000000-0000-4000-8000-000000000000", version: "3.9.0" },
    gcp: { project: "uc-estate-prod", region: "europe-west1", version: "8.41.0", defaultLabels: JSON.stringify({ team: "platform" }) },
    kubernetes: { version: "4.23.0", namespace: "default" },
    vsphere: { vsphereServer: "vcenter.example.org", allowUnverifiedSsl: "true", version: "4.13.1" },
};

function defaultProvider(pkg: string): EngineResource {
    const inputs = PROVIDER_INPUTS[pkg] ?? { version: "1.0.0" };
    const name = `default_${String(inputs.version).replaceAll(".", "_")}`;
    return {
        urn: `urn:pulumi:dev::uc-estate::pulumi:providers:${pkg}::${name}`,
        type: `pulumi:providers:${pkg}`,
        name,
        properties: inputs,
        dependencies: [],
        propertyDependencies: {},
    };
}

/**
 * A program's resources as the engine describes them to analyzers: the root stack first, then each
 * package's default provider, then the resources, each a child of the stack with its provider
 * (type, URN and inputs), its dependencies and property dependencies. The stack and the providers
 * (at most six) come on top of the program's resources.
 */
export function engineEstate(resources: TestResource[]): EngineResource[] {
    const providers = new Map<string, EngineResource>();
    for (const r of resources) {
        const pkg = r.type.split(":")[0];
        if (!providers.has(pkg)) providers.set(pkg, defaultProvider(pkg));
    }
    const stack: EngineResource = {
        urn: STACK_URN,
        type: "pulumi:pulumi:Stack",
        name: "uc-estate-dev",
        properties: {},
        dependencies: [],
        propertyDependencies: {},
    };
    return [
        stack,
        ...providers.values(),
        ...resources.map((r) => {
            const p = providers.get(r.type.split(":")[0])!;
            const propertyDependencies = r.propertyDependencies ?? {};
            return {
                urn: urnOf(r),
                type: r.type,
                name: r.name,
                properties: r.properties,
                parent: STACK_URN,
                provider: { urn: p.urn, type: p.type, name: p.name, properties: p.properties },
                dependencies: [...new Set(Object.values(propertyDependencies).flat())],
                propertyDependencies,
            };
        }),
    ];
}
