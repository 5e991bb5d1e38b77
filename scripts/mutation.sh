#!/usr/bin/env bash
# Mutation testing (issue 14). `npm run test:mutation` runs every mutant of policypack/src (the
# release run; it rewrites the committed incremental state reports/stryker-incremental.json);
# `npm run test:mutation:incremental` reuses that state and runs only the mutants whose source or
# covering tests changed (what .ci/run does). Then scripts/mutation-score.js prints the score per
# folder and fails when the whole or any folder is below the threshold in stryker.config.mjs.
# Run through scripts/with-node.sh (Node.js 22+: Stryker 10 needs it).
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-full}"
args=(run --incremental)
case "$mode" in
    full) args+=(--force) ;;
    incremental) ;;
    *) echo "usage: scripts/mutation.sh [full|incremental]" >&2; exit 2 ;;
esac
# Test names carry the fast-check seed and run count: fixed, so the incremental state matches them.
export FC_SEED=20261124 FC_RUNS="${FC_RUNS:-300}"
# The mocha runner plugin needs Mocha 12's .cjs CLI paths resolved (see the file).
export NODE_OPTIONS="--import=$PWD/scripts/stryker-mocha12.mjs${NODE_OPTIONS:+ $NODE_OPTIONS}"
started=$(date +%s)
status=0
node node_modules/@stryker-mutator/core/bin/stryker.js "${args[@]}" || status=$?
echo "mutation: stryker ($mode) took $(( $(date +%s) - started ))s and exited with $status"
NODE_OPTIONS= node scripts/mutation-score.js reports/mutation/mutation.json || status=1
exit "$status"
