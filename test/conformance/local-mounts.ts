// The container's mounts (pod-mounts.ts) as local directories owned by the
// server's account: the files of ConfigMap and Secret volumes with their modes,
// without write permission as the kubelet mounts them read-only; an empty
// directory for emptyDir and a claim's fresh volume.
import * as path from "path";
import type { PlannedMount } from "./pod-mounts";
import { selectedFiles } from "./pod-mounts";
import { ownedDirectory, writeOwnedFile } from "./scratch-directory";
import type { SecretData } from "./secret-stand-ins";
import { withComputedValues, type ComputedValue } from "./localize";

export type SecretSource = (namespace: string, name: string) => Promise<SecretData | undefined>;

// Returns where each mount lives here, keyed by its path in the container.
// ConfigMaps are written as planned, but for the computed values (see localize.ts).
export async function recreateMounts(
    mounts: PlannedMount[],
    secret: SecretSource,
    computed: ComputedValue[],
    directory: string,
    user: string,
): Promise<Record<string, string>> {
    const local: Record<string, string> = {};
    ownedDirectory(directory, user);
    for (const mount of mounts) {
        // One directory per volume: a volume mounted twice shows the same files.
        const volumeDirectory = ownedDirectory(path.join(directory, mount.volume), user);
        local[mount.mountPath] = volumeDirectory;
        if (mount.content.kind !== "files") {
            continue;
        }
        for (const selection of mount.content.selections) {
            const { object } = selection;
            const data =
                object.kind === "ConfigMap"
                    ? Object.fromEntries(Object.entries(selection.plannedData ?? {}).map(([key, text]) => [key, withComputedValues(text, computed)]))
                    : await secret(object.namespace, object.name);
            for (const file of selectedFiles(selection, data)) {
                writeOwnedFile(path.join(volumeDirectory, file.path), file.content, user, file.mode & ~0o222);
            }
        }
    }
    return local;
}
