// Chart and image version bumps among a site's changed fields, called out on
// their own in the report: a Helm release's `version`, and a container's `image`
// (the program sets no image tags through chart values: components/versions.ts
// pins charts, and whole image references).
import { helmReleaseType } from "../plan/artifacts";
import type { PlannedResource } from "../plan/evaluate";
import type { ResourceChange } from "./diff";

export interface VersionBump {
    /** The resource, labelled as in the rest of the report. */
    label: string;
    /** `chart <name>` for a Helm release, else the field path of the image. */
    what: string;
    before: unknown;
    after: unknown;
}

export function versionBumps(changed: readonly ResourceChange[], headByUrn: Map<string, PlannedResource>, labels: Map<string, string>): VersionBump[] {
    const urnByLabel = new Map([...labels].map(([urn, label]) => [label, urn]));
    const bumps: VersionBump[] = [];
    for (const resource of changed) {
        const head = headByUrn.get(urnByLabel.get(resource.label) as string);
        for (const field of resource.fields) {
            // A field added or removed is not a bump of something that was there.
            if (typeof field.before !== "string" || typeof field.after !== "string" || field.secret) {
                continue;
            }
            if (resource.type === helmReleaseType && field.path === "inputs.version") {
                bumps.push({ label: resource.label, what: `chart ${String(head?.inputs.chart)}`, before: field.before, after: field.after });
            } else if (isImageField(field.path)) {
                bumps.push({ label: resource.label, what: field.path, before: field.before, after: field.after });
            }
        }
    }
    return bumps;
}

function isImageField(path: string): boolean {
    return /(^|\.)image$/.test(path);
}
