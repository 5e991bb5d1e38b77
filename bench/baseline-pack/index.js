// Benchmark baseline: the least a tag-driven pack can do in @pulumi/policy - one resource policy
// and one stack policy that read every resource's tags (tags, labels, freeformTags) and report
// nothing. bench/run measures the real pack against this, started and driven the same way.

const { PolicyPack } = require("@pulumi/policy");

function readTags(props) {
    let count = 0;
    for (const property of ["tags", "labels", "freeformTags"]) {
        const tags = props[property];
        if (tags && typeof tags === "object") count += Array.isArray(tags) ? tags.length : Object.keys(tags).length;
    }
    return count;
}

let sink = 0;
new PolicyPack("uc-policies-bench-baseline", {
    policies: [
        {
            name: "baseline-read-tags",
            description: "Reads each resource's tags.",
            enforcementLevel: "advisory",
            validateResource: (args) => {
                sink += readTags(args.props);
            },
        },
        {
            name: "baseline-read-stack-tags",
            description: "Reads the tags of every resource of the stack.",
            enforcementLevel: "advisory",
            validateStack: (args) => {
                for (const r of args.resources) sink += readTags(r.props);
            },
        },
    ],
});
process.on("exit", () => process.stderr.write(sink < 0 ? "" : ""));
