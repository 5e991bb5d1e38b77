#!/usr/bin/env bash
# npm run demo: builds the pack, installs the pinned pulumi CLI if missing, and previews the bundled
# sample estate (Pulumi.yaml, stack "noncompliant" unless given) with the pack, as a user would.
# Runs on a copy in .tools/demo with a local backend, so the repository stays untouched.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
stack="${1:-noncompliant}"
cd "$root"
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run --silent build
bash scripts/install-pulumi.sh
# shellcheck source=scripts/pulumi-env.sh
source scripts/pulumi-env.sh

demo="$root/.tools/demo"
rm -rf "$demo/project"
mkdir -p "$demo/project" "$demo/state"
cp Pulumi*.yaml "$demo/project/"
cp -r sample "$demo/project/"
export PULUMI_BACKEND_URL="file://$demo/state"
export NODE_PATH="$root/node_modules"
cd "$demo/project"
pulumi stack select --create "$stack" >/dev/null
echo "\$ pulumi preview --stack $stack --policy-pack policypack" >&2
set +e
pulumi preview --policy-pack "$root/policypack"
code=$?
set -e
echo >&2
echo "pulumi preview exited with $code (non-zero: a mandatory policy failed). Try: npm run demo -- compliant" >&2
exit 0
