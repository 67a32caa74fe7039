// One file under RKE2's server/manifests holding several objects: YAML
// documents separated by `---`, as RKE2 (and kubectl) read them.
import * as YAML from "yaml";

export function manifestFile(objects: Array<Record<string, unknown>>): string {
    return objects.map((object) => YAML.stringify(object, { lineWidth: 0 })).join("---\n");
}
