// Import rules of policypack/src, checked by `npm run lint:imports` (part of `npm test`): no cycle,
// type-only imports included, and each layer imports only the layers before it in LAYERS - the
// order of docs/architecture.md's layer table. A new folder of policypack/src needs a place here.
const LAYERS = [
    ["text", "^policypack/src/text\\.ts$"],
    ["catalog", "^policypack/src/(catalog/|generated/)"],
    ["release", "^policypack/src/release\\.ts$"],
    ["parse", "^policypack/src/parse/"],
    ["settings", "^policypack/src/settings\\.ts$"],
    ["model", "^policypack/src/model/"],
    ["rules", "^policypack/src/rules/"],
    ["policies", "^policypack/src/policies/"],
    ["entry", "^policypack/src/index\\.ts$"],
    ["inventory", "^policypack/src/inventory\\.ts$"],
    ["report", "^policypack/src/report/"],
];

const againstLayerOrder = LAYERS.map(([name, path], i) => ({
    name: `layer-${name}`,
    comment: `${name} may import only ${LAYERS.slice(0, i).map(([n]) => n).join(", ") || "nothing of the pack"} (docs/architecture.md)`,
    severity: "error",
    from: { path },
    to: { path: LAYERS.slice(i + 1).map(([, p]) => `(${p})`).join("|") || "^$" },
}));

module.exports = {
    forbidden: [
        { name: "no-circular", comment: "an import cycle, type-only imports included", severity: "error", from: {}, to: { circular: true } },
        {
            name: "layer-unknown",
            comment: "a module outside every layer: give its folder a place in LAYERS (.dependency-cruiser.cjs)",
            severity: "error",
            from: { path: "^policypack/src/", pathNot: LAYERS.map(([, p]) => `(${p})`).join("|") },
            to: {},
        },
        ...againstLayerOrder,
    ],
    options: {
        // Type-only imports count: a cycle of types becomes a load-order hazard at the first value import.
        tsPreCompilationDeps: true,
        tsConfig: { fileName: "tsconfig.json" },
        doNotFollow: { path: "node_modules" },
        includeOnly: "^policypack/src/",
    },
};
