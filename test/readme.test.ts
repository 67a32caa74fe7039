// The README's configuration reference must list every key the schema accepts,
// so the documentation cannot silently fall behind the code.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { projectSecretKeys } from "../stacks/config/load";
import { siteSchema } from "../stacks/config/schema";
import { planStack, projectDir } from "./support/plan";

interface SchemaNode {
    _zod: { def: { type: string; shape?: Record<string, SchemaNode>; innerType?: SchemaNode; options?: SchemaNode[] } };
}

// Leaf key paths of a zod schema, looking through optional/default wrappers and unions.
export function leafKeys(node: SchemaNode, prefix = ""): string[] {
    const def = node._zod.def;
    if (def.innerType) {
        return leafKeys(def.innerType, prefix);
    }
    if (def.type === "union" && def.options) {
        return [...new Set(def.options.flatMap((option) => leafKeys(option, prefix)))];
    }
    if (def.type === "object" && def.shape) {
        const keys = Object.entries(def.shape).flatMap(([key, child]) => leafKeys(child, prefix ? `${prefix}.${key}` : key));
        // An object with no keys of its own (none today) would still need a row.
        return keys.length > 0 ? keys : [prefix];
    }
    return [prefix];
}

describe("README configuration reference", () => {
    const readme = fs.readFileSync(path.join(projectDir, "README.md"), "utf8");

    it("finds the schema's keys (the walk can see nested keys)", () => {
        const keys = leafKeys(siteSchema as unknown as SchemaNode);
        assert.ok(keys.includes("orthanc.resources.limits.memory"));
        assert.ok(keys.includes("objectStore.container"));
    });

    it("documents every key of imaging-platform:site", () => {
        const missing = leafKeys(siteSchema as unknown as SchemaNode).filter((key) => !readme.includes(`| \`${key}\``));
        assert.deepEqual(missing, []);
    });

    it("documents exactly the secret keys the program reads (any other is refused)", () => {
        const section = readme.split(/^Secret configuration keys/m)[1]?.split(/\n\n(?!\|)/)[0] ?? "";
        const documented = [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((row) => row[1]);
        assert.deepEqual(documented.sort(), [...projectSecretKeys].sort());
    });

    it("shows the test command CI runs", () => {
        assert.match(readme, /npm ci && npm test/);
        assert.match(fs.readFileSync(path.join(projectDir, ".ci", "run"), "utf8"), /^npm test$/m);
    });
});

// Rows of the README's stack outputs table: output key -> secret ("yes" or "no").
function documentedOutputs(readme: string): Map<string, string> {
    const section = readme.split(/^## /m).find((part) => part.startsWith("Stack outputs"));
    assert.ok(section, "the README has a section 'Stack outputs'");
    const rows = [...section.matchAll(/^\| `([^`]+)` \| (yes|no) \|/gm)];
    return new Map(rows.map((row) => [row[1], row[2]]));
}

// Leaf keys of the plan's outputs.json, each with whether the plan masked it. An
// empty object (a map with no entries on this site) is a leaf of its own.
function outputLeaves(value: unknown, prefix = ""): Array<[string, boolean]> {
    if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 0) {
        return Object.entries(value).flatMap(([key, inner]) => outputLeaves(inner, prefix ? `${prefix}.${key}` : key));
    }
    return [[prefix, value === "[secret]"]];
}

describe("README stack outputs", () => {
    it("documents every output of the local stack once, and says which are secret", async () => {
        const documented = documentedOutputs(fs.readFileSync(path.join(projectDir, "README.md"), "utf8"));
        const plan = await planStack("local");
        const problems: string[] = [];
        const used = new Set<string>();
        for (const [key, secret] of outputLeaves(plan.outputs)) {
            // A row may document a whole object (ingress.service) rather than each leaf.
            const row = [...documented.keys()].find((doc) => key === doc || key.startsWith(`${doc}.`));
            if (row === undefined) {
                problems.push(`${key}: not documented`);
                continue;
            }
            used.add(row);
            if ((documented.get(row) === "yes") !== secret) {
                problems.push(`${key}: the README says secret=${documented.get(row)}, the plan says ${secret ? "secret" : "plain"}`);
            }
        }
        for (const row of documented.keys()) {
            if (!used.has(row)) problems.push(`${row}: documented but not an output`);
        }
        assert.deepEqual(problems, []);
    });
});
