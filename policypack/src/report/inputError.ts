// The one error an input file of the report tool raises (event log, stack export, estate reading),
// naming the file and line; its own module so every reader can throw it without importing another.
export class EventLogError extends Error {
    constructor(file: string, line: number | undefined, problem: string) {
        super(`${file}${line === undefined ? "" : `:${line}`}: ${problem}`);
        this.name = "EventLogError";
    }
}
