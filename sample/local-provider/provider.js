#!/usr/bin/env node
// A local stand-in for the cloud providers the sample estate uses (aws, azure-native, gcp, vsphere,
// oci). It creates nothing, but it answers with the real schema of the types it stands in for -
// the same type tokens, property names, property types and output-only properties as the provider
// schemas recorded in rules/providers.json - so the YAML program is type-checked against the real
// shapes (a vSphere VM's `tags` is a list of tag IDs, not a map) and the pack sees what a real
// provider would send. The schemas are subsets: the properties the sample sets and every tag
// property. Required inputs are declared for the vSphere types; for the others the real providers
// require more than a no-cloud sample can give (subnets, resource groups, boot disks) and the
// stand-in leaves them out.
//
// Behaviour of the real providers it reproduces, because policies see it:
//   - outputs carry the resource's `id`, as bridged (Terraform-based) providers' outputs do;
//     vSphere tag and category IDs have vCenter's form (urn:vmomi:InventoryServiceTag:<uuid>:GLOBAL);
//   - AWS `tagsAll` = the provider's defaultTags merged under the resource's `tags`, computed in
//     Check (pulumi-aws sets it in a PreCheckCallback, so resource validation sees it too), unknown
//     when `tags` is unknown;
//   - GCP `pulumiLabels` = the provider's defaultLabels merged under `labels` (output only).

const crypto = require("node:crypto");
const path = require("node:path");

const packageName = process.argv[2];
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const str = { type: "string" };
const int = { type: "integer" };
const stringMap = { type: "object", additionalProperties: { type: "string" } };
const stringList = { type: "array", items: { type: "string" } };
const ref = (token) => ({ $ref: `#/types/${token}` });

// token -> { inputs, outputs (output-only), required inputs, secret outputs, id (from the URN) }
const PACKAGES = {
    aws: {
        config: { defaultTags: ref("aws:index/ProviderDefaultTags:ProviderDefaultTags") },
        types: {
            "aws:index/ProviderDefaultTags:ProviderDefaultTags": { type: "object", properties: { tags: stringMap } },
            "aws:autoscaling/GroupTag:GroupTag": {
                type: "object",
                properties: { key: str, value: str, propagateAtLaunch: { type: "boolean" } },
                required: ["key", "propagateAtLaunch", "value"],
            },
        },
        resources: {
            "aws:ec2/instance:Instance": { inputs: { ami: str, instanceType: str, tags: stringMap }, outputs: { tagsAll: stringMap } },
            "aws:autoscaling/group:Group": {
                inputs: { maxSize: int, minSize: int, tags: { type: "array", items: ref("aws:autoscaling/GroupTag:GroupTag") } },
                required: ["maxSize", "minSize"],
            },
            "aws:s3/bucket:Bucket": { inputs: { bucket: str, tags: stringMap }, outputs: { tagsAll: stringMap } },
        },
    },
    "azure-native": {
        types: {
            "azure-native:compute:HardwareProfile": { type: "object", properties: { vmSize: str } },
            "azure-native:network:AddressSpace": { type: "object", properties: { addressPrefixes: stringList } },
        },
        resources: {
            "azure-native:compute:VirtualMachine": {
                inputs: { location: str, vmName: str, hardwareProfile: ref("azure-native:compute:HardwareProfile"), tags: stringMap },
            },
            "azure-native:network:VirtualNetwork": {
                inputs: { location: str, addressSpace: ref("azure-native:network:AddressSpace"), tags: stringMap },
            },
        },
    },
    gcp: {
        config: { defaultLabels: stringMap },
        resources: {
            "gcp:compute/instance:Instance": {
                inputs: { machineType: str, zone: str, labels: stringMap, tags: stringList },
                outputs: { effectiveLabels: stringMap, pulumiLabels: stringMap },
                secret: ["effectiveLabels", "pulumiLabels"],
            },
        },
    },
    vsphere: {
        resources: {
            "vsphere:index/virtualMachine:VirtualMachine": {
                inputs: { resourcePoolId: str, numCpus: int, memory: int, tags: stringList, customAttributes: stringMap },
                required: ["resourcePoolId"],
            },
            "vsphere:index/tag:Tag": {
                inputs: { name: str, categoryId: str, description: str },
                required: ["categoryId"],
                id: (u) => `urn:vmomi:InventoryServiceTag:${uuidOf(u)}:GLOBAL`,
            },
            "vsphere:index/tagCategory:TagCategory": {
                inputs: { name: str, cardinality: str, associableTypes: stringList, description: str },
                required: ["associableTypes", "cardinality"],
                id: (u) => `urn:vmomi:InventoryServiceCategory:${uuidOf(u)}:GLOBAL`,
            },
            "vsphere:index/customAttribute:CustomAttribute": {
                inputs: { name: str, managedObjectType: str },
                id: (u) => String(100 + (parseInt(uuidOf(u).slice(0, 6), 16) % 900000)),
            },
        },
    },
    oci: {
        resources: {
            "oci:Core/instance:Instance": {
                inputs: { shape: str, availabilityDomain: str, compartmentId: str, freeformTags: stringMap, definedTags: stringMap },
                outputs: { systemTags: stringMap },
            },
        },
    },
};

const pkg = PACKAGES[packageName];
if (!pkg) {
    process.stderr.write(`local provider: unknown package '${packageName}' (known: ${Object.keys(PACKAGES).join(", ")})\n`);
    process.exit(1);
}

const schema = {
    name: packageName,
    version: "0.0.1",
    config: { variables: pkg.config ?? {} },
    provider: { inputProperties: pkg.config ?? {} },
    types: pkg.types ?? {},
    resources: Object.fromEntries(
        Object.entries(pkg.resources).map(([token, r]) => [
            token,
            {
                description: `Local stand-in for ${token}.`,
                inputProperties: r.inputs,
                requiredInputs: r.required ?? [],
                properties: Object.fromEntries(
                    Object.entries({ ...r.inputs, ...(r.outputs ?? {}) }).map(([name, spec]) => [
                        name,
                        (r.secret ?? []).includes(name) ? { ...spec, secret: true } : spec,
                    ]),
                ),
            },
        ]),
    ),
};

// The provider configuration as the engine sends it to Configure: the stand-in needs AWS
// defaultTags and GCP defaultLabels. The Node.js provider SDK's Configure ignores the
// configuration, so the request is read on its way in. Values may arrive JSON-encoded (the SDKs
// encode object-valued provider arguments), hence the parsing.
const config = {};
function captureConfigure() {
    const sdkDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    const grpc = require(require.resolve("@grpc/grpc-js", { paths: [sdkDir] }));
    const addService = grpc.Server.prototype.addService;
    grpc.Server.prototype.addService = function (service, implementation) {
        const configure = implementation.configure.bind(implementation);
        implementation.configure = (call, callback) => {
            try {
                const args = call.request.getArgs()?.toJavaScript() ?? {};
                for (const [key, value] of call.request.getVariablesMap().entries()) {
                    const name = key.slice(key.lastIndexOf(":") + 1);
                    if (!(name in args)) args[name] = value;
                }
                for (const [key, value] of Object.entries(args)) config[key] = decode(value);
            } catch (e) {
                process.stderr.write(`local provider: could not read the provider configuration: ${e.message}\n`);
            }
            configure(call, callback);
        };
        return addService.call(this, service, implementation);
    };
}

function decode(value) {
    if (typeof value !== "string") return value;
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}

function isMap(value) {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function merged(defaults, own) {
    if (own === UNKNOWN || defaults === UNKNOWN) return UNKNOWN;
    if (isMap(own) && Object.values(own).includes(UNKNOWN)) return UNKNOWN;
    return { ...(isMap(defaults) ? defaults : {}), ...(isMap(own) ? own : {}) };
}

/** What the real providers add to the inputs in Check. */
function checked(token, news) {
    if (token.startsWith("aws:") && "tagsAll" in (pkg.resources[token].outputs ?? {})) {
        return { ...news, tagsAll: merged(config.defaultTags?.tags, news.tags) };
    }
    return news;
}

/** Outputs: the checked inputs, computed outputs, and the id bridged providers report. */
function outputs(token, id, inputs) {
    const outs = { ...inputs, id };
    if (token === "gcp:compute/instance:Instance") {
        outs.pulumiLabels = merged(config.defaultLabels, inputs.labels);
        outs.effectiveLabels = outs.pulumiLabels === UNKNOWN ? UNKNOWN : { ...outs.pulumiLabels, "goog-pulumi-provisioned": "true" };
    }
    return outs;
}

const tokenOf = (urn) => urn.split("::")[2].split("$").pop();
const nameOf = (urn) => urn.split("::").pop();
function uuidOf(urn) {
    const h = crypto.createHash("sha256").update(urn).digest("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
const idOf = (urn) => (pkg.resources[tokenOf(urn)]?.id ?? ((u) => `local-${nameOf(u)}`))(urn);

captureConfigure();
const { main } = require("@pulumi/pulumi/provider");
main(
    {
        version: "0.0.1",
        schema: JSON.stringify(schema),
        check: async (urn, _olds, news) => ({ inputs: checked(tokenOf(urn), news) }),
        diff: async (_id, _urn, olds, news) => ({ changes: JSON.stringify(olds) !== JSON.stringify(news) }),
        create: async (urn, inputs) => {
            const id = idOf(urn);
            return { id, outs: outputs(tokenOf(urn), id, inputs) };
        },
        read: async (id, _urn, props) => ({ id, props }),
        update: async (id, urn, _olds, news) => ({ outs: outputs(tokenOf(urn), id, news) }),
        delete: async () => {},
    },
    process.argv.slice(3),
);
