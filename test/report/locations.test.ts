// Where a finding is placed in the repository: the line of a resource in a Pulumi YAML program
// written the ways Pulumi YAML allows (quoted keys, comments, blank lines, Main.yaml, Pulumi.yml,
// the long runtime form), the project file for other languages, and the source positions of a
// stack export. What a developer sees is the annotation or alert on the line that declares the server.
import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { projectLayout, sourcePositions, yamlResourceLines } from "../../policypack/src/report/locations";
import { tempDir } from "../harness/tempDir";

/** A repository with the given files (path -> text); returns its root. */
function repository(files: Record<string, string>): string {
    const root = tempDir("uc-locations-");
    for (const [file, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        fs.writeFileSync(path.join(root, file), text);
    }
    return root;
}

const RESOURCES = ["resources:", "  lync-fe-01:", "    type: azure-native:compute:VirtualMachine", ""].join("\n");
const URN = "urn:pulumi:prod::uc::azure-native:compute:VirtualMachine::lync-fe-01";

describe("CI report tool: finding the program's lines", () => {
    it("recognises a Pulumi YAML program by its runtime, in each form Pulumi accepts", () => {
        const yaml = [
            "runtime: yaml",
            'runtime: "yaml"',
            "runtime: 'yaml'   # the YAML language host",
            "runtime:\n  name: yaml\n  options:\n    compiler: none",
            'runtime:\n    name: "yaml"',
        ];
        const notYaml = ["runtime: nodejs", "runtime: yaml2", "runtime:\n  name: python", "description: |\n  runtime: yaml\nruntime: go"];
        for (const runtime of yaml) {
            const root = repository({ "Pulumi.yaml": `name: uc\n${runtime}\n${RESOURCES}` });
            assert.deepStrictEqual(
                projectLayout(root, ".").locate(URN),
                { file: "Pulumi.yaml", line: runtime.split("\n").length + 3 },
                runtime,
            );
        }
        for (const runtime of notYaml) {
            const root = repository({ "Pulumi.yaml": `name: uc\n${runtime}\n${RESOURCES}` });
            assert.deepStrictEqual(projectLayout(root, ".").locate(URN), { file: "Pulumi.yaml" }, runtime);
        }
    });

    it("reads the program from Main.yaml, in the folder main: names, and the project from Pulumi.yml", () => {
        const cases: Array<[Record<string, string>, string, { file: string; line?: number }]> = [
            [
                { "infra/Pulumi.yaml": "name: uc\nruntime: yaml\n", "infra/Main.yaml": RESOURCES },
                "infra/Pulumi.yaml",
                { file: "infra/Main.yaml", line: 2 },
            ],
            [
                { "infra/Pulumi.yaml": "name: uc\nruntime: yaml\n", "infra/Main.yml": RESOURCES },
                "infra/Pulumi.yaml",
                { file: "infra/Main.yml", line: 2 },
            ],
            [
                { "infra/Pulumi.yml": "name: uc\nruntime: yaml\nmain: program/\n", "infra/program/Main.yaml": `# servers\n${RESOURCES}` },
                "infra/Pulumi.yml",
                { file: "infra/program/Main.yaml", line: 3 },
            ],
            [
                {
                    "infra/Pulumi.yaml": "name: uc\nruntime: yaml\nmain:   'program'   # where the program is\n",
                    "infra/program/Main.yaml": RESOURCES,
                },
                "infra/Pulumi.yaml",
                { file: "infra/program/Main.yaml", line: 2 },
            ],
            [
                { "infra/Pulumi.yaml": 'name: uc\nruntime: yaml\nmain: "program"\n', "infra/program/Main.yml": RESOURCES },
                "infra/Pulumi.yaml",
                { file: "infra/program/Main.yml", line: 2 },
            ],
            // A resource declared in the project file too: the project file's declaration is the one shown.
            [
                { "infra/Pulumi.yaml": `name: uc\nruntime: yaml\n${RESOURCES}`, "infra/Main.yaml": `\n\n${RESOURCES}` },
                "infra/Pulumi.yaml",
                { file: "infra/Pulumi.yaml", line: 4 },
            ],
            // No project file at all: the report still names where it would be.
            [{ "infra/readme.md": "" }, "infra/Pulumi.yaml", { file: "infra/Pulumi.yaml" }],
        ];
        for (const [files, projectFile, location] of cases) {
            const layout = projectLayout(repository(files), "infra");
            assert.strictEqual(layout.projectFile, projectFile, Object.keys(files).join(" "));
            assert.deepStrictEqual(layout.locate(URN), location, Object.keys(files).join(" "));
            assert.deepStrictEqual(layout.locate("lync-fe-01"), location, "by logical name too");
        }
    });

    it("finds resource keys in a program with comments, blank lines, quoted keys and flow-style bodies", () => {
        const text = [
            "resources:   # the estate",
            "  # Exchange",
            "",
            '  "exch-mbx-01":',
            "    type: aws:ec2/instance:Instance",
            "",
            "# Lync, at column 0",
            "  lync-fe-01: # the front end",
            "    # options first",
            "    name: lync-fe-01-logical  # its URN name",
            "    type: azure-native:compute:VirtualMachine",
            "    properties:",
            "      name: not-a-logical-name",
            "  ocs-r2-01: { type: 'gcp:compute/instance:Instance' }",
            "  quoted-name:",
            '    name: "ocs-logical"',
            "  spaced-name:",
            "    name: my server",
            "  blank-first:",
            "",
            "# a note at column 0",
            "        # a deeper note",
            "    name: blank-logical",
            "variables:",
            "  late:",
            "    fn::invoke: x",
        ].join("\r\n");
        assert.deepStrictEqual(
            [...yamlResourceLines(text)],
            [
                ["exch-mbx-01", 4],
                ["lync-fe-01", 8],
                ["lync-fe-01-logical", 8],
                ["ocs-r2-01", 14],
                ["quoted-name", 15],
                ["ocs-logical", 15],
                ["spaced-name", 17],
                ["blank-first", 19],
                ["blank-logical", 19],
            ],
        );
    });

    it("starts at the resources section wherever it is, and only at the top level", () => {
        assert.deepStrictEqual([...yamlResourceLines(RESOURCES)], [["lync-fe-01", 2]], "a Main.yaml that starts with resources:");
        const nested = ["variables:", "  resources:", "    first: 1", "resources:", "  second:", "    type: a:b:C"].join("\n");
        assert.deepStrictEqual([...yamlResourceLines(nested)], [["second", 5]]);
        assert.deepStrictEqual([...yamlResourceLines("name: p\nruntime: yaml\n")], []);
    });

    it("gives repository-relative paths, '.' for the repository itself", () => {
        const root = repository({ "Pulumi.yaml": "name: uc\nruntime: nodejs\n" });
        const layout = projectLayout(root, ".");
        assert.deepStrictEqual(
            [layout.projectFile, layout.fromProject("src/index.ts"), layout.fromProject(".")],
            ["Pulumi.yaml", "src/index.ts", "."],
        );
        const nested = projectLayout(root, "infra/uc");
        assert.deepStrictEqual(
            [nested.fromProject("Main.yaml"), nested.fromProject("../shared/x.yaml")],
            ["infra/uc/Main.yaml", "infra/shared/x.yaml"],
        );
    });
});

describe("CI report tool: source positions of a stack export", () => {
    it("takes positions inside the project, decoded, and drops those outside it or unreadable", () => {
        const resource = (urn: unknown, sourcePosition: unknown) => ({ urn, type: "t", sourcePosition });
        const positions = sourcePositions({
            deployment: {
                resources: [
                    resource("urn:a", "project:///src/my%20servers.ts#12,5"),
                    resource("urn:b", "project:///./lib/../index.ts#3"),
                    resource("urn:c", "project:///../elsewhere.ts#3"),
                    resource("urn:d", "project:////etc/passwd#1"),
                    resource("urn:e", "file:///src/index.ts#1"),
                    resource("urn:f", undefined),
                    resource("urn:g", 7),
                    resource(undefined, "project:///index.ts#1"),
                    null,
                ],
            },
        });
        assert.deepStrictEqual(
            [...positions],
            [
                ["urn:a", { file: "src/my servers.ts", line: 12 }],
                ["urn:b", { file: "index.ts", line: 3 }],
            ],
        );
        for (const notAnExport of [null, 7, {}, { deployment: {} }, { deployment: { resources: "x" } }])
            assert.strictEqual(sourcePositions(notAnExport).size, 0, JSON.stringify(notAnExport));
    });

    it("uses a position before the program's own line, and the program's line for the resources it has no position for", () => {
        const root = repository({ "infra/Pulumi.yaml": `name: uc\nruntime: yaml\n${RESOURCES}` });
        const layout = projectLayout(root, "infra", new Map([[URN, { file: "src/servers.ts", line: 9 }]]));
        assert.deepStrictEqual(layout.locate(URN), { file: "infra/src/servers.ts", line: 9 });
        assert.deepStrictEqual(layout.locate("urn:pulumi:prod::uc::azure-native:compute:VirtualMachine::other"), {
            file: "infra/Pulumi.yaml",
        });
        assert.deepStrictEqual(layout.locate("lync-fe-01"), { file: "infra/Pulumi.yaml", line: 4 });
    });
});
