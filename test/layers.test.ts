// Lower layers never import higher ones: components know nothing of the stacks
// (site configuration, the plan), and neither knows the tests.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { projectDir } from "./support/plan";

function sourceFiles(directory: string): string[] {
    return fs.readdirSync(path.join(projectDir, directory), { withFileTypes: true }).flatMap((entry) => {
        const relative = path.join(directory, entry.name);
        return entry.isDirectory() ? sourceFiles(relative) : entry.name.endsWith(".ts") ? [relative] : [];
    });
}

// Every module a file imports, resolved to a path inside the project ("stacks/config/schema").
function importsOf(file: string): string[] {
    const text = fs.readFileSync(path.join(projectDir, file), "utf8");
    return [...text.matchAll(/(?:from|require\()\s*["'](\.[^"']+)["']/g)].map((match) =>
        path.relative(projectDir, path.resolve(projectDir, path.dirname(file), match[1])),
    );
}

describe("layers", () => {
    const rules: Array<[string, string[]]> = [
        ["components", ["stacks", "test", "index"]],
        ["stacks", ["test"]],
    ];
    for (const [layer, above] of rules) {
        it(`keeps ${layer}/ free of imports from ${above.join(", ")}`, () => {
            const files = sourceFiles(layer);
            assert.ok(files.length > 5, `only ${files.length} files found under ${layer}/`);
            const offending = files.flatMap((file) =>
                importsOf(file)
                    .filter((target) => above.some((top) => target === top || target.startsWith(`${top}/`)))
                    .map((target) => `${file} imports ${target}`),
            );
            assert.deepEqual(offending, []);
        });
    }

    it("sees an import that crosses a layer (the check can fail)", () => {
        const crossing = importsOf("stacks/platform.ts").filter((target) => target.startsWith("components/"));
        assert.ok(crossing.length > 5, "stacks/platform.ts imports components: the resolver finds them");
    });
});
