// Reads the facts of a whole stack in one pass: tags are read where each provider keeps them, and
// tag properties holding IDs of other resources (vSphere tags and custom attributes) are resolved
// through the stack's own resources (see parse/references.ts).
import type { Catalog } from "../catalog/load";
import { StackReferences, type StackResource } from "../parse/references";
import type { PolicySettings } from "../settings";
import { readFacts, type ResourceFacts, type ResourceRef } from "./facts";

export interface Unreadable {
    resource: ResourceRef;
    where: readonly string[];
}

export interface StackReading {
    facts: ResourceFacts[];
    /** Resources whose tags refer to tags or attributes outside the stack, which cannot be read. */
    unreadable: Unreadable[];
}

export function readStackFacts(
    resources: Iterable<StackResource> & { length?: number },
    catalog: Catalog,
    settings: PolicySettings,
): StackReading {
    const references = new StackReferences(resources, catalog.tagModels.referencedTypes, (type) => catalog.tagModels.idPropertiesOf(type));
    const reading: StackReading = { facts: [], unreadable: [] };
    const onUnreadable = (resource: ResourceRef, where: readonly string[]) => reading.unreadable.push({ resource, where });
    for (const r of resources) {
        const f = readFacts(
            { urn: r.urn, name: r.name, type: r.type },
            r.props,
            catalog,
            settings,
            references.resolverFor(r),
            onUnreadable,
        );
        if (f) reading.facts.push(f);
    }
    return reading;
}
