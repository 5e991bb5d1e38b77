// Temporary folders for tests, removed when the test process exits (a mutation run starts thousands of
// test processes; folders left behind filled the temp folder with tens of thousands of entries).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const created: string[] = [];

process.on("exit", () => {
    for (const dir of created) fs.rmSync(dir, { recursive: true, force: true });
});

/** A new empty folder under the OS temp folder, named `<prefix>XXXXXX`, removed at process exit. */
export function tempDir(prefix: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    created.push(dir);
    return dir;
}

/** The folders made so far that still exist (for the test that checks the cleanup). */
export function liveTempDirs(): string[] {
    return created.filter((dir) => fs.existsSync(dir));
}
