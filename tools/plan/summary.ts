// The short tree `npm run plan` prints: components as a tree, the resources
// under each counted by type.
import type { Plan, PlannedResource } from "./evaluate";

export function summarize(plan: Plan): string {
    const children = new Map<string | undefined, PlannedResource[]>();
    const urns = new Set(plan.resources.map((r) => r.urn));
    for (const resource of plan.resources) {
        // Children of the (unrecorded) stack resource are the roots.
        const parent = resource.parent && urns.has(resource.parent) ? resource.parent : undefined;
        children.set(parent, [...(children.get(parent) ?? []), resource]);
    }
    const lines = [`stack ${plan.stack}: ${plan.resources.length} resources`];
    const walk = (parent: string | undefined, depth: number) => {
        const indent = "  ".repeat(depth + 1);
        const kids = children.get(parent) ?? [];
        const counts = new Map<string, number>();
        for (const kid of kids) {
            if (kid.custom) {
                counts.set(kid.type, (counts.get(kid.type) ?? 0) + 1);
            }
        }
        for (const [type, count] of [...counts].sort()) {
            lines.push(`${indent}${count} x ${type}`);
        }
        for (const kid of kids.filter((k) => !k.custom)) {
            lines.push(`${indent}${kid.type} "${kid.name}"`);
            walk(kid.urn, depth + 1);
        }
    };
    walk(undefined, 0);
    return lines.join("\n");
}
