// JUnit XML for GitLab, Azure DevOps and Jenkins. GitLab's parser and Azure's reader both drop the
// system-out of passing tests and read a testcase's outcome only from failure/error/skipped, so:
// - a testcase per policy and analysed resource: a fixed violation shows as the same test passing,
//   and a compliant run shows its passed checks instead of "0 tests";
// - mandatory violations are <failure> (message attribute = Azure's error message, body = GitLab's);
// - advisories (exemptions in use, checks deferred to update time, ...) are <skipped message="...">,
//   the one non-failing outcome whose text both systems show;
// - a run that did not complete is an <error> testcase, and its passes are left out, so it never
//   looks like a passing suite;
// - suites, classnames and test names carry the stack, so several stacks never collide (GitLab keeps
//   only the first of duplicate names).
import { isMandatory, type PolicyRun, type PolicyViolation, resourceName, stackLabel, STATUS_TEXT } from "./eventLog";

interface Case {
    name: string;
    body: string;
    outcome: "passed" | "failed" | "skipped" | "error";
}

export function toJunit(runs: PolicyRun[]): string {
    const suites: Array<{ name: string; cases: Case[] }> = [];
    for (const run of runs) {
        const label = stackLabel(run);
        if (run.status !== "complete") {
            const cases = [statusCase(run), ...run.packs.flatMap((pack) => policyCases(run, pack.name, pack.policies, false))];
            suites.push({ name: `${label}: pulumi run`, cases });
            continue;
        }
        for (const pack of run.packs)
            suites.push({ name: `${label}: ${pack.name}`, cases: policyCases(run, pack.name, pack.policies, true) });
    }
    const count = (cases: Case[], outcome: Case["outcome"]) => cases.filter((c) => c.outcome === outcome).length;
    const all = suites.flatMap((s) => s.cases);
    const body = suites.map((suite) =>
        [
            `  <testsuite name="${xml(suite.name)}" tests="${suite.cases.length}" failures="${count(suite.cases, "failed")}" errors="${count(suite.cases, "error")}" skipped="${count(suite.cases, "skipped")}">`,
            ...suite.cases.map((c) => `    <testcase classname="${xml(suite.name)}" name="${xml(c.name)}">${c.body}</testcase>`),
            "  </testsuite>",
        ].join("\n"),
    );
    return [
        `<?xml version="1.0" encoding="UTF-8"?>`,
        `<testsuites name="pulumi policy" tests="${all.length}" failures="${count(all, "failed")}" errors="${count(all, "error")}" skipped="${count(all, "skipped")}">`,
        ...body,
        "</testsuites>",
        "",
    ].join("\n");
}

function statusCase(run: PolicyRun): Case {
    const headline = `The Pulumi run of ${stackLabel(run)} ${STATUS_TEXT[run.status]}.`;
    const details = run.problems.map((p) => (p.file ? `${p.message}\n  at ${p.file}${p.line ? `:${p.line}` : ""}` : p.message)).join("\n");
    return {
        name: `${run.stack || stackLabel(run)}: the pulumi run completed`,
        outcome: "error",
        body: `<error message="${xml(headline)}" type="${xml(run.status)}">${xml(`${headline}\n${details}`)}</error>`,
    };
}

/** One case per policy and resource the pack analysed; passes only for a complete run. */
function policyCases(run: PolicyRun, pack: string, policies: string[], withPasses: boolean): Case[] {
    const mine = run.violations.filter((v) => v.policyPackName === pack);
    // Providers and the stack resource are analysed too, but are not what a policy is about.
    const resources = run.analyzedResources.filter((urn) => !/::pulumi:(providers:[^:]+|pulumi:Stack)::/.test(urn));
    const keys = new Map<string, { policy: string; urn: string }>();
    for (const policy of policies) for (const urn of withPasses ? resources : []) keys.set(`${policy}\u0000${urn}`, { policy, urn });
    for (const v of mine) keys.set(`${v.policyName}\u0000${v.resourceUrn}`, { policy: v.policyName, urn: v.resourceUrn });
    return [...keys.values()]
        .sort((a, b) => a.policy.localeCompare(b.policy) || resources.indexOf(a.urn) - resources.indexOf(b.urn))
        .map(({ policy, urn }) => {
            const found = mine.filter((v) => v.policyName === policy && v.resourceUrn === urn);
            return toCase(`${run.stack || stackLabel(run)}: ${policy} ${resourceName(urn)}`, found);
        });
}

function toCase(name: string, found: PolicyViolation[]): Case {
    const mandatory = found.filter(isMandatory);
    const text = (vs: PolicyViolation[]) =>
        vs.map((v) => `[${v.enforcementLevel}${v.severity ? `, severity ${v.severity}` : ""}] ${v.detail}`).join("\n");
    if (mandatory.length > 0) {
        return {
            name,
            outcome: "failed",
            body: `<failure message="${xml(mandatory[0].detail)}" type="${xml(mandatory[0].enforcementLevel)}">${xml(`${mandatory[0].description}\n${text(found)}`)}</failure>`,
        };
    }
    if (found.length > 0) return { name, outcome: "skipped", body: `<skipped message="${xml(text(found))}"/>` };
    return { name, outcome: "passed", body: "" };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters XML 1.0 cannot carry.
const NOT_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Escapes text for XML 1.0, dropping the control characters XML cannot carry at all. */
export function xml(text: string): string {
    return text
        .replace(NOT_IN_XML, "\uFFFD")
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/"/g, "&quot;")
        .replace(/'/g, "&apos;")
        .replace(/\n/g, "&#10;");
}
