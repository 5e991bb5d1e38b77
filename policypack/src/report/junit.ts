// JUnit XML for GitLab, Azure DevOps, Jenkins (xUnit's junit-10.xsd, test/fixtures/junit) and
// dorny/test-reporter. GitLab's parser and Azure's reader both drop the system-out of passing tests
// and read a testcase's outcome only from failure/error/skipped, so:
// - a testcase per policy and UC server of the stack, and per policy and resource with a finding
//   (the stack itself for stack-wide ones): a fixed violation shows as the same test passing, and
//   other resources (networks, disks, providers) have no tests to drown the servers in;
// - one testcase says how many UC servers were recognised, skipped (with its reason shown) when
//   none was, so a stack whose servers were not recognised never reads as a passing suite;
// - mandatory violations are <failure> (message attribute = Azure's error message, body = GitLab's);
// - advisories (exemptions in use, checks deferred to update time, ...) are <skipped message="...">,
//   the one non-failing outcome whose text both systems show;
// - a run that did not complete is an <error> testcase, and its passes are left out, so it never
//   looks like a passing suite;
// - every element has `time` (readers that compute durations otherwise get NaN): the run's length
//   from the log's timestamps for a suite, 0 for a test (the engine times no single check);
// - suites, classnames and test names carry the stack, so several stacks never collide (GitLab keeps
//   only the first of duplicate names).
import { isMandatory, type PolicyRun, type PolicyViolation, resourceName, stackLabel, STATUS_TEXT } from "./eventLog";

interface Case {
    name: string;
    body: string;
    outcome: "passed" | "failed" | "skipped" | "error";
}

interface Suite {
    name: string;
    seconds: number;
    cases: Case[];
}

export function toJunit(runs: PolicyRun[]): string {
    const suites = runs.flatMap(suitesOf);
    const all = suites.flatMap((s) => s.cases);
    const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
    const body = suites.map((suite) =>
        [
            `  <testsuite name="${xml(suite.name)}" tests="${suite.cases.length}" failures="${count(suite.cases, "failed")}" errors="${count(suite.cases, "error")}" skipped="${count(suite.cases, "skipped")}" time="${suite.seconds}">`,
            ...suite.cases.map((c) => `    <testcase classname="${xml(suite.name)}" name="${xml(c.name)}" time="0">${c.body}</testcase>`),
            "  </testsuite>",
        ].join("\n"),
    );
    // No `skipped` on <testsuites>: Jenkins xUnit's schema refuses it (and skips the whole file).
    return [
        `<?xml version="1.0" encoding="UTF-8"?>`,
        `<testsuites name="pulumi policy" tests="${all.length}" failures="${count(all, "failed")}" errors="${count(all, "error")}" time="${seconds}">`,
        ...body,
        "</testsuites>",
        "",
    ].join("\n");
}

function count(cases: Case[], outcome: Case["outcome"]): number {
    return cases.filter((c) => c.outcome === outcome).length;
}

function suitesOf(run: PolicyRun): Suite[] {
    const label = stackLabel(run);
    if (run.status !== "complete") {
        const cases = [statusCase(run), ...run.packs.flatMap((pack) => policyCases(run, pack.name, pack.policies, false))];
        return [{ name: `${label}: pulumi run`, seconds: run.seconds, cases }];
    }
    return run.packs.map((pack) => ({
        name: `${label}: ${pack.name}`,
        seconds: run.seconds,
        cases: [serversCase(run), ...policyCases(run, pack.name, pack.policies, true)],
    }));
}

function testPrefix(run: PolicyRun): string {
    return run.stack || stackLabel(run);
}

function statusCase(run: PolicyRun): Case {
    const headline = `The Pulumi run of ${stackLabel(run)} ${STATUS_TEXT[run.status]}.`;
    const details = run.problems.map((p) => (p.file ? `${p.message}\n  at ${p.file}${p.line ? `:${p.line}` : ""}` : p.message)).join("\n");
    return {
        name: `${testPrefix(run)}: the pulumi run completed`,
        outcome: "error",
        body: `<error message="${xml(headline)}" type="${xml(run.status)}">${xml(`${headline}\n${details}`)}</error>`,
    };
}

/** How many UC servers the checks covered; skipped, with the reason shown, when there were none. */
function serversCase(run: PolicyRun): Case {
    const { resources, servers } = run.estate;
    const name = `${testPrefix(run)}: UC servers recognised`;
    if (servers.length > 0) {
        const text = `${servers.length} UC server${servers.length === 1 ? "" : "s"} of ${resources} resource${resources === 1 ? "" : "s"}: ${servers.map((s) => s.name).join(", ")}`;
        return { name, outcome: "passed", body: `<system-out>${xml(text)}</system-out>` };
    }
    const reason =
        resources === 0
            ? "The event log lists no resources (pulumi policy analyze writes none): only the findings below have tests."
            : `No UC server was recognised among ${resources} resource${resources === 1 ? "" : "s"}: no server was checked. Servers are recognised by their product tag (README: the tag contract).`;
    return { name, outcome: "skipped", body: `<skipped message="${xml(reason)}"/>` };
}

/** One case per policy and subject (UC server or resource with a finding); passes only for a complete run. */
function policyCases(run: PolicyRun, pack: string, policies: string[], withPasses: boolean): Case[] {
    const found = new Map<string, PolicyViolation[]>();
    const subjects = new Map<string, string>(withPasses ? run.estate.servers.map((s) => [s.urn, s.name]) : []);
    const mentioned = new Set(withPasses ? policies : []);
    for (const v of run.violations) {
        if (v.policyPackName !== pack) continue;
        const key = `${v.policyName}\u0000${v.resourceUrn}`;
        const list = found.get(key);
        if (list) list.push(v);
        else found.set(key, [v]);
        subjects.set(v.resourceUrn, resourceName(v.resourceUrn));
        mentioned.add(v.policyName);
    }
    // The stack first, then the resources by name (the URN breaks ties between equal names).
    const ordered = [...subjects.entries()].sort(([urnA, a], [urnB, b]) =>
        urnA === "" ? -1 : urnB === "" ? 1 : a < b ? -1 : a > b ? 1 : urnA < urnB ? -1 : 1,
    );
    const cases: Case[] = [];
    for (const policy of [...mentioned].sort()) {
        for (const [urn, name] of ordered) {
            const mine = found.get(`${policy}\u0000${urn}`) ?? [];
            if (withPasses || mine.length > 0) cases.push(toCase(`${testPrefix(run)}: ${policy} ${name}`, mine));
        }
    }
    return cases;
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
