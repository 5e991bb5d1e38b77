// Preloaded (node --import) for `npm run test:mutation`. @stryker-mutator/mocha-runner 10.0.0
// requires Mocha's CLI helpers by extensionless path (mocha/lib/cli/run-helpers, .../options),
// which Mocha 12 renamed to .cjs, so the runner plugin fails to load ("Cannot find TestRunner
// plugin mocha"). Upstream fix: stryker-mutator/stryker-js#6205 (open as of 2026-11). Until it is
// released, retry exactly those extensionless Mocha CLI paths with ".cjs". Nothing else changes.
import { registerHooks } from "node:module";

const mochaCli = /[\\/]mocha[\\/]lib[\\/]cli[\\/][\w-]+$/;

registerHooks({
    resolve(specifier, context, nextResolve) {
        try {
            return nextResolve(specifier, context);
        } catch (error) {
            if (mochaCli.test(specifier)) return nextResolve(`${specifier}.cjs`, context);
            throw error;
        }
    },
});
