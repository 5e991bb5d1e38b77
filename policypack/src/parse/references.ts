// Resolves tag properties that hold IDs of other resources of the stack - a vSphere VM's `tags`
// (Tag IDs; the Tag's name is the value, its TagCategory's name the key) and `customAttributes`
// (keyed by CustomAttribute IDs) - as stack validation sees them:
//   - once the IDs are known (update, or a preview of a deployed stack), by ID: the referenced
//     resources' outputs carry their `id`;
//   - during a first preview the IDs are unknown, but the engine still sends each property's
//     dependencies, so the Tag resources a VM's `tags` depend on are its tags.
// IDs no resource of the stack has (tags looked up with vCenter data sources) cannot be read; they
// are returned as unreadable for one stack-level note.
// Cost: the stack is indexed once (referenced types only); each reference is then a map lookup, so
// stack validation stays linear in the size of the stack.
import type { TagSource } from "../catalog/tagModels";
import type { TagReferences } from "../catalog/types";
import { printable } from "../text";
import { isPlainObject } from "../text";
import type { ReferencedTag, ReferenceResolver } from "./tags";
import { isUnknown, unwrapPolicyProxy } from "./unknown";

/** The parts of a stack validation resource (@pulumi/policy's PolicyResource) the resolver reads. */
export interface StackResource {
    type: string;
    name: string;
    urn: string;
    props: unknown;
    propertyDependencies?: Record<string, StackResource[] | undefined>;
}

const MAX_REFERENCES = 10_000;

interface Resolution {
    tags: ReferencedTag[];
    unknown: string[];
    unreadable: string[];
}

export class StackReferences {
    /** type -> ID -> resource, for the types tag properties refer to. */
    private readonly byId = new Map<string, Map<string, StackResource>>();

    constructor(resources: Iterable<StackResource>, referencedTypes: ReadonlySet<string>, idPropertiesOf: (type: string) => string[]) {
        if (referencedTypes.size === 0) return;
        for (const r of resources) {
            if (!referencedTypes.has(r.type)) continue;
            const props = plain(r.props);
            let ids = this.byId.get(r.type);
            if (!ids) {
                ids = new Map();
                this.byId.set(r.type, ids);
            }
            for (const property of idPropertiesOf(r.type)) {
                const id = props[property];
                if (typeof id === "string" && id.length > 0 && !isUnknown(id) && !ids.has(id)) ids.set(id, r);
            }
        }
    }

    /** A resolver for the reference properties of one resource of the stack. */
    resolverFor(resource: StackResource): ReferenceResolver {
        return { resolve: (source, container) => this.resolve(resource, source, container) };
    }

    private find(type: string, id: unknown): StackResource | undefined {
        return typeof id === "string" ? this.byId.get(type)?.get(id) : undefined;
    }

    private resolve(resource: StackResource, source: TagSource, container: unknown): Resolution {
        const out: Resolution = { tags: [], unknown: [], unreadable: [] };
        const refs = source.references;
        if (!refs) return out;
        const dependencies = dependenciesOf(resource, source.property, refs.type);
        if (source.shape === "reference-list") this.resolveList(source, refs, container, dependencies, out);
        else this.resolveMap(source.property, refs, container, dependencies, out);
        return out;
    }

    /** A list of IDs (vSphere `tags`): each ID found in the stack, or stood for by a dependency. */
    private resolveList(source: TagSource, refs: TagReferences, container: unknown, dependencies: StackResource[], out: Resolution): void {
        const property = source.property;
        const matched = new Set<StackResource>();
        let firstUnknown: string | undefined;
        let unknownCount = 0;
        const unmatched: string[] = [];
        if (isUnknown(container)) {
            firstUnknown = property;
            unknownCount = Infinity;
        } else if (Array.isArray(container)) {
            const count = Math.min(container.length, MAX_REFERENCES);
            for (let i = 0; i < count; i++) {
                const element = container[i];
                const id = source.elementField && isPlainObject(element) ? element[source.elementField] : element;
                const at = `${property}[${i}]`;
                if (isUnknown(id)) {
                    firstUnknown ??= at;
                    unknownCount++;
                    continue;
                }
                const target = this.find(refs.type, id);
                if (target) {
                    matched.add(target);
                    out.tags.push(this.tagOf(target, refs, at, out));
                } else unmatched.push(at);
            }
        } else return;
        // Dependencies no known ID accounts for stand for the unknown IDs (a first preview)
        // and then for known IDs no resource has any more (a referenced resource being replaced).
        // When every ID is known and found, other dependencies are not tags of this resource.
        const leftover = unknownCount + unmatched.length === 0 ? [] : dependencies.filter((d) => !matched.has(d));
        for (const target of leftover) out.tags.push(this.tagOf(target, refs, property, out));
        if (firstUnknown !== undefined && leftover.length === 0) out.unknown.push(firstUnknown);
        const covered = Math.max(0, leftover.length - unknownCount);
        out.unreadable.push(...unmatched.slice(covered));
    }

    /** A map keyed by IDs (vSphere `customAttributes`): each key found in the stack, or its one dependency. */
    private resolveMap(property: string, refs: TagReferences, container: unknown, dependencies: StackResource[], out: Resolution): void {
        const entry = (target: StackResource, value: unknown): ReferencedTag => ({
            key: this.keyOf(target, refs, property, out),
            value,
            where: describeWhere(property, target),
        });
        if (isUnknown(container)) {
            // The whole map is unknown: each CustomAttribute it depends on is one of its keys,
            // with a value nobody knows yet.
            if (dependencies.length === 0) out.unknown.push(property);
            for (const target of dependencies) out.tags.push(entry(target, container));
            return;
        }
        if (!isPlainObject(container)) return;
        const matched = new Set<StackResource>();
        const unmatched: string[] = [];
        let count = 0;
        for (const id of Object.keys(container)) {
            if (++count > MAX_REFERENCES) break;
            const target = this.find(refs.type, id);
            if (target) {
                matched.add(target);
                out.tags.push(entry(target, container[id]));
            } else unmatched.push(id);
        }
        const leftover = dependencies.filter((d) => !matched.has(d));
        // One unmatched key and one unmatched dependency can only be each other.
        if (unmatched.length === 1 && leftover.length === 1) out.tags.push(entry(leftover[0], container[unmatched[0]]));
        else out.unreadable.push(...unmatched.map((id) => `${property}.${printable(id).slice(0, 80)}`));
    }

    private tagOf(target: StackResource, refs: TagReferences, at: string, out: { unknown: string[]; unreadable: string[] }): ReferencedTag {
        const where = describeWhere(at, target);
        return { key: this.keyOf(target, refs, where, out), value: refs.value ? plain(target.props)[refs.value] : undefined, where };
    }

    /** The tag key a referenced resource stands for: its own property, or that of the resource it references. */
    private keyOf(target: StackResource, refs: TagReferences, where: string, out: { unknown: string[]; unreadable: string[] }): unknown {
        const { via, type, property } = refs.key;
        if (!via || !type) return plain(target.props)[property];
        const id = plain(target.props)[via];
        const holder = this.find(type, id) ?? dependenciesOf(target, via, type)[0];
        if (holder) return plain(holder.props)[property];
        // The key's resource (a TagCategory) is outside the stack: nothing says which key this is.
        if (typeof id === "string" && !isUnknown(id)) out.unreadable.push(`${where}, ${via}`);
        else out.unknown.push(`${where}, ${via}`);
        return undefined;
    }
}

function dependenciesOf(resource: StackResource, property: string, type: string): StackResource[] {
    const list = resource.propertyDependencies?.[property];
    if (!Array.isArray(list)) return [];
    return list.filter((d) => d?.type === type);
}

/** "tags via Tag 'lync-2010'": names the property and the referenced resource, never a tag value. */
function describeWhere(at: string, target: StackResource): string {
    const kind = target.type.slice(target.type.lastIndexOf(":") + 1);
    return `${at} via ${kind} ${printable(target.name)}`;
}

function plain(props: unknown): Record<string, unknown> {
    const raw = unwrapPolicyProxy(props);
    return isPlainObject(raw) ? raw : {};
}
