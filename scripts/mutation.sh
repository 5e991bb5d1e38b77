#!/usr/bin/env bash
# Mutation testing (issue 14). `npm run test:mutation` runs every mutant of policypack/src (the
# release run; it rewrites the committed incremental state reports/stryker-incremental.json);
# `npm run test:mutation:incremental` reuses that state and runs only the mutants whose source or
# covering tests changed (what .ci/run does). Then scripts/mutation-score.js prints the score per
# folder and fails when the whole or any folder is below the threshold in stryker.config.mjs.
# The committed state is refreshed once per release, never with each change (docs/mutation.md).
# Run through scripts/with-node.sh (Node.js 22+: Stryker 10 needs it).
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-full}"
args=(run --incremental)
# The committed state is the release's (docs/mutation.md): the full run rewrites it; an incremental run
# starts from it but writes its own copy under reports/mutation/ (git-ignored), reused by the next
# incremental run until the release state is newer.
release_state=reports/stryker-incremental.json
work_state=reports/mutation/stryker-incremental.json
case "$mode" in
    full) args+=(--force) ;;
    incremental)
        mkdir -p reports/mutation
        if [ ! -f "$work_state" ] || [ "$release_state" -nt "$work_state" ]; then cp "$release_state" "$work_state"; fi
        args+=(--incrementalFile "$work_state")
        ;;
    *) echo "usage: scripts/mutation.sh [full|incremental]" >&2; exit 2 ;;
esac
# Test names carry the fast-check seed and run count: fixed, so the incremental state matches them.
export FC_SEED=20261124 FC_RUNS="${FC_RUNS:-300}"
# The mocha runner plugin needs Mocha 12's .cjs CLI paths resolved (see the file).
export NODE_OPTIONS="--import=$PWD/scripts/stryker-mocha12.mjs${NODE_OPTIONS:+ $NODE_OPTIONS}"
started=$(date +%s)
status=0
# MUTATION_TIME_LIMIT (a duration for timeout(1), e.g. 40m; unset: none) bounds the run, so a CI job
# cannot run out of its time here: a run stopped by it claims no score and exits 3.
limit="${MUTATION_TIME_LIMIT:-0}"
timeout --signal=INT --kill-after=60 "$limit" node node_modules/@stryker-mutator/core/bin/stryker.js "${args[@]}" || status=$?
echo "mutation: stryker ($mode) took $(( $(date +%s) - started ))s and exited with $status"
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    echo "mutation: stopped after $limit before every mutant was tested: no score is claimed for this run" >&2
    exit 3
fi
NODE_OPTIONS= node scripts/mutation-score.js reports/mutation/mutation.json || status=1
exit "$status"
