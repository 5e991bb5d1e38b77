#!/usr/bin/env bash
# Tags a release: the version of policypack/package.json (written nowhere else), once the changelog
# describes it at its top, the CI recipes pin its tag and the shrinkwrap matches the tested lockfile.
# It only creates the annotated tag v<version>; pushing and publishing are the next steps of
# docs/ci/publishing.md. Run `npm test` first: this script checks consistency, not behaviour.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
    echo "release: $*" >&2
    exit 1
}

version="$(node -p 'require("./policypack/package.json").version')"
tag="v${version}"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "policypack/package.json has version '$version', not MAJOR.MINOR.PATCH"
[ -z "$(git status --porcelain --untracked-files=no)" ] || fail "the working tree has uncommitted changes; commit the release first"
top="$(grep -m1 -E '^## [0-9]' CHANGELOG.md || true)"
[[ "$top" == "## ${version} "* ]] || fail "CHANGELOG.md's latest section is '${top:-none}', not '## ${version} - <date>'"
for recipe in docs/ci/github-actions.md docs/ci/gitlab-ci.md docs/ci/azure-pipelines.md; do
    grep -qE "(ref: (refs/tags/)?|--branch )${tag}\b" "$recipe" || fail "$recipe does not pin $tag"
    if grep -oE "(ref: (refs/tags/)?|--branch )v[0-9]+\.[0-9]+\.[0-9]+" "$recipe" | grep -vq "${tag}$"; then
        fail "$recipe pins another release than $tag"
    fi
done
node scripts/shrinkwrap.js --check || fail "the shrinkwrap is stale"
if git rev-parse -q --verify "refs/tags/${tag}" >/dev/null; then fail "the tag ${tag} exists already"; fi
git tag -a "$tag" -m "uc-exchange-um-policies ${version}"
echo "release: tagged ${tag} at $(git rev-parse --short HEAD); push it with: git push origin ${tag}"
