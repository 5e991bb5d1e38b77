// Reads the UC tags of any resource in the shape its provider really uses (rules/providers.json):
// maps (AWS tags/tagsAll, Azure tags, GCP labels, OCI freeformTags), namespaced maps (OCI
// definedTags), lists of {key, value} entries or "key=value" strings (AWS Auto Scaling, OpenStack),
// and properties that hold IDs of other resources of the stack (vSphere tag IDs and custom
// attribute IDs), which only stack validation can resolve. Nothing here throws, whatever the
// properties hold.
import type { TagSource } from "../catalog/tagModels";
import { isPlainObject, normalizeToken } from "../text";
import { isUnknown, unwrapPolicyProxy } from "./unknown";

export type TagField = "product" | "cumulativeUpdate" | "exchangeUm" | "ucFeatures";

export type TagValue =
    | { kind: "text"; text: string; where: string }
    | { kind: "boolean"; value: boolean; where: string }
    | { kind: "unknown"; where: string }
    | { kind: "unusable"; valueType: string; where: string };

export interface TagReading {
    fields: Partial<Record<TagField, TagValue>>;
    /** Tag containers whose whole value is unknown during preview (for example `tags`). */
    readonly unknownContainers: readonly string[];
    /** References (tag IDs, custom attribute IDs) to resources outside the stack, which cannot be read. */
    readonly unreadable: readonly string[];
}

// Most resources of a stack have neither: they share one empty list instead of two new ones each
// (stack validation reads every resource; the young generation's collections are most of what the
// pack costs there beyond the SDK).
const NONE: readonly string[] = Object.freeze([]);

/** What readTags fills in: the lists are made on their first entry. */
type Reading = { fields: TagReading["fields"]; unknownContainers: readonly string[]; unreadable: readonly string[] };

function append(reading: Reading, list: "unknownContainers" | "unreadable", items: readonly string[]) {
    if (items.length > 0) reading[list] = [...reading[list], ...items];
}

/** One tag found through a reference: the key and value as the referenced resources hold them. */
export interface ReferencedTag {
    key: unknown;
    value: unknown;
    where: string;
}

/**
 * Resolves properties that hold IDs of other resources. Only stack validation has one (it sees the
 * other resources and each property's dependencies); resource validation reads such properties not
 * at all, and leaves them to stack validation.
 */
export interface ReferenceResolver {
    resolve(source: TagSource, container: unknown): { tags: ReferencedTag[]; unknown: string[]; unreadable: string[] };
}

/** Normalised tag key -> the field it fills. Built once per configuration. */
export type TagKeyIndex = Map<string, TagField>;

export function buildTagKeyIndex(keys: Record<TagField, string[]>): TagKeyIndex {
    const index: TagKeyIndex = new Map();
    for (const field of Object.keys(keys) as TagField[]) {
        for (const key of keys[field]) index.set(normalizeToken(key), field);
    }
    return index;
}

// Tag keys repeat across a stack ("Name", "team", "env"): remember each raw key's normalised form
// so the per-resource cost is a map lookup. Bounded, so hostile keys cannot grow it without limit.
const normalizedKeys = new Map<string, string>();
const MAX_REMEMBERED_KEYS = 10_000;

function fieldOf(key: string, keyIndex: TagKeyIndex): TagField | undefined {
    let normalized = normalizedKeys.get(key);
    if (normalized === undefined) {
        normalized = key.length > 200 ? "" : normalizeToken(key);
        if (normalizedKeys.size < MAX_REMEMBERED_KEYS) normalizedKeys.set(key, normalized);
    }
    return keyIndex.get(normalized);
}

const MAX_LIST_ENTRIES = 10_000;

export function readTags(
    props: unknown,
    sources: ReadonlyArray<TagSource | string>,
    keyIndex: TagKeyIndex,
    resolver?: ReferenceResolver,
): TagReading {
    const reading: Reading = { fields: {}, unknownContainers: NONE, unreadable: NONE };
    const raw = unwrapPolicyProxy(props);
    if (!isPlainObject(raw)) return reading;
    for (const entry of sources) {
        const source: TagSource = typeof entry === "string" ? { property: entry, shape: "auto" } : entry;
        const property = source.property;
        if (!Object.hasOwn(raw, property)) continue;
        const container = raw[property];
        if (source.shape === "reference-list" || source.shape === "reference-keyed-map") {
            if (!resolver) continue;
            const resolved = resolver.resolve(source, container);
            for (const tag of resolved.tags) {
                if (isUnknown(tag.key)) append(reading, "unknownContainers", [tag.where]);
                else if (typeof tag.key === "string") {
                    const field = fieldOf(tag.key, keyIndex);
                    if (field) record(reading, field, tag.value, tag.where);
                }
            }
            append(reading, "unknownContainers", resolved.unknown);
            append(reading, "unreadable", resolved.unreadable);
        } else if (isUnknown(container)) append(reading, "unknownContainers", [property]);
        else if (Array.isArray(container)) {
            if (source.shape === "list" || source.shape === "auto") readTagList(container, property, keyIndex, reading, source.keyField);
        } else if (isPlainObject(container)) {
            if (source.shape === "map" || source.shape === "auto") readTagMap(container, property, keyIndex, reading);
            else if (source.shape === "namespaced-map") readNamespacedMap(container, property, keyIndex, reading);
        }
    }
    return reading;
}

// for...in over own keys rather than Object.keys: no array per tagged resource.
function readTagMap(map: Record<string, unknown>, property: string, keyIndex: TagKeyIndex, reading: Reading) {
    for (const key in map) {
        if (!Object.hasOwn(map, key)) continue;
        const field = fieldOf(key, keyIndex);
        if (field) record(reading, field, map[key], `${property}.${key}`);
    }
}

// OCI defined tags are keyed "<TagNamespace>.<TagKey>"; neither part may contain a period, so the
// key is what follows the first one. The namespace is not part of the contract: any namespace's
// "product" key names the product.
function readNamespacedMap(map: Record<string, unknown>, property: string, keyIndex: TagKeyIndex, reading: Reading) {
    for (const key in map) {
        if (!Object.hasOwn(map, key)) continue;
        const dot = key.indexOf(".");
        if (dot <= 0 || dot === key.length - 1) continue;
        const field = fieldOf(key.slice(dot + 1), keyIndex);
        if (field) record(reading, field, map[key], `${property}.${key}`);
    }
}

function readTagList(list: unknown[], property: string, keyIndex: TagKeyIndex, reading: Reading, keyField?: string) {
    const count = Math.min(list.length, MAX_LIST_ENTRIES);
    for (let i = 0; i < count; i++) {
        const entry = list[i];
        if (isPlainObject(entry)) {
            const key = keyField ? entry[keyField] : (entry.key ?? entry.Key);
            if (typeof key !== "string") continue;
            const field = fieldOf(key, keyIndex);
            if (field) record(reading, field, entry.value ?? entry.Value, `${property}[${i}].value (key ${key})`);
        } else if (typeof entry === "string") {
            const separator = entry.search(/[=:]/);
            if (separator <= 0) continue;
            const key = entry.slice(0, separator);
            const field = fieldOf(key, keyIndex);
            if (field) record(reading, field, entry.slice(separator + 1), `${property}[${i}] (key ${key})`);
        }
    }
}

function record(reading: Reading, field: TagField, value: unknown, where: string) {
    // The first occurrence wins (tags, then labels, then freeformTags): deterministic, documented.
    if (reading.fields[field]) return;
    reading.fields[field] = describe(value, where);
}

function describe(value: unknown, where: string): TagValue {
    if (isUnknown(value)) return { kind: "unknown", where };
    if (typeof value === "string") return { kind: "text", text: value, where };
    if (typeof value === "number" && Number.isFinite(value)) return { kind: "text", text: String(value), where };
    if (typeof value === "boolean") return { kind: "boolean", value, where };
    const valueType = value === null ? "null" : Array.isArray(value) ? "a list" : typeof value === "object" ? "an object" : typeof value;
    return { kind: "unusable", valueType, where };
}
