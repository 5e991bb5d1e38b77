// Mutation testing (issue 14): `npm run test:mutation` mutates every source file of policypack/src
// (generated code excepted), rebuilds with scripts/build.js and runs the in-process mocha suites
// against each mutant. The spawned-process suites (protocol, fuzz, sdkContract: they start the pack
// from policypack/bin over gRPC, seconds per test) and the real-CLI e2e suite are left out for time;
// docs.test.js spawns the docs generator and is left out for the same reason. See docs/mutation.md.
// @ts-check
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
    packageManager: "npm",
    testRunner: "mocha",
    plugins: ["@stryker-mutator/mocha-runner"],
    mutate: ["policypack/src/**/*.ts", "!policypack/src/generated/**"],
    // Stryker puts `// @ts-nocheck` on the files it mutates, so tsc compiles every mutant.
    disableTypeChecks: "policypack/src/**/*.ts",
    buildCommand: "node scripts/build.js",
    mochaOptions: {
        config: ".mocharc.json",
        spec: [
            "build/test/catalog.test.js",
            "build/test/docsConfig.test.js",
            "build/test/examples.test.js",
            "build/test/inventory.test.js",
            "build/test/parse.test.js",
            "build/test/properties.test.js",
            "build/test/rules.test.js",
            "build/test/settings.test.js",
            "build/test/tagModels.test.js",
            "build/test/report/**/*.test.js",
            "build/test/behaviour/**/*.test.js",
            "build/test/matrixReading.test.js",
            "build/test/memo.test.js",
        ],
        // Reports of estates of thousands of servers: seconds per run, re-run for every mutant of the
        // report code they cover; the behaviour they show is pinned on small estates (docs/mutation.md).
        ignore: ["build/test/report/scale.test.js"],
    },
    coverageAnalysis: "perTest",
    // Static mutants - code that runs when a module loads, above all the catalog loader, which test
    // modules call at their top level - need every test re-run in a fresh process each: 39% of the
    // mutants took 91% of the time (2 h on 2 cores). They are left out of the score; the loader's
    // behaviour is pinned by the catalog tests all the same (docs/mutation.md).
    ignoreStatic: true,
    concurrency: 2,
    timeoutMS: 20000,
    // build/ is written again by the buildCommand in the sandbox, but the compiled tests stay visible:
    // incremental mode compares each test file with its last run, and a test file it cannot see counts
    // as removed, so every result its tests killed would be run again.
    ignorePatterns: [".tools", "bench/results", "policypack/bin", "build/*", "!build/test", "reports", "scripts/runtimes/node_modules"],
    incremental: false,
    incrementalFile: "reports/stryker-incremental.json",
    reporters: ["clear-text", "progress-append-only", "html", "json"],
    htmlReporter: { fileName: "reports/mutation/mutation.html" },
    jsonReporter: { fileName: "reports/mutation/mutation.json" },
    clearTextReporter: { allowColor: false, logTests: false, reportTests: false, reportScoreTable: true, reportMutants: false },
    thresholds: { high: 90, low: 80, break: 80 },
    tempDirName: ".stryker-tmp",
};
export default config;
