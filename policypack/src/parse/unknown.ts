// Unknown (computed) values arrive during preview as the engine's sentinel strings. @pulumi/policy
// wraps properties in a proxy that throws when one is read; we read the plain data underneath and
// test for the sentinels ourselves, so an unknown value becomes a decision, never an exception.

// The engine's wire constants for unknown values (pulumi/pulumi sdk/go/common/resource/plugin/rpc.go; the@pulumi/policy proxy uses the same).
const UNKNOWN_SENTINELS = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
    "030794c1-ac77-496b-92df-f27374a8bd58", // asset
    "e48ece36-62e2-4504-bad9-02848725956a", // archive
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

export function isUnknown(value: unknown): boolean {
    return typeof value === "string" && value.length === 36 && UNKNOWN_SENTINELS.has(value);
}

// The proxy answers this property with its target; a plain object answers undefined.
const PROXY_TARGET = "__getSpecialProxyTarget";

export function unwrapPolicyProxy(value: unknown): unknown {
    if (typeof value !== "object" || value === null) return value;
    try {
        const target = (value as Record<string, unknown>)[PROXY_TARGET];
        return target !== undefined && typeof target === "object" ? target : value;
    } catch {
        return value;
    }
}
