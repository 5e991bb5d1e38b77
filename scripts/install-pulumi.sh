#!/usr/bin/env bash
# Installs what the real-CLI tests and the demo need into .tools/bin (git-ignored), from the
# registries this project can reach: the pulumi CLI and the YAML language host are built from the
# Go module proxy (no download site is reachable), and the engine's fallback analyzer plugin for
# Node.js policy packs is written as a small script. A warm machine reuses what is there.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/.tools/bin"
PULUMI_VERSION="${PULUMI_VERSION:-v3.259.0}"
YAML_VERSION="${PULUMI_YAML_VERSION:-v1.25.0}"
mkdir -p "$bin"
say() { echo "install-pulumi: $*" >&2; }

command -v go >/dev/null || { say "Go is required to build the pulumi CLI here (no pulumi download site is reachable), and 'go' is not on PATH"; exit 1; }

on_path="$(PATH="${PATH//$bin:/}" command -v pulumi || true)"
if [ "$("$bin/pulumi" version 2>/dev/null || true)" = "$PULUMI_VERSION" ]; then
    say "pulumi $PULUMI_VERSION already built"
elif [ -n "$on_path" ] && [ "$("$on_path" version 2>/dev/null || true)" = "$PULUMI_VERSION" ]; then
    say "using pulumi $PULUMI_VERSION from $on_path"
else
    say "building pulumi $PULUMI_VERSION from the Go module proxy (a few minutes on 2 cores)"
    build="$root/.tools/build"
    mkdir -p "$build"
    # pkg/v3 cannot be `go install`ed (its go.mod has replace directives), so build it from a small
    # wrapper module that requires it and repeats the replace it needs.
    cat > "$build/go.mod" <<GOMOD
module uc-policies/pulumi-cli

go 1.26

require (
	github.com/pulumi/pulumi/pkg/v3 $PULUMI_VERSION
	github.com/pulumi/pulumi/sdk/v3 $PULUMI_VERSION
)

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
GOMOD
    printf '//go:build tools\n\npackage tools\n\nimport _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"\n' > "$build/tools.go"
    (cd "$build" && go mod tidy && CGO_ENABLED=0 go build \
        -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION" \
        -o "$bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
    [ "$("$bin/pulumi" version)" = "$PULUMI_VERSION" ] || { say "the built pulumi does not report $PULUMI_VERSION"; exit 1; }
fi

if [ -x "$bin/pulumi-language-yaml" ]; then
    say "pulumi-language-yaml already built"
else
    say "building pulumi-language-yaml $YAML_VERSION (runs the sample stack, Pulumi.yaml)"
    GOBIN="$bin" CGO_ENABLED=0 go install "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@$YAML_VERSION"
fi

# The Go module proxy does not serve the Node.js language host (pulumi-language-nodejs), so the
# engine falls back to `pulumi-analyzer-policy-nodejs <engine> .` run in the policy pack's
# directory (pkg/resource/plugin/analyzer_plugin.go). It starts the pack exactly as the language
# host would: node @pulumi/pulumi/cmd/run-policy-pack, resolved from the pack's directory.
cat > "$bin/pulumi-analyzer-policy-nodejs" <<'SHIM'
#!/bin/sh
run_policy_pack="$(node -e 'process.stdout.write(require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [process.cwd()] }))')" || {
    echo "pulumi-analyzer-policy-nodejs: @pulumi/pulumi is not installed for the policy pack in $(pwd); run npm ci" >&2
    exit 1
}
exec node "$run_policy_pack" "$@"
SHIM
chmod +x "$bin/pulumi-analyzer-policy-nodejs"
say "ready: pulumi $(PATH="$bin:$PATH" pulumi version) and its helpers in $bin"
