// Reads each resource (Analyze) and the stack (AnalyzeStack) once for all policies.
//
// @pulumi/policy calls every policy in registration order for each Analyze and AnalyzeStack
// request, and deserializes the resource (or the whole stack) again for each one. The policy that
// owns the estate-wide settings (named in the catalog by ownsEstateSettings) is registered first and
// leads: its reading of a resource is handed to the other policies of the same request, and in stack
// validation it runs every policy's rule on its reading of the stack and lets the SDK skip each other
// policy with nothing new to report beyond what its Analyze calls already reported (the engine
// analyzes every resource before the stack), through the SDK's by-type fast path - which spares the
// SDK's deserialization, the dominant cost. A policy with something new runs normally and reports it
// itself, under its own name and enforcement level, on the leader's reading. The property tests
// compare the diagnostics with and without this sharing on random stacks (test/properties.test.ts).
import type { Catalog } from "../catalog/load";
import type { PolicyEvaluator } from "./evaluation";
import { readFacts, type ResourceFacts, type ResourceRef } from "../model/facts";
import type { StackTags } from "../model/scope";
import { readStackFacts, type StackReading, type Unreadable } from "../model/stack";
import type { StackResource } from "../parse/references";
import type { Finding } from "../rules/finding";
import type { PolicySettings } from "../settings";
import { listInEnglish, printable, quoted } from "../text";

/** A resource type no stack has: the SDK then skips the policy without deserializing anything. */
export const NOTHING_TO_CHECK = "uc-exchange-um-policies:no-server-this-policy-checks:InThisStack";

/** The SDK's by-type fast path reads this property of a validation function (@pulumi/policy getPulumiType). */
export type Skippable = { __pulumiType?: string };

export class SharedReading {
    private readonly evaluators: PolicyEvaluator[] = [];
    private readonly stackValidations = new Map<PolicyEvaluator, Skippable>();
    private leader: PolicyEvaluator | undefined;
    // The note about unreadable tag references is the leader's; when the leader is disabled (it
    // never runs stack validation), the first policy that runs says it instead, still once.
    private leaderStackRuns = 0;
    private notedByFollower = false;
    /** The leader's reading of the resource of the Analyze request it saw last. */
    private lastResource: { urn: string; facts: ResourceFacts | undefined } | undefined;
    /** The leader's reading of the stack of the last AnalyzeStack request. */
    private lastStack: { count: number; first?: string; last?: string; reading: StackReading; readersLeft: number } | undefined;

    constructor(
        private readonly catalog: Catalog,
        private readonly shortcut: boolean,
    ) {}

    /** Registers a policy (in the SDK's order) with its stack validation, which the leader may mark skippable. */
    register(evaluator: PolicyEvaluator, stackValidation: Skippable) {
        if (evaluator.entry.name === this.catalog.estateSettingsOwner) this.leader = evaluator;
        this.evaluators.push(evaluator);
        this.stackValidations.set(evaluator, stackValidation);
    }

    isLeader(evaluator: PolicyEvaluator): boolean {
        return evaluator === this.leader;
    }

    /** Estate-wide settings for a policy other than the owner: the owner's as last parsed (undefined before it ran). */
    estateFor(evaluator: PolicyEvaluator): PolicySettings | undefined {
        return this.isLeader(evaluator) ? undefined : this.leader?.lastSettings;
    }

    /**
     * A resource's facts. Within one Analyze request the leader runs first, so the others take its
     * reading. Requests can interleave (the SDK awaits between policies): a reading is taken only for
     * the same URN, and the engine never analyzes one URN twice at once.
     */
    resourceFacts(evaluator: PolicyEvaluator, resource: ResourceRef, props: Record<string, unknown>, settings: PolicySettings) {
        if (this.shortcut && !this.isLeader(evaluator) && this.lastResource?.urn === resource.urn) return this.lastResource.facts;
        const facts = readFacts(resource, props, this.catalog, settings);
        if (this.isLeader(evaluator)) this.lastResource = { urn: resource.urn, facts };
        return facts;
    }

    /** The stack's facts: the leader reads them, the others of the same request take its reading. */
    stackReading(evaluator: PolicyEvaluator, resources: StackResource[], settings: PolicySettings): StackReading {
        const shape = { count: resources.length, first: resources[0]?.urn, last: resources[resources.length - 1]?.urn };
        const last = this.lastStack;
        if (
            this.shortcut &&
            !this.isLeader(evaluator) &&
            last &&
            last.count === shape.count &&
            last.first === shape.first &&
            last.last === shape.last
        ) {
            // Kept only until the last policy that runs after the leader has taken it: a stack's
            // facts are not held for the rest of the process.
            if (--last.readersLeft <= 0) this.lastStack = undefined;
            return last.reading;
        }
        const reading = readStackFacts(resources, this.catalog, settings);
        if (this.isLeader(evaluator)) this.lastStack = { ...shape, reading, readersLeft: 0 };
        return reading;
    }

    /** Whether this policy's stack validation says the once-per-stack note on unreadable tags. */
    saysUnreadableNote(evaluator: PolicyEvaluator, unreadable: Unreadable[]): boolean {
        const leader = this.isLeader(evaluator);
        if (leader) this.leaderStackRuns++;
        if (unreadable.length === 0) return false;
        if (leader) return true;
        if (this.leaderStackRuns > 0 || this.notedByFollower) return false;
        this.notedByFollower = true;
        return true;
    }

    /**
     * After the leader's stack validation: runs each other policy's rule on the leader's reading and
     * lets the SDK skip those with nothing new. The few that run read the stack again themselves.
     */
    scheduleFollowers(evaluator: PolicyEvaluator, facts: ResourceFacts[], stackTags: StackTags | undefined) {
        if (!this.shortcut || !this.isLeader(evaluator)) return;
        let readers = 0;
        for (const follower of this.evaluators) {
            if (follower === evaluator) continue;
            follower.forgetStackAhead();
            const validation = this.stackValidations.get(follower)!;
            // A follower whose config the pack has not seen cannot be judged on the leader's reading:
            // its exemptions and config problems are its own. It runs and reads the stack itself.
            if (follower.lastConfig === undefined) {
                validation.__pulumiType = undefined;
                readers++;
                continue;
            }
            const settings = follower.settingsFor(follower.lastConfig);
            const hasNews = settings.problems.length > 0 || follower.evaluateStackAhead(facts, stackTags, settings).length > 0;
            // A follower that runs takes these findings instead of evaluating the same reading again.
            if (!hasNews) follower.forgetStackAhead();
            validation.__pulumiType = hasNews ? undefined : NOTHING_TO_CHECK;
            if (hasNews) readers++;
        }
        if (this.lastStack) this.lastStack.readersLeft = readers;
        if (readers === 0) this.lastStack = undefined;
    }
}

const MAX_NAMED_UNREADABLE = 3;

/**
 * Tags a resource refers to by ID (vSphere tag and custom attribute IDs) that no resource of the
 * stack has - typically looked up with vCenter data sources - cannot be read: the pack cannot tell
 * whether these resources are communications servers, and says so instead of passing them.
 */
export function unreadableNote(unreadable: Unreadable[], settings: PolicySettings): Finding {
    const keys = [settings.tagKeys.product, settings.tagKeys.cumulativeUpdate, settings.tagKeys.exchangeUm, settings.tagKeys.ucFeatures]
        .map((k) => printable(k[0]))
        .join(", ");
    const named = unreadable.slice(0, MAX_NAMED_UNREADABLE).map(
        (u) =>
            `${quoted(printable(u.resource.name))} (${u.where
                .slice(0, 2)
                .map((w) => printable(w))
                .join(", ")}${u.where.length > 2 ? ", ..." : ""})`,
    );
    if (unreadable.length > MAX_NAMED_UNREADABLE) named.push(`${unreadable.length - MAX_NAMED_UNREADABLE} more`);
    const count = unreadable.length === 1 ? "1 resource refers" : `${unreadable.length} resources refer`;
    return {
        code: "unreadable-tags",
        level: "advisory",
        text:
            `${count} to tags or custom attributes by IDs that no resource of this stack has: ${listInEnglish(named)}. ` +
            "They come from outside the stack (for example vCenter tags looked up with vsphere.getTag), so the pack cannot read their category and name and cannot tell whether these resources are communications servers. " +
            `Declare the UC tags (${keys}) as Tag and TagCategory resources of this stack - existing vCenter tags can be adopted with 'pulumi import vsphere:index/tag:Tag' - or as CustomAttribute resources, and refer to their IDs.`,
    };
}
