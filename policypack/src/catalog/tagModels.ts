// Answers "which properties of a resource of this type hold its tags, and in what shape" from the
// provider tag models of the catalog (rules/providers.json). Types no model names (component and
// custom resources, providers not in the catalog) are read through the catalog's generic
// tagProperties, as maps or lists - the contract the pack had before it knew providers.
import type { TagModelEntry, TagPropertyEntry, TagShape } from "./types";

/** A tag property as the reader uses it; "auto" (map or list) is the generic fallback. */
export interface TagSource extends Omit<TagPropertyEntry, "shape"> {
    shape: TagShape | "auto";
    /** The provider model it comes from, for messages; absent for the generic fallback. */
    model?: string;
}

// Stacks repeat a few dozen types; remember each type's answer. Bounded so hostile type strings
// cannot grow it without limit (a miss only costs the pattern scan again).
const MAX_REMEMBERED_TYPES = 5_000;

export class TagModels {
    private readonly exact = new Map<string, TagSource[]>();
    private readonly patterns: Array<{ pattern: RegExp; sources: TagSource[] }> = [];
    private readonly fallback: TagSource[];
    private readonly remembered = new Map<string, TagSource[]>();
    /** Types whose resources other resources' tags refer to by ID (vSphere Tag, TagCategory, ...). */
    readonly referencedTypes = new Set<string>();
    private readonly idProperties = new Map<string, string[]>();

    constructor(models: TagModelEntry[], fallbackProperties: string[], problems: string[]) {
        this.fallback = fallbackProperties.map((property) => ({ property, shape: "auto" }));
        for (const model of models) {
            for (const entry of model.resources) {
                const sources: TagSource[] = entry.tagProperties.map((p) => ({ ...p, model: model.id }));
                for (const p of entry.tagProperties) {
                    if (!p.references) continue;
                    this.referencedTypes.add(p.references.type);
                    if (p.references.idProperties) this.idProperties.set(p.references.type, p.references.idProperties);
                    if (p.references.key.type) this.referencedTypes.add(p.references.key.type);
                }
                for (const type of entry.types ?? []) {
                    if (this.exact.has(type))
                        problems.push(`tag model '${model.id}' lists type '${type}', which another entry already lists`);
                    this.exact.set(type, sources);
                }
                if (entry.typePattern !== undefined) {
                    try {
                        this.patterns.push({ pattern: new RegExp(entry.typePattern, "u"), sources });
                    } catch (e) {
                        problems.push(`tag model '${model.id}' has an invalid typePattern: ${(e as Error).message}`);
                    }
                }
            }
        }
    }

    /** The output properties that hold the ID other resources refer to a resource of this type by. */
    idPropertiesOf(type: string): string[] {
        return this.idProperties.get(type) ?? ["id"];
    }

    /** The tag properties of a resource type, in reading order (the first occurrence of a key wins). */
    sourcesFor(type: string): TagSource[] {
        const known = this.remembered.get(type);
        if (known) return known;
        let sources = this.exact.get(type);
        if (!sources) sources = this.patterns.find((p) => p.pattern.test(type))?.sources ?? this.fallback;
        if (this.remembered.size < MAX_REMEMBERED_TYPES) this.remembered.set(type, sources);
        return sources;
    }
}
