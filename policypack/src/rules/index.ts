// What the policy machinery asks of a policy kind, whichever it is: its check, its settings and
// config schema, and the catalog checks its params need. The kinds themselves are registered in
// rules/kinds.ts; a new requirement of an existing kind is data only (rules/policies.json).
import { CatalogError, type Catalog, loadCatalog, packagedCatalog } from "../catalog/load";
import type { PolicyEntry } from "../catalog/types";
import type { Scope } from "../model/scope";
import { configSchemaFor, type PolicySettings, parseSettings } from "../settings";
import type { Finding } from "./finding";
import type { PolicyKind } from "./kind";
import { policyKinds } from "./kinds";

// Erased: each kind's check takes its own params, which the schema validated for its policies.
type AnyKind = PolicyKind<string, never, string>;
const kindsByName = new Map<string, AnyKind>(policyKinds.map((kind): [string, AnyKind] => [kind.kind, kind]));

/** The module of a policy's kind (the schema admits only registered kinds, so it is always found). */
export function kindOf(policy: PolicyEntry): AnyKind {
    const kind = kindsByName.get(policy.kind);
    if (!kind) throw new CatalogError([`policy '${policy.name}' has kind '${policy.kind}', which no module in rules/kinds.ts registers`]);
    return kind;
}

export function checkPolicy(policy: PolicyEntry, scope: Scope, settings: PolicySettings, catalog: Catalog): Finding[] {
    return kindOf(policy).check(policy as PolicyEntry<string, never>, scope, settings, catalog);
}

/** A policy's settings, its kind's own configuration included (settings.ts never imports the rules). */
export function settingsOf(
    policy: PolicyEntry,
    config: Record<string, unknown>,
    catalog: Catalog,
    estate?: PolicySettings,
): PolicySettings {
    return parseSettings(policy, config, catalog, kindOf(policy).config, estate);
}

/** A policy's config schema, its kind's own properties included. */
export function configSchemaOf(
    policy: PolicyEntry,
    catalog: Catalog,
    carriesEstateSettings: boolean,
): { properties: Record<string, object> } {
    return configSchemaFor(policy, catalog, carriesEstateSettings, kindOf(policy).config);
}

/** Runs each policy's kind checks on its params (what the schema cannot say), after the loader's own. */
export function withKindChecks(catalog: Catalog): Catalog {
    const problems = catalog.policies.flatMap(
        (policy) => kindOf(policy).checkParams?.(policy as PolicyEntry<string, never>, catalog) ?? [],
    );
    if (problems.length > 0) throw new CatalogError(problems);
    return catalog;
}

/**
 * The catalog as the pack starts with it: shape, references, and every kind's checks - all made by
 * the build for the pack's own catalog file while it is the one the build checked.
 */
export function loadPolicyCatalog(raw?: unknown): Catalog {
    const catalog = loadCatalog(raw);
    return raw === undefined && packagedCatalog().checkedAtBuild ? catalog : withKindChecks(catalog);
}
