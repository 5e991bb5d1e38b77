// What the minimum-CU kind reads besides the stack: its catalog params (Microsoft's minimum per
// communications server, and the Exchange versions the requirement is documented for) and the
// configuration only it takes - stricter minimums per product (never laxer than Microsoft's) and how
// an update level unknown during preview is reported. Handed to settings.ts by rules/index.ts
// (settingsOf); a config problem becomes a sentence and the safe default applies.
import type { Catalog } from "../catalog/load";
import type { PolicyEntry } from "../catalog/types";
import type { JsonSchema } from "./kind";
import { updateLabel } from "../parse/updateLevel";
import type { KindConfig, PolicySettings } from "../settings";
import { isPlainObject } from "../text";

export interface MinimumEntry {
    product: string;
    update: number;
    source: string;
}

export interface MinimumCumulativeUpdateParams {
    /** The Exchange versions whose UM documentation states the requirement. */
    documentedFor: string[];
    documentedForSources: string[];
    minimums: MinimumEntry[];
}

export type MinimumCumulativeUpdatePolicy = PolicyEntry<"minimum-cumulative-update", MinimumCumulativeUpdateParams>;

export const minimumCumulativeUpdateParamsSchema: JsonSchema = {
    type: "object",
    additionalProperties: false,
    required: ["documentedFor", "documentedForSources", "minimums"],
    properties: {
        documentedFor: { type: "array", minItems: 1, items: { $ref: "#/definitions/productId" } },
        documentedForSources: { type: "array", minItems: 1, uniqueItems: true, items: { $ref: "#/definitions/sourceId" } },
        minimums: {
            type: "array",
            minItems: 1,
            items: {
                type: "object",
                additionalProperties: false,
                required: ["product", "update", "source"],
                properties: {
                    product: { $ref: "#/definitions/productId" },
                    update: { $ref: "#/definitions/updateLevel" },
                    source: { $ref: "#/definitions/sourceId" },
                },
            },
        },
    },
};

/** A minimum names an update Microsoft published for its product, where the catalog has the complete list. */
export function checkMinimumsPublished(policy: MinimumCumulativeUpdatePolicy, catalog: Catalog): string[] {
    return policy.params.minimums
        .filter((minimum) => {
            const table = catalog.buildTables.get(minimum.product);
            const listed =
                !table || !catalog.products.get(minimum.product)?.builds.complete || table.some((e) => e.update === minimum.update);
            return minimum.update > 0 && !listed;
        })
        .map(
            (minimum) =>
                `policy '${policy.name}' requires CU${minimum.update} of '${minimum.product}', which Microsoft's update list for it lacks`,
        );
}

export interface RequiredUpdate {
    update: number;
    /** Microsoft's minimum, from the catalog. */
    microsoftUpdate: number;
    source: string;
}

export interface MinimumCumulativeUpdateOptions {
    minimums: Map<string, RequiredUpdate>;
    unknownUpdateIsViolation: boolean;
}

export const minimumCumulativeUpdateConfig: KindConfig<MinimumCumulativeUpdateOptions, MinimumCumulativeUpdatePolicy> = {
    schema(policy) {
        return {
            minimumCumulativeUpdates: {
                type: "object",
                description: "Stricter minimum cumulative update per product id (never laxer than Microsoft's).",
                propertyNames: { enum: policy.params.minimums.map((m) => m.product) },
                additionalProperties: { type: "integer", minimum: 0, maximum: 999 },
            },
            unknownCumulativeUpdate: {
                enum: ["advisory", "violation"],
                default: "advisory",
                description: "How a cumulative update that is unknown during preview is reported.",
            },
        };
    },
    parse(policy, config, catalog, prefix, problems) {
        return {
            minimums: parseMinimums(policy, config, catalog, prefix, problems),
            unknownUpdateIsViolation: parseUnknown(config, prefix, problems),
        };
    },
};

/** The minimum-CU options of settings parsed for a policy of that kind (the inventory reads them too). */
export function minimumCumulativeUpdateOptions(settings: PolicySettings): MinimumCumulativeUpdateOptions {
    return settings.kindOptions as MinimumCumulativeUpdateOptions;
}

function parseMinimums(
    policy: MinimumCumulativeUpdatePolicy,
    config: Record<string, unknown>,
    catalog: Catalog,
    prefix: string,
    problems: string[],
) {
    const minimums = new Map<string, RequiredUpdate>();
    for (const m of policy.params.minimums) minimums.set(m.product, { update: m.update, microsoftUpdate: m.update, source: m.source });
    const stricter = isPlainObject(config.minimumCumulativeUpdates) ? config.minimumCumulativeUpdates : {};
    for (const [productId, level] of Object.entries(stricter)) {
        const required = minimums.get(productId);
        const productName = catalog.products.get(productId)?.name ?? productId;
        if (!required)
            problems.push(
                `${prefix} minimumCumulativeUpdates names '${productId}', which has no minimum in this policy (known: ${[...minimums.keys()].join(", ")}).`,
            );
        else if (typeof level !== "number" || !Number.isInteger(level) || level < 0)
            problems.push(`${prefix} the minimum for ${productName} must be a whole number.`);
        else if (level < required.microsoftUpdate) {
            problems.push(
                `${prefix} the minimum for ${productName} (${updateLabel(level)}) is laxer than Microsoft's ${updateLabel(required.microsoftUpdate)}; Microsoft's minimum applies. Remove the setting or raise it.`,
            );
        } else minimums.set(productId, { ...required, update: level });
    }
    return minimums;
}

function parseUnknown(config: Record<string, unknown>, prefix: string, problems: string[]): boolean {
    if (config.unknownCumulativeUpdate !== undefined && !["advisory", "violation"].includes(config.unknownCumulativeUpdate as string)) {
        problems.push(`${prefix} unknownCumulativeUpdate must be "advisory" or "violation".`);
    }
    return config.unknownCumulativeUpdate === "violation";
}
