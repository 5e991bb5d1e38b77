// Lenient matching of user-written values: "Lync Server 2010", "lync-2010" and "LYNC_SERVER.2010"
// must all name the same product, and invisible formatting characters must not defeat a match.

/** Values longer than this are never product names, tag keys or update levels. */
export const MAX_TAG_VALUE_LENGTH = 200;

const IGNORED_CHARACTERS = /[\s\-_.\p{Cf}\p{Cc}]+/gu;

/** Lower-cases and drops spaces, hyphens, underscores, dots and format/control characters. */
export function normalizeToken(value: string): string {
    return value
        .normalize("NFKC")
        .toLowerCase()
        .replace(IGNORED_CHARACTERS, "")
        .replace(/^microsoft/, "");
}

/** Quotes a name we own (resource names, tag keys, products) for a message. */
export function quoted(value: string): string {
    return `'${value}'`;
}

export function listInEnglish(items: string[], conjunction = "and"): string {
    if (items.length <= 1) return items.join("");
    return `${items.slice(0, -1).join(", ")} ${conjunction} ${items[items.length - 1]}`;
}

const UNPRINTABLE = /[\p{Cc}\p{Cf}]/gu;

/**
 * A resource name or tag key as shown in a message: control and bidirectional-override
 * characters are replaced so a crafted name cannot reorder or hide the text around it.
 */
export function printable(value: string): string {
    const clean = value.replace(UNPRINTABLE, "\uFFFD");
    return clean.length > MAX_TAG_VALUE_LENGTH ? `${clean.slice(0, MAX_TAG_VALUE_LENGTH)}…` : clean;
}

/** A YYYY-MM-DD string naming a day that exists (2027-02-30 does not). */
export function isCalendarDate(value: string): boolean {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** A JSON object (not null, not a list): what tag maps and config sections must be. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
