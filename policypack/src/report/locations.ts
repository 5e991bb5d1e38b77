// Where in the repository a finding belongs. The engine's events carry no source position; the
// state does (`sourcePosition`, after an update), but for Pulumi YAML it points into the language
// host's own Go source, not at Pulumi.yaml. So, in order: the state's position when it lies inside
// the project (SDKs that report the user's code, e.g. Node.js, Python); for a Pulumi YAML program,
// the line of the resource's key under `resources:`; else the project file. Paths are relative to
// the repository root, as code scanning and GitLab expect.
import * as fs from "node:fs";
import * as path from "node:path";

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
    /** The declaration of a resource (by URN, or by logical name), or the project file. */
    locate(urnOrName: string): Location;
}

/**
 * Source positions from a `pulumi stack export` file, by URN: `project:///index.ts#12,5` is
 * index.ts line 12, relative to the project folder. Positions outside the project are dropped.
 */
export function sourcePositions(stackExport: unknown): Map<string, { file: string; line: number }> {
    const positions = new Map<string, { file: string; line: number }>();
    const resources = (stackExport as { deployment?: { resources?: unknown } } | null)?.deployment?.resources;
    if (!Array.isArray(resources)) return positions;
    for (const resource of resources as Array<Record<string, unknown>>) {
        const match = typeof resource?.sourcePosition === "string" ? /^project:\/\/\/([^#]+)#(\d+)/.exec(resource.sourcePosition) : null;
        if (!match || typeof resource.urn !== "string") continue;
        const file = path.posix.normalize(decodeURIComponent(match[1]));
        if (file.startsWith("../") || path.posix.isAbsolute(file)) continue;
        positions.set(resource.urn, { file, line: Number(match[2]) });
    }
    return positions;
}

export function projectLayout(
    repoRoot: string,
    projectDir: string,
    positions = new Map<string, { file: string; line: number }>(),
): ProjectLayout {
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
        const candidates = [
            [projectFileName, projectText],
            ...["Main.yaml", "Main.yml"].map((name) => {
                const file = path.join(main ?? ".", name);
                return [file, readIfExists(path.join(absolute, file))];
            }),
        ];
        for (const [file, text] of candidates) {
            if (text === undefined) continue;
            for (const [name, line] of yamlResourceLines(text))
                if (!declarations.has(name)) declarations.set(name, { file: toRepo(file!), line });
        }
    }
    return {
        projectFile,
        fromProject: toRepo,
        locate: (urnOrName) => {
            const position = positions.get(urnOrName);
            if (position) return { file: toRepo(position.file), line: position.line };
            const name = urnOrName.startsWith("urn:pulumi:") ? urnOrName.slice(urnOrName.lastIndexOf("::") + 2) : urnOrName;
            return declarations.get(name) ?? { file: projectFile };
        },
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
