// The one place that maps a catalog policy kind to the code that checks it (and reads its own
// configuration, if it takes any). A new requirement of an existing kind is data only
// (rules/policies.json); a new kind is a module of its own and one line here (docs/architecture.md).
import type { Catalog } from "../catalog/load";
import type { PolicyEntry, PolicyKind } from "../catalog/types";
import { configSchemaFor, type PolicySettings, parseSettings } from "../settings";
import { checkEndOfSupport } from "./endOfSupport";
import { checkFeatureRequiresNewerServers } from "./featureRequiresNewerServers";
import type { RuleKind } from "./finding";
import { checkIntegrationMatrix } from "./integrationMatrix";
import { checkMinimumCumulativeUpdate } from "./minimumCumulativeUpdate";
import { minimumCumulativeUpdateConfig } from "./minimumCumulativeUpdateConfig";
import { checkOrganisationCoexistence } from "./organisationCoexistence";
import { checkUnifiedMessagingRemoved } from "./unifiedMessagingRemoved";
import { checkUnsupportedCommunicationsServer } from "./unsupportedCommunicationsServer";

export const ruleKinds: Record<PolicyKind, RuleKind> = {
    "minimum-cumulative-update": { check: checkMinimumCumulativeUpdate, config: minimumCumulativeUpdateConfig },
    "unsupported-communications-server": { check: checkUnsupportedCommunicationsServer },
    "unified-messaging-removed": { check: checkUnifiedMessagingRemoved },
    "feature-requires-newer-servers": { check: checkFeatureRequiresNewerServers },
    "end-of-support": { check: checkEndOfSupport },
    "integration-matrix": { check: checkIntegrationMatrix },
    "organisation-coexistence": { check: checkOrganisationCoexistence },
};

/** A policy's settings, its kind's own configuration included (settings.ts never imports the rules). */
export function settingsOf(
    policy: PolicyEntry,
    config: Record<string, unknown>,
    catalog: Catalog,
    estate?: PolicySettings,
): PolicySettings {
    return parseSettings(policy, config, catalog, ruleKinds[policy.kind].config, estate);
}

/** A policy's config schema, its kind's own properties included. */
export function configSchemaOf(
    policy: PolicyEntry,
    catalog: Catalog,
    carriesEstateSettings: boolean,
): { properties: Record<string, object> } {
    return configSchemaFor(policy, catalog, carriesEstateSettings, ruleKinds[policy.kind].config);
}
