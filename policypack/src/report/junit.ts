// JUnit XML for GitLab, Azure DevOps and Jenkins: a test suite per policy pack, a test case per
// violation. Mandatory violations are failures; advisory ones pass with their message in
// system-out, so they show in the report without failing it.
import { PolicyViolation, resourceName } from "./eventLog";

export function toJunit(violations: PolicyViolation[]): string {
    const packs = [...new Set(violations.map((v) => v.policyPackName))];
    const suites = packs.map((pack) => {
        const mine = violations.filter((v) => v.policyPackName === pack);
        const failures = mine.filter(isFailure).length;
        const cases = mine.map((v) => {
            const name = `${v.policyName} ${resourceName(v.resourceUrn)}`;
            const body = isFailure(v)
                ? `<failure message="${xml(v.detail)}" type="${xml(v.enforcementLevel)}">${xml(`${v.description}\n${v.detail}`)}</failure>`
                : `<system-out>${xml(`[${v.enforcementLevel}] ${v.detail}`)}</system-out>`;
            return `    <testcase classname="${xml(`${pack}.${v.policyName}`)}" name="${xml(name)}">${body}</testcase>`;
        });
        return [`  <testsuite name="${xml(pack)}" tests="${mine.length}" failures="${failures}" errors="0" skipped="0">`, ...cases, "  </testsuite>"].join("\n");
    });
    const failures = violations.filter(isFailure).length;
    return [`<?xml version="1.0" encoding="UTF-8"?>`, `<testsuites name="pulumi policy" tests="${violations.length}" failures="${failures}">`, ...suites, "</testsuites>", ""].join("\n");
}

function isFailure(v: PolicyViolation): boolean {
    return v.enforcementLevel === "mandatory" || v.enforcementLevel === "remediate";
}

/** Escapes text for XML 1.0, dropping the control characters XML cannot carry at all. */
export function xml(text: string): string {
    return text
        .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "\uFFFD")
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/"/g, "&quot;")
        .replace(/'/g, "&apos;");
}
