// The one place that maps a catalog policy kind to the code that checks it. A new requirement of
// an existing kind is data only (rules/policies.json); a new kind adds one file and one line here.
import { PolicyKind } from "../catalog/types";
import { checkEndOfSupport } from "./endOfSupport";
import { checkFeatureRequiresNewerServers } from "./featureRequiresNewerServers";
import { RuleCheck } from "./finding";
import { checkIntegrationMatrix } from "./integrationMatrix";
import { checkMinimumCumulativeUpdate } from "./minimumCumulativeUpdate";
import { checkUnifiedMessagingRemoved } from "./unifiedMessagingRemoved";
import { checkUnsupportedCommunicationsServer } from "./unsupportedCommunicationsServer";

export const ruleChecks: Record<PolicyKind, RuleCheck> = {
    "minimum-cumulative-update": checkMinimumCumulativeUpdate,
    "unsupported-communications-server": checkUnsupportedCommunicationsServer,
    "unified-messaging-removed": checkUnifiedMessagingRemoved,
    "feature-requires-newer-servers": checkFeatureRequiresNewerServers,
    "end-of-support": checkEndOfSupport,
    "integration-matrix": checkIntegrationMatrix,
};
