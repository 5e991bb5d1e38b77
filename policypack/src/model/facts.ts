// What one resource says about itself: its UC product, update tag, UM declaration and features.
import type { Catalog } from "../catalog/load";
import type { FeatureEntry, ProductEntry } from "../catalog/types";
import { parseFeatures } from "../parse/features";
import { resolveProduct } from "../parse/product";
import { type ReferenceResolver, readTags, type TagValue } from "../parse/tags";
import { parseToggle } from "../parse/toggle";
import type { PolicySettings } from "../settings";

export interface ResourceRef {
    urn: string;
    name: string;
    type: string;
}

/** A problem with one tag, phrased to follow "tag '<where>' ". */
export interface TagProblem {
    where: string;
    problem: string;
}

export interface ResourceFacts {
    resource: ResourceRef;
    product?: ProductEntry;
    productProblem?: TagProblem;
    /** The raw update tag; parsed by the rules that need it, against the product. */
    updateTag?: TagValue;
    umDeclared?: { value: boolean; where: string };
    umProblem?: TagProblem;
    features: FeatureEntry[];
    featuresWhere?: string;
    featuresProblem?: TagProblem;
    /** Tags or tag containers whose value is unknown during preview. */
    unknown: string[];
}

/**
 * Returns the facts of a resource that carries any UC tag, or undefined for every other resource.
 * Tags are read where the resource's provider keeps them (rules/providers.json); properties that
 * hold IDs of other resources are read only with a resolver (stack validation), and references the
 * resolver cannot follow are passed to `onUnreadable`.
 */
export function readFacts(
    resource: ResourceRef,
    props: unknown,
    catalog: Catalog,
    settings: PolicySettings,
    resolver?: ReferenceResolver,
    onUnreadable?: (resource: ResourceRef, where: readonly string[]) => void,
): ResourceFacts | undefined {
    const tags = readTags(props, catalog.tagModels.sourcesFor(resource.type), settings.keyIndex, resolver);
    if (tags.unreadable.length > 0) onUnreadable?.(resource, tags.unreadable);
    const { product, cumulativeUpdate, exchangeUm, ucFeatures } = tags.fields;
    if (!product && !cumulativeUpdate && !exchangeUm && !ucFeatures && tags.unknownContainers.length === 0) return undefined;

    const facts: ResourceFacts = { resource, features: [], unknown: [...tags.unknownContainers] };
    if (product) {
        if (product.kind === "text") {
            const outcome = resolveProduct(product.text, catalog);
            if (outcome.kind === "recognised") facts.product = outcome.value;
            else if (outcome.kind === "reported") facts.productProblem = { where: product.where, problem: outcome.problem };
        } else if (product.kind === "unknown") facts.unknown.push(product.where);
        else facts.productProblem = { where: product.where, problem: notText(product) };
    }
    facts.updateTag = cumulativeUpdate;
    if (cumulativeUpdate?.kind === "unknown") facts.unknown.push(cumulativeUpdate.where);

    if (exchangeUm) {
        if (exchangeUm.kind === "unknown") facts.unknown.push(exchangeUm.where);
        else if (exchangeUm.kind === "unusable") facts.umProblem = { where: exchangeUm.where, problem: notText(exchangeUm) };
        else {
            const outcome = parseToggle(exchangeUm.kind === "boolean" ? exchangeUm.value : exchangeUm.text, catalog);
            if (outcome.kind === "recognised") facts.umDeclared = { value: outcome.value, where: exchangeUm.where };
            else if (outcome.kind === "reported") facts.umProblem = { where: exchangeUm.where, problem: outcome.problem };
        }
    }

    if (ucFeatures) {
        facts.featuresWhere = ucFeatures.where;
        if (ucFeatures.kind === "text") {
            const outcome = parseFeatures(ucFeatures.text, catalog);
            if (outcome.kind === "recognised") facts.features = outcome.value;
            else if (outcome.kind === "reported") facts.featuresProblem = { where: ucFeatures.where, problem: outcome.problem };
        } else if (ucFeatures.kind === "unknown") facts.unknown.push(ucFeatures.where);
        else facts.featuresProblem = { where: ucFeatures.where, problem: notText(ucFeatures) };
    }
    return facts;
}

function notText(value: TagValue): string {
    return value.kind === "unusable" ? `holds ${value.valueType}, not text` : "is not text";
}
