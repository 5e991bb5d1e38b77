// The pack's release, as policypack/package.json names it (scripts/build.js hands it over): the
// report tool's --version, SARIF's tool.driver.version and the Markdown header say which release
// made a report, and a pipeline pinning a tag can check it got that release.
import release from "./generated/release.json";

export const RELEASE_VERSION: string = release.version;
export const RELEASE_NAME: string = release.name;
/** The pack's one description (PulumiPolicy.yaml, the pack's entry and its Pulumi Cloud readme). */
export const PACK_DESCRIPTION: string = release.description;
