// The URNs a live site knows its resources by, and the ones a plan would still
// adopt: a resource's own, those it declares as aliases, and those it inherits
// from an aliased ancestor (the engine moves a renamed component's children
// with it). Committed per stack in test/urns/<stack>.txt.
import * as fs from "fs";
import * as path from "path";
import { resourceUrn, type Plan, type PlannedResource } from "../../tools/plan/evaluate";
import { projectDir } from "./plan";

export const urnListDirectory = path.join(projectDir, "test", "urns");

export function urnListFile(stack: string): string {
    return path.join(urnListDirectory, `${stack}.txt`);
}

export function committedUrns(stack: string): string[] {
    const file = urnListFile(stack);
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").filter((line) => line !== "") : [];
}

export function plannedUrns(plan: Plan): string[] {
    return plan.resources.map((r) => r.urn).sort();
}

export function writeUrnList(plan: Plan): void {
    fs.writeFileSync(urnListFile(plan.stack), `${plannedUrns(plan).join("\n")}\n`);
}

// Every URN under which the engine would find each resource of this plan, by its URN now.
export function formerUrns(plan: Plan): Map<string, string[]> {
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const memo = new Map<string, string[]>();
    const of = (resource: PlannedResource): string[] => {
        const known = memo.get(resource.urn);
        if (known) return known;
        const own = [resource.urn, ...(resource.aliases ?? [])];
        const parent = resource.parent ? byUrn.get(resource.parent) : undefined;
        // Each type and name the resource has had, under each URN its parent has had.
        const typesAndNames = own.map((urn) => {
            const [, , qualifiedType, name] = urn.split("::");
            return { type: qualifiedType.split("$").pop() as string, name };
        });
        const throughParent = parent
            ? of(parent)
                  .filter((parentUrn) => parentUrn !== parent.urn)
                  .flatMap((parentUrn) =>
                      typesAndNames.map(({ type, name }) => resourceUrn({ stack: plan.stack, project: plan.project, parent: parentUrn, type, name })),
                  )
            : [];
        const all = [...new Set([...own, ...throughParent])];
        memo.set(resource.urn, all);
        return all;
    };
    return new Map(plan.resources.map((r) => [r.urn, of(r)]));
}

export function adoptableUrns(plan: Plan): Set<string> {
    return new Set([...formerUrns(plan).values()].flat());
}
