// Per-policy configuration: the JSON Schema the engine checks `--policy-pack-config` against, and
// the checks a schema cannot express (an impossible date). What every policy takes (exemptions) and
// the estate-wide settings live here; what one kind takes lives next to its check, and is handed in
// as a KindConfig by the caller (rules/index.ts: settingsOf, configSchemaOf), so this layer never
// imports the rules. A config problem never throws: it becomes a message and the safe default applies.
import type { Catalog } from "./catalog/load";
import type { FeatureEntry, PolicyEntry, TagKeys } from "./catalog/types";
import { buildTagKeyIndex, type TagKeyIndex } from "./parse/tags";
import { isCalendarDate, isPlainObject } from "./text";

export interface Exemption {
    resource: string;
    reason: string;
    expires: string;
}

export interface PolicySettings {
    keyIndex: TagKeyIndex;
    /** Tag keys as configured, for messages. */
    tagKeys: TagKeys;
    /** UM declared (true) or explicitly not declared (false) by the policy configuration. */
    exchangeUm?: boolean;
    ucFeatures: FeatureEntry[];
    /** What the policy's kind reads from its own configuration (its KindConfig's parse). */
    kindOptions: unknown;
    exemptions: Exemption[];
    /** Configuration mistakes the schema could not catch, as user-facing sentences. */
    problems: string[];
}

/**
 * Configuration a policy kind takes beyond what every policy takes (exemptions, and the estate-wide
 * settings on their owner): its JSON Schema properties, and how they are read. The engine checks
 * the schema; `parse` still trusts nothing and adds a sentence to `problems` for what it refuses.
 */
export interface KindConfig<Options, Policy extends PolicyEntry = PolicyEntry> {
    schema(policy: Policy, catalog: Catalog): Record<string, object>;
    parse(policy: Policy, config: Record<string, unknown>, catalog: Catalog, prefix: string, problems: string[]): Options;
}

const DATE = "^\\d{4}-\\d{2}-\\d{2}$";

/**
 * The config schema of a policy. Estate-wide settings (tag keys, declarations) are configured once,
 * on the policy the catalog marks `ownsEstateSettings`, and apply to every policy; the others take
 * exemptions and what their kind's own configuration (`kindConfig`) declares.
 */
export function configSchemaFor(
    policy: PolicyEntry,
    catalog: Catalog,
    carriesEstateSettings: boolean,
    kindConfig: KindConfig<unknown> | undefined,
): { properties: Record<string, object> } {
    const keyList = { type: "array", items: { type: "string", minLength: 1, maxLength: 100 }, minItems: 1, uniqueItems: true };
    const properties: Record<string, object> = {
        exemptions: {
            type: "array",
            description: "Resources (name or URN) exempt from this policy until a date, with a reason.",
            items: {
                type: "object",
                additionalProperties: false,
                required: ["resource", "reason", "expires"],
                properties: {
                    resource: { type: "string", minLength: 1 },
                    reason: { type: "string", minLength: 3 },
                    expires: { type: "string", pattern: DATE, description: "Last day of the exemption, YYYY-MM-DD." },
                },
            },
        },
    };
    if (carriesEstateSettings) {
        properties.tagKeys = {
            type: "object",
            description: "Tag keys read on every resource (matched case-insensitively), for every policy of the pack.",
            additionalProperties: false,
            properties: { product: keyList, cumulativeUpdate: keyList, exchangeUm: keyList, ucFeatures: keyList },
        };
        properties.exchangeUm = {
            type: "boolean",
            description: "Declare (true) Exchange UM integration for every stack this config applies to.",
        };
        properties.ucFeatures = {
            type: "array",
            description: "UC features this organisation uses, as if declared by a uc-features tag.",
            items: { enum: catalog.features.map((f) => f.id) },
            uniqueItems: true,
        };
    }
    Object.assign(properties, kindConfig?.schema(policy, catalog));
    return { properties };
}

/**
 * Interprets a policy's configuration (already schema-checked by the engine, but not trusted).
 * `estate` holds the estate-wide settings of the policy that carries them, when this policy is
 * not that one; without it (that policy is disabled) the catalog defaults apply. `kindConfig` reads
 * what the policy's kind takes of its own (undefined: the kind takes nothing more).
 */
export function parseSettings(
    policy: PolicyEntry,
    config: Record<string, unknown>,
    catalog: Catalog,
    kindConfig: KindConfig<unknown> | undefined,
    estate?: PolicySettings,
): PolicySettings {
    const problems: string[] = [];
    const prefix = `configuration of policy '${policy.name}':`;
    const policyOnly = parsePolicySettings(policy, config, catalog, kindConfig, prefix, problems);
    if (estate) {
        const { keyIndex, tagKeys, exchangeUm, ucFeatures } = estate;
        return { keyIndex, tagKeys, exchangeUm, ucFeatures, ...policyOnly, problems };
    }

    const tagKeys: TagKeys = { ...catalog.tagKeys };
    const configuredKeys = asRecord(config.tagKeys);
    for (const field of Object.keys(tagKeys) as Array<keyof TagKeys>) {
        const keys = configuredKeys?.[field];
        if (keys === undefined) continue;
        if (Array.isArray(keys) && keys.length > 0 && keys.every((k) => typeof k === "string" && k.trim() !== "")) tagKeys[field] = keys;
        else
            problems.push(
                `${prefix} tagKeys.${field} must be a non-empty list of tag keys; the default (${tagKeys[field].join(", ")}) applies.`,
            );
    }

    let exchangeUm: boolean | undefined;
    if (config.exchangeUm !== undefined) {
        if (typeof config.exchangeUm === "boolean") exchangeUm = config.exchangeUm;
        else problems.push(`${prefix} exchangeUm must be true or false.`);
    }

    const ucFeatures: FeatureEntry[] = [];
    if (Array.isArray(config.ucFeatures)) {
        for (const id of config.ucFeatures) {
            const feature = catalog.features.find((f) => f.id === id);
            if (feature) ucFeatures.push(feature);
            else problems.push(`${prefix} ucFeatures lists an unknown feature (known: ${catalog.features.map((f) => f.id).join(", ")}).`);
        }
    }

    return { keyIndex: buildTagKeyIndex(tagKeys), tagKeys, exchangeUm, ucFeatures, ...policyOnly, problems };
}

type PolicyOnlySettings = Pick<PolicySettings, "kindOptions" | "exemptions">;

function parsePolicySettings(
    policy: PolicyEntry,
    config: Record<string, unknown>,
    catalog: Catalog,
    kindConfig: KindConfig<unknown> | undefined,
    prefix: string,
    problems: string[],
): PolicyOnlySettings {
    const kindOptions = kindConfig?.parse(policy, config, catalog, prefix, problems);
    const exemptions: Exemption[] = [];
    const configured = Array.isArray(config.exemptions) ? config.exemptions : [];
    configured.forEach((entry, i) => {
        const e = asRecord(entry);
        const where = `${prefix} exemptions[${i}]`;
        if (!e || typeof e.resource !== "string" || e.resource === "")
            problems.push(`${where} needs a resource (name or URN); the exemption is ignored.`);
        else if (typeof e.reason !== "string" || e.reason.trim().length < 3)
            problems.push(`${where} (${e.resource}) needs a reason; the exemption is ignored.`);
        else if (typeof e.expires !== "string" || !isCalendarDate(e.expires)) {
            problems.push(`${where} (${e.resource}) needs an expiry date as YYYY-MM-DD (a real calendar day); the exemption is ignored.`);
        } else exemptions.push({ resource: e.resource, reason: e.reason.trim(), expires: e.expires });
    });
    return { kindOptions, exemptions };
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
    return isPlainObject(value) ? value : undefined;
}
