// Event logs of large estates for the report tool's benchmark, generated from a real CLI log: the
// real pulumi CLI's preview of the sample estate with the pack (test/fixtures/report/
// noncompliant-preview.jsonl, recorded by test/e2e: 11 resources - the stack, four default
// providers, six resources - and the policy events of the failing ones) is scaled the way
// test/report/largeEstate.ts scales it for the tests: every event line of one resource is repeated
// under new names, so the log holds the engine's own events for each copy (registration, remediate
// and analyze summaries, resource pre/outputs events, policy events), in the CLI's order and words:
//   - the failing Lync Server 2010 server lync-fe-01 (below CU3: a mandatory violation) as
//     lync-fe-000002, lync-fe-000003, ... - 5% of the estate, as bench/workload.ts's realistic estate;
//   - the S3 bucket voicemail-archive (no UC server) as voicemail-archive-000002, ... - the rest.
// Written line by line to a file: a 100,000-resource log is about 300 MB.
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./engine";

export const SAMPLE_LOG = path.join(REPO_ROOT, "test", "fixtures", "report", "noncompliant-preview.jsonl");
const SERVER = "lync-fe-01";
const OTHER = "voicemail-archive";
/** Resources of the sample log: the stack, four default providers and six resources. */
const SAMPLE_RESOURCES = 11;

export interface ScaledLog {
    file: string;
    /** Resources in the log, the stack and providers included. */
    resources: number;
    failingServers: number;
    bytes: number;
}

/** Writes an event log of `resources` resources (at least the sample's 11), `serverShare` of them failing Lync Server 2010 servers. */
export function writeScaledEventLog(file: string, resources: number, serverShare = 0.05): ScaledLog {
    const failingServers = Math.max(1, Math.round(resources * serverShare));
    const others = Math.max(1, resources - failingServers - (SAMPLE_RESOURCES - 2));
    const lines = fs.readFileSync(SAMPLE_LOG, "utf8").trimEnd().split("\n");
    const fd = fs.openSync(file, "w");
    let buffered: string[] = [];
    let size = 0;
    let bytes = 0;
    const write = (line: string) => {
        buffered.push(line, "\n");
        size += line.length + 1;
        if (size > 1 << 20) flush();
    };
    const flush = () => {
        const chunk = buffered.join("");
        bytes += Buffer.byteLength(chunk);
        fs.writeSync(fd, chunk);
        buffered = [];
        size = 0;
    };
    const pad = (i: number) => String(i).padStart(6, "0");
    try {
        for (const line of lines) {
            const name = line.includes(SERVER) ? SERVER : line.includes(OTHER) ? OTHER : undefined;
            write(line);
            if (!name) continue;
            const count = name === SERVER ? failingServers : others;
            const parts = line.split(name);
            for (let i = 2; i <= count; i++) write(parts.join(`${name === SERVER ? "lync-fe-" : `${OTHER}-`}${pad(i)}`));
        }
        flush();
    } finally {
        fs.closeSync(fd);
    }
    return { file, resources: SAMPLE_RESOURCES - 2 + failingServers + others, failingServers, bytes };
}
