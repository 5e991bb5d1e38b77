// Benchmark floor: the least a pack shaped like this one can cost in @pulumi/policy. It registers
// one policy per entry of the catalog's policy list (rules/policies.json: same names, same
// enforcement levels, the estate-settings owner first), each with resource and stack validation, as
// policypack/src/policies/index.ts does, and every validation only reads tags (tags, labels,
// freeformTags) and reports nothing.
//
// Stack validation is skipped the way the pack skips it: the SDK's by-type fast path
// (`__pulumiType` of a type no stack has) on the followers' validateStack, so only the leader
// deserializes the stack. FLOOR_STACK_PASSES=2 lets one follower run too - the SDK then
// deserializes the stack twice, as it does for the pack when a follower has something new to say
// (the end-of-support policy on the benchmark's estates). bench/run measures the pack against the
// variant with the same number of stack passes as the pack's AnalyzeStack responses show.
//
// FLOOR_ECHO=<file> makes the floor say what the pack says: the file (written by bench/run from the
// pack's own AnalyzeStack responses, by stack size) names the policies that read the stack and the
// diagnostics each returned, and the floor's stack validations read tags as above, then report those
// same messages on the same URNs at the same levels. The pack against this floor is the pack's own
// work alone: what the SDK costs to build, hold and serialise the diagnostics is on both sides.

const fs = require("node:fs");
const path = require("node:path");
const { PolicyPack } = require("@pulumi/policy");

// The same constant as policypack/src/policies/sharedReading.ts (NOTHING_TO_CHECK).
const NOTHING_TO_CHECK = "uc-exchange-um-policies:no-server-this-policy-checks:InThisStack";
const CATALOG_POLICIES = path.join(__dirname, "..", "..", "rules", "policies.json");

function catalogPolicies() {
    const { policies } = JSON.parse(fs.readFileSync(CATALOG_POLICIES, "utf8"));
    if (!Array.isArray(policies) || policies.length === 0) throw new Error(`${CATALOG_POLICIES} lists no policies`);
    // The pack registers the estate-settings owner first (the SDK runs policies in that order).
    return [...policies].sort((a, b) => Number(b.ownsEstateSettings === true) - Number(a.ownsEstateSettings === true));
}

function readTags(props) {
    let count = 0;
    for (const property of ["tags", "labels", "freeformTags"]) {
        const tags = props[property];
        if (tags && typeof tags === "object") count += Array.isArray(tags) ? tags.length : Object.keys(tags).length;
    }
    return count;
}

const stackPasses = Number(process.env.FLOOR_STACK_PASSES ?? 1);
if (!Number.isInteger(stackPasses) || stackPasses < 1) {
    process.stderr.write(`floor pack: FLOOR_STACK_PASSES must be a positive integer, not ${process.env.FLOOR_STACK_PASSES}\n`);
    process.exit(1);
}

/** By stack size (resources in the request): the policies that read the stack, and what each said. */
const echo = process.env.FLOOR_ECHO ? JSON.parse(fs.readFileSync(process.env.FLOOR_ECHO, "utf8")) : undefined;

/** The pack's diagnostics of this policy on a stack of this size, reported again (the SDK builds them as it did for the pack). */
function sayWhatThePackSaid(entry, size, report) {
    // As the pack reported them: advisory ones in the object form, the others as strings (bench/run asReported).
    for (const d of echo[size]?.diagnostics[entry.name] ?? []) {
        if (d.advisory) report({ message: d.message, enforcementLevel: "advisory", urn: d.urn });
        else report(d.reported, d.urn);
    }
}

let sink = 0;
const validations = new Map();
const policies = catalogPolicies();
new PolicyPack("uc-policies-bench-floor", {
    policies: policies.map((entry, index) => {
        const validateStack = (args, report) => {
            for (const r of args.resources) sink += readTags(r.props);
            if (!echo) return;
            const said = echo[args.resources.length];
            // The leader lets through the followers that read the stack in the pack, as the pack's leader does.
            if (index === 0)
                for (const p of policies.slice(1))
                    validations.get(p.name).__pulumiType = said?.ran.includes(p.name) ? undefined : NOTHING_TO_CHECK;
            sayWhatThePackSaid(entry, args.resources.length, report);
        };
        validations.set(entry.name, validateStack);
        if (index >= stackPasses) validateStack.__pulumiType = NOTHING_TO_CHECK;
        return {
            name: entry.name,
            description: entry.description,
            enforcementLevel: entry.enforcementLevel,
            validateResource: (args) => {
                sink += readTags(args.props);
            },
            validateStack,
        };
    }),
});
process.on("exit", () => process.stderr.write(sink < 0 ? "" : ""));
