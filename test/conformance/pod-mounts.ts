// The container's volume mounts as the kubelet would fill them, from the plan: for
// each mount, the files its volume projects (which keys of which ConfigMap or
// Secret, under which names and modes) or an empty directory. ConfigMaps are read
// from the plan; a Secret's content is only named here, since the plan masks it:
// the test's stand-ins supply it (secret-stand-ins.ts). A volume kind the test does
// not know stops the test: it must not quietly run without a mount production has.
import type { Plan } from "../../tools/plan/evaluate";
import { kinds, requireObject } from "./plan-objects";
import type { Container, KeyToPath, Volume, VolumeProjection } from "./pod-spec";

// Kubernetes' default mode of projected files (defaultMode 0644).
const kubernetesDefaultMode = 0o644;

export interface ObjectReference {
    kind: "ConfigMap" | "Secret";
    namespace: string;
    name: string;
}

// Keys of one ConfigMap or Secret as files of the volume.
export interface KeySelection {
    object: ObjectReference;
    // The ConfigMap's data as planned; absent for a Secret.
    plannedData?: Record<string, string>;
    // Absent: every key, each as a file of its own name.
    items?: { key: string; path: string; mode: number }[];
    mode: number;
    // A missing object or key is then no error.
    optional: boolean;
}

export type MountContent =
    | { kind: "files"; selections: KeySelection[] }
    // Starts empty and belongs to the container's user (emptyDir, a claim's fresh volume).
    | { kind: "empty directory"; volumeKind: "emptyDir" | "persistentVolumeClaim" };

export interface PlannedMount {
    mountPath: string;
    volume: string;
    readOnly: boolean;
    content: MountContent;
}

export interface MountedFile {
    path: string; // relative to the mount
    mode: number;
    content: string;
    from: ObjectReference & { key: string };
}

export function plannedMounts(plan: Plan, namespace: string, container: Container, volumes: Volume[]): PlannedMount[] {
    return (container.volumeMounts ?? []).map((mount) => {
        if (mount.subPath !== undefined || mount.subPathExpr !== undefined) {
            throw new Error(`volume mount ${mount.name} at ${mount.mountPath} uses a subPath, which the conformance test does not recreate`);
        }
        const volume = volumes.find((v) => v.name === mount.name);
        if (!volume) {
            throw new Error(`volume mount ${mount.name} at ${mount.mountPath} names no volume of the pod`);
        }
        return {
            mountPath: mount.mountPath,
            volume: volume.name,
            readOnly: mount.readOnly === true,
            content: volumeContent(plan, namespace, volume),
        };
    });
}

function volumeContent(plan: Plan, namespace: string, volume: Volume): MountContent {
    const kinds = Object.keys(volume).filter((key) => key !== "name");
    if (kinds.length !== 1) {
        throw new Error(`volume ${volume.name}: expected one volume source, found ${kinds.join(", ") || "none"}`);
    }
    if (volume.configMap) {
        const source = volume.configMap;
        return { kind: "files", selections: [configMapSelection(plan, namespace, volume.name, source, source.defaultMode)] };
    }
    if (volume.secret) {
        const source = volume.secret;
        return {
            kind: "files",
            selections: [secretSelection(namespace, { ...source, name: source.secretName }, volume.name, source.defaultMode)],
        };
    }
    if (volume.projected) {
        const { defaultMode } = volume.projected;
        return {
            kind: "files",
            selections: (volume.projected.sources ?? []).map((source) => projectedSelection(plan, namespace, volume.name, source, defaultMode)),
        };
    }
    if (volume.emptyDir) {
        return { kind: "empty directory", volumeKind: "emptyDir" };
    }
    if (volume.persistentVolumeClaim) {
        return { kind: "empty directory", volumeKind: "persistentVolumeClaim" };
    }
    throw new Error(`volume ${volume.name}: the conformance test does not know how to recreate a ${kinds[0]} volume`);
}

function projectedSelection(plan: Plan, namespace: string, volume: string, source: VolumeProjection, defaultMode?: number): KeySelection {
    const kinds = Object.keys(source);
    if (source.configMap && kinds.length === 1) {
        return configMapSelection(plan, namespace, volume, source.configMap, defaultMode);
    }
    if (source.secret && kinds.length === 1) {
        return secretSelection(namespace, source.secret, volume, defaultMode);
    }
    throw new Error(`volume ${volume}: the conformance test does not know how to recreate a projected ${kinds.join(", ")} source`);
}

interface SourceFields {
    name?: string;
    items?: KeyToPath[];
    optional?: boolean;
}

function configMapSelection(plan: Plan, namespace: string, volume: string, source: SourceFields, defaultMode?: number): KeySelection {
    const name = required(source.name, volume, "ConfigMap name");
    const configMap = requireObject(plan, ...kinds.configMap, name, namespace) as { data?: Record<string, string>; binaryData?: Record<string, string> };
    const plannedData = {
        ...(configMap.data ?? {}),
        ...Object.fromEntries(Object.entries(configMap.binaryData ?? {}).map(([key, base64]) => [key, Buffer.from(base64, "base64").toString("latin1")])),
    };
    return selection({ kind: "ConfigMap", namespace, name }, source, defaultMode, plannedData);
}

function secretSelection(namespace: string, source: SourceFields, volume: string, defaultMode?: number): KeySelection {
    return selection({ kind: "Secret", namespace, name: required(source.name, volume, "Secret name") }, source, defaultMode);
}

function selection(object: ObjectReference, source: SourceFields, defaultMode: number | undefined, plannedData?: Record<string, string>): KeySelection {
    const mode = defaultMode ?? kubernetesDefaultMode;
    return {
        object,
        ...(plannedData ? { plannedData } : {}),
        ...(source.items ? { items: source.items.map((item) => ({ key: item.key, path: item.path, mode: item.mode ?? mode })) } : {}),
        mode,
        optional: source.optional === true,
    };
}

// The files a selection puts into its mount, given the object's data, as the
// kubelet does: listed items only when there are items, else every key.
export function selectedFiles(selection: KeySelection, data: Record<string, string> | undefined): MountedFile[] {
    const { object } = selection;
    if (data === undefined) {
        if (selection.optional) {
            return [];
        }
        throw new Error(`${object.kind} ${object.namespace}/${object.name} does not exist: the kubelet would not start the pod`);
    }
    const items = selection.items ?? Object.keys(data).map((key) => ({ key, path: key, mode: selection.mode }));
    return items.flatMap((item) => {
        if (!(item.key in data)) {
            if (selection.optional) {
                return [];
            }
            throw new Error(`${object.kind} ${object.namespace}/${object.name} has no key ${item.key}: the kubelet would not start the pod`);
        }
        return [{ path: item.path, mode: item.mode, content: data[item.key], from: { ...object, key: item.key } }];
    });
}

// The mount a container path lies on: the deepest, as nested mounts shadow their parents.
export function mountOf(mounts: PlannedMount[], containerPath: string): PlannedMount | undefined {
    return mounts
        .filter((mount) => containerPath === mount.mountPath || containerPath.startsWith(`${mount.mountPath.replace(/\/$/, "")}/`))
        .sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
}

// The content of a file that comes from a planned ConfigMap (such as orthanc.json).
export function plannedFileContent(mounts: PlannedMount[], containerPath: string): string {
    const mount = mountOf(mounts, containerPath);
    if (!mount || mount.content.kind !== "files") {
        throw new Error(`${containerPath} is on no ConfigMap or Secret volume of the container`);
    }
    const relative = containerPath.slice(mount.mountPath.replace(/\/$/, "").length + 1);
    for (const selection of mount.content.selections) {
        if (selection.object.kind !== "ConfigMap") {
            continue;
        }
        const file = selectedFiles(selection, selection.plannedData).find((f) => f.path === relative);
        if (file) {
            return file.content;
        }
    }
    throw new Error(`no ConfigMap of the ${mount.volume} volume puts ${relative} at ${mount.mountPath}`);
}

function required(value: string | undefined, where: string, field: string): string {
    if (value === undefined || value === "") {
        throw new Error(`volume ${where}: no ${field}`);
    }
    return value;
}
