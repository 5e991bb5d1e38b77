// What a policy sees at once: one resource (resource validation, during Analyze) or the whole
// stack (stack validation, during AnalyzeStack), plus who declared Exchange UM integration and
// which UC features. The same rules run on both scopes.
import type { Catalog } from "../catalog/load";
import type { FeatureEntry, PolicyEntry } from "../catalog/types";
import { parseFeatures } from "../parse/features";
import { parseToggle } from "../parse/toggle";
import type { PolicySettings } from "../settings";
import { normalizeToken } from "../text";
import type { ResourceFacts } from "./facts";

export type Declarer =
    | { kind: "resource"; facts: ResourceFacts; where: string }
    | { kind: "stack-tag"; key: string }
    | { kind: "config"; policy: string };

export interface Scope {
    mode: "resource" | "stack";
    /** Resources carrying UC tags, in the order the engine sent them. */
    resources: ResourceFacts[];
    umDeclarers: Declarer[];
    featureDeclarations: Array<{ feature: FeatureEntry; declarer: Declarer }>;
    stackTagProblems: Array<{ key: string; field: "exchangeUm" | "ucFeatures"; problem: string }>;
    /** Today's date (YYYY-MM-DD, UTC): lifecycle dates are compared with it. */
    today: string;
}

export interface StackTags {
    forEach(callback: (value: string, key: string) => void): void;
}

export function buildScope(
    mode: Scope["mode"],
    resources: ResourceFacts[],
    stackTags: StackTags | undefined,
    _policy: PolicyEntry,
    settings: PolicySettings,
    catalog: Catalog,
    today: string,
): Scope {
    const scope: Scope = { mode, resources, umDeclarers: [], featureDeclarations: [], stackTagProblems: [], today };
    // Estate-wide declarations live in the config of the policy that owns them, whichever policy reports.
    const config: Declarer = { kind: "config", policy: catalog.estateSettingsOwner };
    if (settings.exchangeUm === true) scope.umDeclarers.push(config);
    for (const feature of settings.ucFeatures) scope.featureDeclarations.push({ feature, declarer: config });

    if (stackTags) {
        const declared = readStackTags(stackTags, settings, catalog);
        scope.umDeclarers.push(...declared.umDeclarers);
        scope.featureDeclarations.push(...declared.featureDeclarations);
        scope.stackTagProblems.push(...declared.stackTagProblems);
    }

    for (const facts of resources) {
        if (facts.umDeclared?.value) scope.umDeclarers.push({ kind: "resource", facts, where: facts.umDeclared.where });
        for (const feature of facts.features) {
            scope.featureDeclarations.push({ feature, declarer: { kind: "resource", facts, where: facts.featuresWhere ?? "" } });
        }
    }
    return scope;
}

type StackTagReading = Pick<Scope, "umDeclarers" | "featureDeclarations" | "stackTagProblems"> & { catalog: Catalog };

// Every policy builds a scope for every resource with UC tags (Analyze), and what the stack tags
// declare depends only on them and the policy's settings: read once per pair (the profile of
// Analyze showed the stack tags' keys normalised on every call). The SDK hands over the same frozen
// stack-tag object for a whole operation, and a new one on each ConfigureStack.
const stackTagReadings = new WeakMap<StackTags, WeakMap<PolicySettings, StackTagReading>>();

function readStackTags(stackTags: StackTags, settings: PolicySettings, catalog: Catalog): StackTagReading {
    let bySettings = stackTagReadings.get(stackTags);
    if (!bySettings) {
        bySettings = new WeakMap();
        stackTagReadings.set(stackTags, bySettings);
    }
    const known = bySettings.get(settings);
    if (known?.catalog === catalog) return known;
    const reading: StackTagReading = { catalog, umDeclarers: [], featureDeclarations: [], stackTagProblems: [] };
    stackTags.forEach((value, key) => {
        const field = settings.keyIndex.get(normalizeToken(String(key)));
        if (typeof value !== "string") return;
        if (field === "exchangeUm") {
            const outcome = parseToggle(value, catalog);
            if (outcome.kind === "recognised" && outcome.value) reading.umDeclarers.push({ kind: "stack-tag", key });
            else if (outcome.kind === "reported") reading.stackTagProblems.push({ key, field, problem: outcome.problem });
        } else if (field === "ucFeatures") {
            const outcome = parseFeatures(value, catalog);
            if (outcome.kind === "recognised") {
                for (const feature of outcome.value) reading.featureDeclarations.push({ feature, declarer: { kind: "stack-tag", key } });
            } else if (outcome.kind === "reported") reading.stackTagProblems.push({ key, field, problem: outcome.problem });
        }
    });
    bySettings.set(settings, reading);
    return reading;
}

/**
 * The declarers a requirement documented for some Exchange versions applies to: a declaration on
 * an Exchange server of another version (Exchange 2010) does not bring the requirement in.
 */
export function declarersInScope(declarers: Declarer[], documentedFor: string[] | undefined): Declarer[] {
    if (!documentedFor) return declarers;
    return declarers.filter((d) => {
        if (d.kind !== "resource") return true;
        const product = d.facts.product;
        return product?.role !== "exchange-server" || documentedFor.includes(product.id);
    });
}
