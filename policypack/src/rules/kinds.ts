// The registry: every policy kind rules/policies.json may name, one line each (docs/architecture.md,
// "A policy kind"). scripts/build.js reads this list to compose the catalog schema (the `kind` enum
// and each kind's `params` schema), so it must load without the generated catalog: modules reached
// from here import catalog/load.ts for types only.
import type { PolicyEntry } from "../catalog/types";
import { endOfSupport } from "./endOfSupport";
import { featureRequiresNewerServers } from "./featureRequiresNewerServers";
import type { SharedFindingCode } from "./finding";
import { integrationMatrix } from "./integrationMatrix";
import type { PolicyKind } from "./kind";
import { minimumCumulativeUpdate } from "./minimumCumulativeUpdate";
import { organisationCoexistence } from "./organisationCoexistence";
import { unifiedMessagingRemoved } from "./unifiedMessagingRemoved";
import { unsupportedCommunicationsServer } from "./unsupportedCommunicationsServer";

export const policyKinds = [
    minimumCumulativeUpdate,
    unsupportedCommunicationsServer,
    unifiedMessagingRemoved,
    featureRequiresNewerServers,
    endOfSupport,
    integrationMatrix,
    organisationCoexistence,
] as const;

type RegisteredKind = (typeof policyKinds)[number];

/** A catalog policy as its kind reads it: discriminated by `kind`, with that kind's `params`. */
export type KindPolicy = RegisteredKind extends infer Kind
    ? Kind extends PolicyKind<infer Name, infer Params, string>
        ? PolicyEntry<Name, Params>
        : never
    : never;

/** Every finding code of the pack: the shared ones and each kind's own. */
export type FindingCode = SharedFindingCode | (RegisteredKind extends PolicyKind<string, unknown, infer Code> ? Code : never);
