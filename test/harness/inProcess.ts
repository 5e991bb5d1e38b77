// Runs the pack's policies in this process with the arguments @pulumi/policy would pass, for fast
// rule tests. The protocol tests (test/protocol.test.ts) check the same behaviour through the engine's
// gRPC protocol against the real pack process.
import { type Catalog, loadCatalog } from "../../policypack/src/catalog/load";
import { buildPolicies } from "../../policypack/src/policies";

export interface Resource {
    type: string;
    name: string;
    properties: Record<string, unknown>;
    /** Property -> names of the resources its value depends on, as the engine sends them to stack validation. */
    propertyDependencies?: Record<string, string[]>;
}

export interface Reported {
    policyName: string;
    enforcementLevel: string;
    urn: string;
    message: string;
}

export interface RunOptions {
    stackTags?: Record<string, string>;
    config?: Record<string, Record<string, unknown> & { enforcementLevel?: string }>;
    today?: string;
    /** Off: every policy runs its own stack validation (see PolicyOptions.stackShortcut). */
    stackShortcut?: boolean;
    /** Another catalog than the pack's (a test's variant of rules/*.json). */
    catalog?: Catalog;
}

const catalog = loadCatalog();

export const urn = (r: Resource) => `urn:pulumi:dev::uc-estate::${r.type}::${r.name}`;

function reporter(policy: { name: string; description: string }, level: string, into: Reported[], defaultUrn: string) {
    return (message: unknown, violationUrn?: string) => {
        if (typeof message === "object" && message !== null) {
            const info = message as { message: string; enforcementLevel?: string; urn?: string };
            into.push({
                policyName: policy.name,
                enforcementLevel: info.enforcementLevel ?? level,
                urn: info.urn ?? defaultUrn,
                message: info.message,
            });
        } else {
            into.push({
                policyName: policy.name,
                enforcementLevel: level,
                urn: violationUrn ?? defaultUrn,
                message: `${policy.description}\n${message}`,
            });
        }
    };
}

function stackTagMap(tags: Record<string, string> = {}) {
    return new Map(Object.entries(tags));
}

/** What `pulumi preview` would report: Analyze on every resource, then AnalyzeStack. */
export function preview(resources: Resource[], options: RunOptions = {}): Reported[] {
    const policies = buildPolicies(options.catalog ?? catalog, {
        today: () => options.today ?? "2026-11-24",
        stackShortcut: options.stackShortcut,
    });
    const out: Reported[] = [];
    for (const r of resources) {
        for (const policy of policies) {
            const { enforcementLevel, ...config } = options.config?.[policy.name] ?? {};
            const level = enforcementLevel ?? policy.enforcementLevel ?? "advisory";
            if (level === "disabled") continue;
            (policy.validateResource as (args: unknown, report: unknown) => void)(
                {
                    type: r.type,
                    name: r.name,
                    urn: urn(r),
                    props: r.properties,
                    opts: {} as never,
                    stackTags: stackTagMap(options.stackTags),
                    getConfig: () => config as never,
                    isType: () => false,
                    asType: () => undefined,
                    notApplicable: () => {
                        throw new Error("notApplicable");
                    },
                } as never,
                reporter(policy, level, out, urn(r)) as never,
            );
        }
    }
    for (const policy of policies) {
        const { enforcementLevel, ...config } = options.config?.[policy.name] ?? {};
        const level = enforcementLevel ?? policy.enforcementLevel ?? "advisory";
        if (level === "disabled") continue;
        // The SDK's by-type fast path, which the pack uses to skip policies with nothing to report.
        const onlyType = (policy.validateStack as { __pulumiType?: string }).__pulumiType;
        if (onlyType && !resources.some((r) => r.type === onlyType)) continue;
        policy.validateStack(
            {
                resources: stackResources(resources),
                stackTags: stackTagMap(options.stackTags),
                getConfig: () => config as never,
                notApplicable: () => {
                    throw new Error("notApplicable");
                },
            } as never,
            reporter(policy, level, out, "") as never,
        );
    }
    return out;
}

/** The resources as @pulumi/policy hands them to stack validation: dependencies are the resource objects. */
export function stackResources(resources: Resource[]) {
    const objects = resources.map((r) => ({
        type: r.type,
        name: r.name,
        urn: urn(r),
        props: r.properties,
        opts: {},
        dependencies: [] as unknown[],
        propertyDependencies: {} as Record<string, unknown[]>,
    }));
    const byName = new Map(objects.map((o) => [o.name, o]));
    resources.forEach((r, i) => {
        for (const [property, names] of Object.entries(r.propertyDependencies ?? {})) {
            const deps = names.map((n) => {
                const dep = byName.get(n);
                if (!dep) throw new Error(`example resource '${r.name}' depends on '${n}', which the example does not declare`);
                return dep;
            });
            objects[i].propertyDependencies[property] = deps;
            for (const dep of deps) if (!objects[i].dependencies.includes(dep)) objects[i].dependencies.push(dep);
        }
    });
    return objects;
}

/** The part of a reported message after the policy description. */
export function detail(reported: Reported): string {
    return reported.message.slice(reported.message.indexOf("\n") + 1);
}
