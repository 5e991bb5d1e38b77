// Large estates for the report tests, made from a real CLI event log: the real pulumi CLI's preview
// of the sample estate (test/fixtures/report/noncompliant-preview.jsonl, recorded by test/e2e) is
// scaled by repeating every event of one of its resources under new names - the failing Lync Server
// 2010 server lync-fe-01 (below CU3, a mandatory violation) as lync-fe-0002, lync-fe-0003, ..., and
// the S3 bucket voicemail-archive (no UC server) as voicemail-archive-0002, ... Each copy keeps the
// engine's own events (registration, analysis summaries, resource events, policy events) with the
// name replaced everywhere, so the log reads exactly as a preview of that many servers would: the
// same event kinds, order and messages, one set per resource. (Previews of 150 and 2,000 servers
// through the real CLI take minutes on this machine's 2 cores; this keeps the tests in seconds.)
import * as fs from "node:fs";
import * as path from "node:path";

const SAMPLE = path.resolve(__dirname, "..", "..", "..", "test", "fixtures", "report", "noncompliant-preview.jsonl");

export interface EstateSize {
    /** Lync Server 2010 servers below CU3 in all, the sample's lync-fe-01 included (at least 1). */
    failingServers: number;
    /** Resources that are no UC servers in all, the sample's voicemail-archive included (at least 1). */
    otherResources?: number;
}

export function largeEstateLog({ failingServers, otherResources = 1 }: EstateSize): string {
    const lines = fs.readFileSync(SAMPLE, "utf8").trimEnd().split("\n");
    const copies = (line: string, name: string, count: number, as: (i: number) => string) => {
        if (!line.includes(name)) return [line];
        return [line, ...Array.from({ length: count - 1 }, (_, i) => line.split(name).join(as(i + 2)))];
    };
    const pad = (i: number) => String(i).padStart(4, "0");
    return `${lines
        .flatMap((line) => copies(line, "lync-fe-01", failingServers, (i) => `lync-fe-${pad(i)}`))
        .flatMap((line) => copies(line, "voicemail-archive", otherResources, (i) => `voicemail-archive-${pad(i)}`))
        .join("\n")}\n`;
}
