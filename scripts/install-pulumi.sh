#!/usr/bin/env bash
# Installs what the real-CLI tests and the demo need into .tools/bin (git-ignored), from the
# registries this project can reach: the pulumi CLI and the YAML language host are built from the
# Go module proxy (no download site is reachable), and a stand-in Node.js language host that runs
# policy packs is put on PATH. A warm machine reuses what is there.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/.tools/bin"
# The newest versions the Go module proxy served and that built here (2026-11-27): pulumi v3.276.0;
# pulumi-yaml v1.38.1 (the proxy lists only some versions; v1.39+ were refused).
PULUMI_VERSION="${PULUMI_VERSION:-v3.276.0}"
YAML_VERSION="${PULUMI_YAML_VERSION:-v1.38.1}"
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

if [ -x "$bin/pulumi-language-yaml" ] && go version -m "$bin/pulumi-language-yaml" | grep -q "mod.*github.com/pulumi/pulumi-yaml.*$YAML_VERSION"; then
    say "pulumi-language-yaml $YAML_VERSION already built"
else
    say "building pulumi-language-yaml $YAML_VERSION (runs the sample stack, Pulumi.yaml)"
    GOBIN="$bin" CGO_ENABLED=0 go install "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@$YAML_VERSION"
fi

# The Go module proxy does not serve the Node.js language host (pulumi-language-nodejs), and since
# v3.274 the CLI starts Node.js policy packs only through a language host's RunPlugin (the older
# `pulumi-analyzer-policy-nodejs` fallback is gone). scripts/policy-language-host.js is a stand-in
# that runs policy packs exactly as the real host does (and refuses anything else); this shim puts
# it on PATH under the name the engine looks for.
rm -f "$bin/pulumi-analyzer-policy-nodejs"
cat > "$bin/pulumi-language-nodejs" <<SHIM
#!/bin/sh
exec node "$root/scripts/policy-language-host.js" "\$@"
SHIM
chmod +x "$bin/pulumi-language-nodejs"
say "ready: pulumi $(PATH="$bin:$PATH" pulumi version) and its helpers in $bin"
