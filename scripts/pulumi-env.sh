# Sourced by the scripts that run the real pulumi CLI: everything offline and private to the repo.
# Uses the pulumi on PATH when it is the pinned version, else the one scripts/install-pulumi.sh built.
UC_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$UC_REPO_ROOT/.tools/bin:$PATH"
export PULUMI_HOME="${PULUMI_HOME:-$UC_REPO_ROOT/.tools/pulumi-home}"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK=true
# The sample stacks' secrets provider passphrase: a demo value, protecting nothing.
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE:-uc-estate-sample}"
export PULUMI_DEBUG_COMMANDS=true  # enables --event-log
