// The one place that maps a catalog policy kind to the code that checks it (and reads its own
// configuration, if it takes any). A new requirement of an existing kind is data only
// (rules/policies.json); a new kind adds one file and one line here.
import { PolicyKind } from "../catalog/types";
import { checkEndOfSupport } from "./endOfSupport";
import { checkFeatureRequiresNewerServers } from "./featureRequiresNewerServers";
import { RuleKind } from "./finding";
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
