// Resources for the inventory report, from a `pulumi stack export` file or from the resource
// events of an engine event log (the same inputs the CI reports use).
import type { InventoryResource } from "../inventory";
import { EventLogError } from "./inputError";

const nameOf = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);

export function resourcesFromStackExport(text: string, file: string): InventoryResource[] {
    let state: unknown;
    try {
        state = JSON.parse(text);
    } catch (e) {
        throw new EventLogError(file, undefined, `not JSON (${(e as Error).message}); expected the output of pulumi stack export`);
    }
    const resources = (state as { deployment?: { resources?: unknown } } | null)?.deployment?.resources;
    if (!Array.isArray(resources))
        throw new EventLogError(
            file,
            undefined,
            "not a stack export: no deployment.resources list (expected the output of pulumi stack export)",
        );
    const states = resources.filter(
        (r): r is Record<string, unknown> =>
            typeof r === "object" && r !== null && typeof (r as { urn?: unknown }).urn === "string" && !(r as { delete?: boolean }).delete,
    );
    const list: InventoryResource[] = states.map((r) => ({
        urn: r.urn as string,
        type: String(r.type ?? ""),
        name: nameOf(r.urn as string),
        props: pickProps(r),
    }));
    // The state records which resources each property depends on, by URN; the pack reads them as
    // stack validation does (vSphere tags whose IDs were not known when the state was written).
    const byUrn = new Map(list.map((r) => [r.urn, r]));
    states.forEach((state, i) => {
        const deps = state.propertyDependencies;
        if (typeof deps !== "object" || deps === null) return;
        const resolved: Record<string, InventoryResource[]> = {};
        for (const [property, urns] of Object.entries(deps)) {
            if (Array.isArray(urns))
                resolved[property] = urns.map((u) => byUrn.get(String(u))).filter((r): r is InventoryResource => r !== undefined);
        }
        list[i].propertyDependencies = resolved;
    });
    return list;
}

export function resourcesFromEventLog(text: string): InventoryResource[] {
    const byUrn = new Map<string, InventoryResource>();
    for (const line of text.split("\n")) {
        if (!line.includes("resourcePreEvent") && !line.includes("resOutputsEvent")) continue;
        let event: Record<string, { metadata?: { new?: Record<string, unknown> } }>;
        try {
            event = JSON.parse(line);
        } catch {
            // Only the half-written last line of a truncated log gets here (readEventLog refuses
            // any other): the run is reported as truncated, and this resource as not seen.
            continue;
        }
        const state = (event.resourcePreEvent ?? event.resOutputsEvent)?.metadata?.new;
        if (!state || typeof state.urn !== "string") continue;
        byUrn.set(state.urn, { urn: state.urn, type: String(state.type ?? ""), name: nameOf(state.urn), props: pickProps(state) });
    }
    return [...byUrn.values()];
}

/** Outputs describe what is deployed; before the first deployment only inputs exist. */
function pickProps(state: Record<string, unknown>): unknown {
    const outputs = state.outputs as Record<string, unknown> | undefined;
    return outputs && Object.keys(outputs).length > 0 ? outputs : state.inputs;
}
