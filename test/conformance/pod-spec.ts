// The parts of a planned pod spec the conformance test reads. The plan is JSON as
// the program wrote it, so every optional field may be absent; a volume keeps its
// other sources untyped, to be named when the test meets one it does not know.
export interface KeyToPath {
    key: string;
    path: string;
    mode?: number;
}

interface ObjectKeysSource {
    name?: string;
    items?: KeyToPath[];
    optional?: boolean;
}

export interface ConfigMapVolumeSource extends ObjectKeysSource {
    defaultMode?: number;
}

export interface SecretVolumeSource {
    secretName?: string;
    items?: KeyToPath[];
    optional?: boolean;
    defaultMode?: number;
}

export interface VolumeProjection {
    configMap?: ObjectKeysSource;
    secret?: ObjectKeysSource;
    [otherSource: string]: unknown;
}

export interface Volume {
    name: string;
    configMap?: ConfigMapVolumeSource;
    secret?: SecretVolumeSource;
    projected?: { sources?: VolumeProjection[]; defaultMode?: number };
    emptyDir?: Record<string, unknown>;
    persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
    [otherSource: string]: unknown;
}

export interface VolumeMount {
    name: string;
    mountPath: string;
    readOnly?: boolean;
    subPath?: string;
    subPathExpr?: string;
}

interface KeySelector {
    name?: string;
    key: string;
    optional?: boolean;
}

export interface EnvVar {
    name: string;
    value?: string;
    valueFrom?: {
        secretKeyRef?: KeySelector;
        configMapKeyRef?: KeySelector;
        fieldRef?: { fieldPath: string; apiVersion?: string };
        [otherSource: string]: unknown;
    };
}

export interface Container {
    name: string;
    env?: EnvVar[];
    envFrom?: unknown[];
    volumeMounts?: VolumeMount[];
}
