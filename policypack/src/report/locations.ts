// Where in the repository a finding belongs. The engine's events carry no source position (only
// the state checkpoint does, after an update), so the tool finds the declaration itself: for a
// Pulumi YAML program, the line of the resource's key under `resources:`; for any other runtime,
// the project file. Paths are relative to the repository root, as code scanning and GitLab expect.
import * as fs from "fs";
import * as path from "path";

export interface Location {
    /** Relative to the repository root, with forward slashes. */
    file: string;
    line?: number;
}

export interface ProjectLayout {
    /** The project file, relative to the repository root. */
    projectFile: string;
    /** Project-relative paths, as the engine names them in errors, to repository-relative ones. */
    fromProject(file: string): string;
    /** The declaration of a resource (by its logical name), or the project file. */
    locate(resourceName: string): Location;
}

export function projectLayout(repoRoot: string, projectDir: string): ProjectLayout {
    const absolute = path.resolve(repoRoot, projectDir);
    const projectFileName = ["Pulumi.yaml", "Pulumi.yml"].find((name) => fs.existsSync(path.join(absolute, name))) ?? "Pulumi.yaml";
    const toRepo = (file: string) => {
        const relative = path.relative(path.resolve(repoRoot), path.resolve(absolute, file)).split(path.sep).join("/");
        return relative === "" ? "." : relative;
    };
    const projectFile = toRepo(projectFileName);
    const declarations = new Map<string, Location>();
    const projectText = readIfExists(path.join(absolute, projectFileName));
    if (projectText !== undefined && isYamlRuntime(projectText)) {
        // A YAML program lives in Pulumi.yaml, or in Main.yaml of the folder `main:` names.
        const main = /^main:\s*["']?([^"'#\n]+?)["']?\s*(#.*)?$/m.exec(projectText)?.[1];
        const candidates = [[projectFileName, projectText], ...["Main.yaml", "Main.yml"].map((name) => {
            const file = path.join(main ?? ".", name);
            return [file, readIfExists(path.join(absolute, file))];
        })];
        for (const [file, text] of candidates) {
            if (text === undefined) continue;
            for (const [name, line] of yamlResourceLines(text)) if (!declarations.has(name)) declarations.set(name, { file: toRepo(file!), line });
        }
    }
    return {
        projectFile,
        fromProject: toRepo,
        locate: (resourceName) => declarations.get(resourceName) ?? { file: projectFile },
    };
}

function readIfExists(file: string): string | undefined {
    try {
        return fs.readFileSync(file, "utf8");
    } catch {
        return undefined;
    }
}

function isYamlRuntime(projectText: string): boolean {
    return /^runtime:\s*(["']?yaml["']?\s*(#.*)?$|\n\s+name:\s*["']?yaml["']?)/m.test(projectText);
}

/**
 * The line (1-based) of every resource key under the top-level `resources:` mapping. A resource's
 * `name:` option sets its logical name (the one in its URN), so that name maps to the key's line too.
 */
export function yamlResourceLines(text: string): Map<string, number> {
    const found = new Map<string, number>();
    const lines = text.split(/\r?\n/);
    const start = lines.findIndex((line) => /^resources:\s*(#.*)?$/.test(line));
    if (start < 0) return found;
    let keyIndent: number | undefined;
    let current: { line: number; indent: number } | undefined;
    for (let i = start + 1; i < lines.length; i++) {
        const line = lines[i];
        if (/^\s*(#.*)?$/.test(line)) continue;
        const indent = line.length - line.trimStart().length;
        if (indent === 0) break; // the next top-level section
        keyIndent ??= indent;
        const key = /^\s*(?:"([^"]+)"|'([^']+)'|([^\s:#][^:#]*?)):(\s|$)/.exec(line);
        if (indent === keyIndent && key) {
            const name = key[1] ?? key[2] ?? key[3];
            found.set(name, i + 1);
            current = { line: i + 1, indent };
        } else if (current && indent > current.indent) {
            const option = /^\s*name:\s*["']?([^"'#\s]+)["']?\s*(#.*)?$/.exec(line);
            // Only the resource's own `name:` (one level down), not a property called name.
            if (option && indent === firstChildIndent(lines, current.line) && !found.has(option[1])) found.set(option[1], current.line);
        }
    }
    return found;
}

function firstChildIndent(lines: string[], keyLine: number): number {
    for (let i = keyLine; i < lines.length; i++) {
        if (/^\s*(#.*)?$/.test(lines[i])) continue;
        return lines[i].length - lines[i].trimStart().length;
    }
    return -1;
}
