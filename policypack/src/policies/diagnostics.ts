// The one place a finding becomes what the engine shows: its message (what was found and what to
// do, then the source the conclusion rests on - CI reports read the "Source:" at the end), its
// level, and the policy's exemptions. Rules only state findings as data (rules/finding.ts).
import type { ReportViolation } from "@pulumi/policy";
import type { Catalog } from "../catalog/load";
import type { PolicyEntry } from "../catalog/types";
import { citation } from "../model/messages";
import type { Finding } from "../rules/finding";
import type { PolicySettings } from "../settings";
import { printable, quoted } from "../text";

export function renderMessage(finding: Finding, catalog: Catalog): string {
    return finding.source ? `${finding.text} ${citation(catalog, finding.source)}` : finding.text;
}

/** Exempted findings become advisory notes naming the exemption; expired exemptions say so. */
export function applyExemptions(findings: Finding[], entry: PolicyEntry, settings: PolicySettings, today: string): Finding[] {
    if (settings.exemptions.length === 0) return findings;
    return findings.map((finding) => {
        const resource = finding.resource;
        if (!resource) return finding;
        const exemption = settings.exemptions.find((e) => e.resource === resource.name || e.resource === resource.urn);
        if (!exemption) return finding;
        const name = quoted(printable(resource.name));
        if (exemption.expires < today) {
            const note = `The exemption of ${name} from this policy expired on ${exemption.expires} and no longer applies (reason given: ${exemption.reason}).`;
            return { ...finding, text: `${finding.text} ${note}` };
        }
        return {
            ...finding,
            level: "advisory",
            text: `${name} is exempt from policy ${quoted(entry.name)} until ${exemption.expires} (reason: ${exemption.reason}). Without the exemption: ${finding.text}`,
        };
    });
}

/** The SDK's object form of a violation: the only way to lower one diagnostic of a policy to advisory. */
interface ViolationObject {
    message: string;
    enforcementLevel: "advisory";
    urn?: string;
}

export function reportFinding(entry: PolicyEntry, finding: Finding, catalog: Catalog, report: ReportViolation) {
    const message = renderMessage(finding, catalog);
    if (finding.level === "advisory") {
        // Keeps the policy's name; the string form would report at the policy's level. Pinned through
        // the real SDK over gRPC by test/protocol.test.ts (an unknown CU: advisory from a mandatory policy).
        const violation: ViolationObject = {
            message: `${entry.description}\n${message}`,
            enforcementLevel: "advisory",
            urn: finding.resource?.urn,
        };
        (report as unknown as (violation: ViolationObject) => void)(violation);
    } else {
        report(message, finding.resource?.urn);
    }
}
