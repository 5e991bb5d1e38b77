// exchange-um-communications-server-minimum-cu: while Exchange UM integration is declared anywhere
// in the stack, every communications server must run Microsoft's minimum cumulative update.
import type { Catalog } from "../catalog/load";
import type { ProductEntry } from "../catalog/types";
import type { ResourceFacts } from "../model/facts";
import { describeDeclarers, productNames, subject, tagLabel } from "../model/messages";
import { type Declarer, declarersInScope, type Scope } from "../model/scope";
import { describeLevel, parseUpdateLevel, placeAgainst, updateLabel } from "../parse/updateLevel";
import type { PolicySettings } from "../settings";
import { quoted } from "../text";
import { definePolicyKind, type FindingOf, policiesOf } from "./kind";
import {
    checkMinimumsPublished,
    type MinimumCumulativeUpdatePolicy,
    minimumCumulativeUpdateConfig,
    minimumCumulativeUpdateOptions,
    minimumCumulativeUpdateParamsSchema,
    type RequiredUpdate,
} from "./minimumCumulativeUpdateConfig";
import { unsupportedCommunicationsServer } from "./unsupportedCommunicationsServer";

const FINDING_CODES = ["no-documented-requirement", "not-applicable"] as const;
type MinimumCumulativeUpdateFinding = FindingOf<typeof FINDING_CODES>;

export const minimumCumulativeUpdate = definePolicyKind({
    kind: "minimum-cumulative-update",
    summary: "While Exchange UM integration is declared, every communications server runs Microsoft's minimum cumulative update.",
    paramsSchema: minimumCumulativeUpdateParamsSchema,
    findingCodes: FINDING_CODES,
    check: checkMinimumCumulativeUpdate,
    config: minimumCumulativeUpdateConfig,
    checkParams: checkMinimumsPublished,
});

function checkMinimumCumulativeUpdate(policy: MinimumCumulativeUpdatePolicy, scope: Scope, settings: PolicySettings, catalog: Catalog) {
    const declarers = scope.umDeclarers;
    const context: CheckContext = {
        policy,
        settings,
        catalog,
        declarers,
        inScope: declarersInScope(declarers, policy.params.documentedFor),
        declaredBy: `Exchange UM integration (declared by ${describeDeclarers(declarers)})`,
        hasUcServers: scope.resources.some((f) => f.product),
    };
    const findings: MinimumCumulativeUpdateFinding[] = [];
    for (const { key, field, problem } of scope.stackTagProblems) {
        if (field !== "exchangeUm") continue;
        findings.push({
            code: "invalid-stack-tag",
            level: "policy",
            text: `The stack tag ${quoted(key)} ${problem}, so it does not declare Exchange UM integration. Set it to enabled or disabled (pulumi stack tag set ${key} enabled).`,
        });
    }
    for (const facts of scope.resources) {
        findings.push(...tagProblems(facts, context));
        const finding = requirementFinding(facts, context);
        if (finding) findings.push(finding);
    }
    return findings;
}

interface CheckContext {
    policy: MinimumCumulativeUpdatePolicy;
    settings: PolicySettings;
    catalog: Catalog;
    declarers: Declarer[];
    /** The declarers on Exchange versions the requirement is documented for. */
    inScope: Declarer[];
    declaredBy: string;
    hasUcServers: boolean;
}

/** What keeps a resource's tags from being read: its product, its UM flag, tags unknown during preview. */
function tagProblems(facts: ResourceFacts, { policy, declarers, hasUcServers }: CheckContext): MinimumCumulativeUpdateFinding[] {
    const { resource } = facts;
    const findings: MinimumCumulativeUpdateFinding[] = [];
    if (facts.productProblem) {
        const consequence =
            declarers.length > 0
                ? `Exchange UM integration is declared (by ${describeDeclarers(declarers)}), so this server's cumulative update cannot be checked until the tag names its product`
                : "No policy can check this resource until the tag names its product";
        findings.push({
            resource,
            code: "unresolved-product",
            level: declarers.length === 0 ? "advisory" : "policy",
            wholeStackOnly: declarers.length === 0,
            text: `${subject(facts)}: ${tagLabel(facts.productProblem.where)} ${facts.productProblem.problem}. ${consequence}.`,
            source: policy.source,
        });
    }
    if (facts.umProblem) {
        findings.push({
            resource,
            code: "invalid-um-flag",
            level: "policy",
            text: `${subject(facts)}: ${tagLabel(facts.umProblem.where)} ${facts.umProblem.problem}, so it is not counted as declaring Exchange UM integration. Set it to enabled or disabled.`,
        });
    }
    const unknownElsewhere = facts.unknown.filter((where) => where !== facts.updateTag?.where);
    if (unknownElsewhere.length > 0 && (declarers.length > 0 || facts.product || hasUcServers)) {
        findings.push({
            resource,
            code: "unknown-tags",
            level: "advisory",
            wholeStackOnly: true,
            text: `${subject(facts)}: ${unknownElsewhere.map((w) => quoted(w)).join(", ")} ${unknownElsewhere.length > 1 ? "are" : "is"} not known during preview, so the pack cannot tell yet whether this resource is a communications server under the Exchange UM requirements; the policy runs again at update time, when the value is known.`,
        });
    }
    return findings;
}

/** A communications server under a UM declaration against Microsoft's minimum, or why it is not checked. */
function requirementFinding(facts: ResourceFacts, context: CheckContext): MinimumCumulativeUpdateFinding | undefined {
    const { policy, settings, catalog, declarers, inScope, declaredBy } = context;
    const { resource, product } = facts;
    if (product?.role !== "communications-server") return undefined;
    const required = minimumCumulativeUpdateOptions(settings).minimums.get(product.id);
    if (!required && inScope.length > 0 && !listedElsewhere(product, catalog)) {
        // No requirement is documented for this version: say so rather than pass it silently.
        return {
            resource,
            code: "no-documented-requirement",
            level: "advisory",
            wholeStackOnly: true,
            text: `${subject(facts)} is under ${declaredBy}, but Microsoft documents no Exchange UM update requirement for ${product.name} with ${productNames(policy.params.documentedFor, catalog)}, so its update level is not checked.`,
            source: policy.source,
        };
    }
    if (!required || required.update === 0 || declarers.length === 0) return undefined;
    const requirement = describeRequirement(product, required, catalog);
    if (inScope.length === 0) {
        return {
            resource,
            code: "not-applicable",
            level: "advisory",
            wholeStackOnly: true,
            text: `${subject(facts)} was not checked: ${declaredBy} comes only from Exchange servers of versions this requirement is not documented for; Microsoft documents "${requirement}" for ${productNames(policy.params.documentedFor, catalog)}.`,
            source: policy.source,
        };
    }
    const finding = checkServer(facts, product, required, settings, catalog);
    return finding && { ...finding, text: `${finding.text}; ${declaredBy} requires ${requirement}.`, source: required.source };
}

function checkServer(
    facts: ResourceFacts,
    product: ProductEntry,
    required: RequiredUpdate,
    settings: PolicySettings,
    catalog: Catalog,
): MinimumCumulativeUpdateFinding | undefined {
    const unknownIsViolation = minimumCumulativeUpdateOptions(settings).unknownUpdateIsViolation;
    const tag = facts.updateTag;
    const resource = facts.resource;
    if (!tag)
        return {
            resource,
            code: "missing-update",
            level: "policy",
            text: `${subject(facts)} has no cumulative update tag (${settings.tagKeys.cumulativeUpdate.map((k) => quoted(k)).join(" or ")})`,
        };
    if (tag.kind === "unknown") {
        return {
            resource,
            code: "unknown-update",
            level: unknownIsViolation ? "policy" : "advisory",
            text: `${subject(facts)}: ${tagLabel(tag.where)} is not known during preview, so ${unknownIsViolation ? "the requirement is treated as not met (unknownCumulativeUpdate: violation)" : "the requirement is checked at update time, when the value is known"}`,
        };
    }
    if (tag.kind !== "text") {
        return {
            resource,
            code: "invalid-update",
            level: "policy",
            text: `${subject(facts)}: ${tagLabel(tag.where)} ${tag.kind === "unusable" ? `holds ${tag.valueType}` : "holds a boolean"}, not a cumulative update level`,
        };
    }
    const level = parseUpdateLevel(tag.text, product, catalog);
    if (level.kind !== "recognised") {
        return {
            resource,
            code: "invalid-update",
            level: "policy",
            text: `${subject(facts)}: ${tagLabel(tag.where)} ${level.kind === "reported" ? level.problem : "is not a cumulative update level"}`,
        };
    }
    const place = placeAgainst(level.value, required.update);
    if (place === "met") return undefined;
    const found = describeLevel(level.value);
    if (place === "below") {
        return { resource, code: "below-minimum", level: "policy", text: `${subject(facts)} is at ${found}` };
    }
    // The sourced build table cannot place this build precisely enough to decide: say so, never guess.
    return {
        resource,
        code: "unverifiable-update",
        level: "advisory",
        text: `${subject(facts)} is at ${found}, which cannot be verified against ${updateLabel(required.update)}: the builds Microsoft publishes for ${product.name} do not place it. Tag the installed update's label instead (for example ${updateLabel(required.update)})`,
    };
}

function describeRequirement(product: ProductEntry, required: RequiredUpdate, catalog: Catalog): string {
    const build = catalog.buildTables.get(product.id)?.find((entry) => entry.update === required.update && !entry.within)?.build;
    const level = `${updateLabel(required.update)} or later${build ? ` (build ${build})` : ""}`;
    return required.update > required.microsoftUpdate
        ? `${level}, this organisation's minimum (Microsoft requires ${updateLabel(required.microsoftUpdate)})`
        : level;
}

/** Products another policy already reports under UM (OCS 2007: not listed for Exchange 2013/2016 UM). */
function listedElsewhere(product: ProductEntry, catalog: Catalog): boolean {
    return policiesOf(catalog, unsupportedCommunicationsServer).some((p) => p.params.products.includes(product.id));
}
