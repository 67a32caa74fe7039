// The README's configuration reference must list every key the schema accepts,
// so the documentation cannot silently fall behind the code.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { siteSchema } from "../stacks/config/schema";
import { projectDir } from "./support/plan";

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

    it("shows the test command CI runs", () => {
        assert.match(readme, /npm ci && npm test/);
        assert.match(fs.readFileSync(path.join(projectDir, ".ci", "run"), "utf8"), /^npm test$/m);
    });
});
