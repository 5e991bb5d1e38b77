#!/usr/bin/env node
// A local stand-in for the cloud providers the sample estate uses (aws, azure-native, gcp, vsphere,
// oci). It keeps the real type tokens and accepts their tag properties, so `pulumi preview` and
// `pulumi up` run the policy pack against realistic resources with no cloud account and no
// downloaded plugin. It creates nothing: outputs are the inputs, ids are derived from names.
"use strict";
const { main } = require("@pulumi/pulumi/provider");

const packageName = process.argv[2];
const any = { $ref: "pulumi.json#/Any" };
const common = { tags: any, labels: any, freeformTags: any, name: { type: "string" } };
const RESOURCES = {
    aws: {
        "aws:ec2/instance:Instance": { ami: { type: "string" }, instanceType: { type: "string" } },
        "aws:autoscaling/group:Group": { maxSize: { type: "integer" }, minSize: { type: "integer" } },
        "aws:s3/bucket:Bucket": { bucket: { type: "string" } },
    },
    "azure-native": {
        "azure-native:compute:VirtualMachine": { location: { type: "string" }, vmName: { type: "string" }, hardwareProfile: any },
        "azure-native:network:VirtualNetwork": { location: { type: "string" }, addressSpace: any },
    },
    gcp: {
        "gcp:compute/instance:Instance": { machineType: { type: "string" }, zone: { type: "string" } },
    },
    vsphere: {
        "vsphere:index/virtualMachine:VirtualMachine": { numCpus: { type: "integer" }, memory: { type: "integer" } },
    },
    oci: {
        "oci:Core/instance:Instance": { shape: { type: "string" }, availabilityDomain: { type: "string" } },
    },
};

const resources = RESOURCES[packageName];
if (!resources) {
    process.stderr.write(`local provider: unknown package '${packageName}' (known: ${Object.keys(RESOURCES).join(", ")})\n`);
    process.exit(1);
}

const schema = {
    name: packageName,
    version: "0.0.1",
    resources: Object.fromEntries(Object.entries(resources).map(([token, props]) => {
        const properties = { ...common, ...props };
        return [token, { description: `Local stand-in for ${token}.`, inputProperties: properties, properties }];
    })),
};

const nameOf = (urn) => urn.split("::").pop();

main({
    version: "0.0.1",
    schema: JSON.stringify(schema),
    check: async (_urn, _olds, news) => ({ inputs: news }),
    diff: async (_id, _urn, olds, news) => ({ changes: JSON.stringify(olds) !== JSON.stringify(news) }),
    create: async (urn, inputs) => ({ id: `local-${nameOf(urn)}`, outs: inputs }),
    read: async (id, _urn, props) => ({ id, props }),
    update: async (_id, _urn, _olds, news) => ({ outs: news }),
    delete: async () => {},
}, process.argv.slice(3));
