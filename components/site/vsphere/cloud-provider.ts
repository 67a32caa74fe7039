// vSphere's cloud provider (CPI) and CSI driver on an RKE2 cluster, as manifests
// the first server applies at start. `cloud-provider-name: rancher-vsphere`
// makes RKE2 install its own rancher-vsphere-cpi and rancher-vsphere-csi charts
// (rancher/rke2 pkg/cli/cmds/root.go); these HelmChartConfigs change their values
// (rke2-docs docs/add-ons/helm.md). Written against the chart versions RKE2
// v1.35.3+rke2r3 ships (rke2VsphereCharts in components/versions.ts), read in
// rancher/rke2-charts charts/rancher-vsphere-{cpi,csi}/.../{values.yaml,templates}.
//
// The charts can generate their credentials from inline values; instead the
// credentials are Secrets written here and the charts are told not to generate
// them (`generate: false`), so no password sits in a HelmChartConfig, in the
// charts' Helm release, or in anything else a reader of kube-system's
// HelmChartConfigs can see. The CPI's cloud config is written here too: the
// chart's has no place for vCenter's certificate thumbprint, and without one a
// vCenter whose certificate a public CA did not sign can only be reached with
// verification off.
import * as YAML from "yaml";
import { manifestFile } from "../rke2/manifest-file";

/** The default StorageClass these manifests create: the site's storage class in the contract. */
export const vsphereStorageClassName = "vsphere";

const namespace = "kube-system";
// Names the charts read their configuration under (vCenter.credentialsSecret,
// vCenter.cloudConfig, vCenter.configSecret); the charts' defaults, kept.
export const cpiCredentialsSecret = "vsphere-cpi-creds";
export const cpiCloudConfig = "vsphere-cloud-config";
export const csiConfigSecret = "vsphere-config-secret";

export interface VsphereCloudProviderArgs {
    /** vCenter's host name (or address), as its certificate names it. */
    server: string;
    /** vCenter's HTTPS port. @default 443 */
    port?: number;
    /** The datacenters the cluster's VMs are in (names or inventory paths). */
    datacenters: string[];
    /** The vCenter user the CPI and CSI act as (VMware documents the privileges they need). */
    username: string;
    /** That user's password. Secret: only the credential Secrets hold it. */
    password: string;
    /**
     * Names the cluster's volumes in vCenter's Cloud Native Storage; unique per
     * vCenter, at most 64 characters (e.g. the site's name).
     */
    clusterId: string;
    /**
     * The SHA-1 thumbprint of vCenter's certificate (`AA:BB:...`), pinned by both
     * drivers; absent: they verify it against their images' CA certificates.
     * @default undefined
     */
    thumbprint?: string;
    /** Turns certificate verification off (a lab vCenter, never a hospital's). @default false */
    allowUnverifiedSsl?: boolean;
    /** Where new volumes go: a vSphere storage policy (preferred: it can span datastores) or one datastore by its URL (`ds:///vmfs/volumes/<uuid>/`). */
    storage: { storagePolicyName: string } | { datastoreUrl: string };
}

type Manifest = Record<string, unknown>;

/** The manifests for RKE2's server/manifests directory, by file name. `vsphere-credentials.yaml` holds the password. */
export function vsphereCloudProviderManifests(args: VsphereCloudProviderArgs): Record<string, string> {
    if (args.datacenters.length === 0) {
        throw new Error("datacenters: expected at least one datacenter");
    }
    if (args.clusterId.length === 0 || args.clusterId.length > 64) {
        throw new Error(`clusterId ${JSON.stringify(args.clusterId)}: expected 1 to 64 characters`);
    }
    return {
        "vsphere-credentials.yaml": manifestFile([cpiCredentials(args), csiConfig(args)]),
        "vsphere-cloud-provider.yaml": manifestFile([cpiCloudConfigMap(args), cpiChartConfig(), csiChartConfig()]),
        "vsphere-storage-class.yaml": manifestFile([storageClass(args)]),
    };
}

function secret(name: string, stringData: Record<string, string>): Manifest {
    return { apiVersion: "v1", kind: "Secret", metadata: { name, namespace }, type: "Opaque", stringData };
}

// The CPI looks its credentials up by `<server>.username` / `<server>.password` in
// the Secret its cloud config names (the chart's templates/secret.yaml writes the same keys).
function cpiCredentials(args: VsphereCloudProviderArgs): Manifest {
    return secret(cpiCredentialsSecret, { [`${args.server}.username`]: args.username, [`${args.server}.password`]: args.password });
}

function cpiCloudConfigMap(args: VsphereCloudProviderArgs): Manifest {
    const config = {
        global: {
            secretName: cpiCredentialsSecret,
            secretNamespace: namespace,
            port: args.port ?? 443,
            insecureFlag: args.allowUnverifiedSsl ?? false,
            ...(args.thumbprint ? { thumbprint: args.thumbprint } : {}),
        },
        vcenter: { [args.server]: { server: args.server, datacenters: args.datacenters } },
    };
    return { apiVersion: "v1", kind: "ConfigMap", metadata: { name: cpiCloudConfig, namespace }, data: { "vsphere.yaml": YAML.stringify(config) } };
}

// The CSI driver reads one INI-style file, csi-vsphere.conf, password included,
// from the Secret the chart mounts (templates/controller/deployment.yaml).
function csiConfig(args: VsphereCloudProviderArgs): Manifest {
    const lines = [
        "[Global]",
        `cluster-id = ${quoted(args.clusterId)}`,
        ...(args.thumbprint ? [`thumbprint = ${quoted(args.thumbprint)}`] : []),
        "",
        `[VirtualCenter ${quoted(args.server)}]`,
        `insecure-flag = ${quoted(String(args.allowUnverifiedSsl ?? false))}`,
        `user = ${quoted(args.username)}`,
        `password = ${quoted(args.password)}`,
        `port = ${quoted(String(args.port ?? 443))}`,
        `datacenters = ${quoted(args.datacenters.join(","))}`,
    ];
    return secret(csiConfigSecret, { "csi-vsphere.conf": `${lines.join("\n")}\n` });
}

// A gcfg string: quoted, with backslash and quote escaped; a line break cannot be written.
function quoted(value: string): string {
    if (/[\r\n]/.test(value)) {
        throw new Error("a vSphere setting cannot hold a line break");
    }
    return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

// The charts' controllers run on control-plane nodes only, and tolerate
// neither RKE2's CriticalAddonsOnly taint (which config-file.ts puts on every
// server) nor, in the CPI's case, anything that setting tolerations replaces:
// so the charts' own tolerations are repeated here with that taint added.
// Without the CPI no node loses its `uninitialized` taint and nothing schedules.
const criticalAddonsOnly = { key: "CriticalAddonsOnly", operator: "Exists" };
const controlPlane = [
    { key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" },
    { key: "node-role.kubernetes.io/etcd", operator: "Exists", effect: "NoExecute" },
];

function cpiChartConfig(): Manifest {
    return helmChartConfig("rancher-vsphere-cpi", {
        vCenter: {
            credentialsSecret: { generate: false, name: cpiCredentialsSecret },
            cloudConfig: { generate: false, name: cpiCloudConfig },
        },
        cloudControllerManager: {
            tolerations: [
                // The CPI is what removes this taint: it must run on an uninitialised node.
                { key: "node.cloudprovider.kubernetes.io/uninitialized", value: "true", effect: "NoSchedule" },
                { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoSchedule" },
                ...controlPlane,
                criticalAddonsOnly,
            ],
        },
    });
}

function csiChartConfig(): Manifest {
    return helmChartConfig("rancher-vsphere-csi", {
        vCenter: { configSecret: { generate: false, name: csiConfigSecret } },
        csiController: {
            tolerations: [...controlPlane, criticalAddonsOnly],
            // The StorageClass allows expansion: the resizer sidecar carries it out.
            csiResizer: { enabled: true },
        },
        // Grows a volume while its pod runs, instead of only while detached.
        onlineVolumeExtend: { enabled: true },
        // The class below replaces the chart's (reclaim Delete, no expansion).
        storageClass: { enabled: false },
    });
}

function helmChartConfig(chart: string, values: Record<string, unknown>): Manifest {
    return { apiVersion: "helm.cattle.io/v1", kind: "HelmChartConfig", metadata: { name: chart, namespace }, spec: { valuesContent: YAML.stringify(values) } };
}

// Retain: a claim deleted by mistake (a renamed release, a destroyed stack) must
// not take the disk holding patient images or the PACS index with it; the volume
// stays in vCenter, Released, until an operator reattaches or deletes it.
function storageClass(args: VsphereCloudProviderArgs): Manifest {
    const parameters = "storagePolicyName" in args.storage ? { storagepolicyname: args.storage.storagePolicyName } : { datastoreurl: args.storage.datastoreUrl };
    return {
        apiVersion: "storage.k8s.io/v1",
        kind: "StorageClass",
        metadata: { name: vsphereStorageClassName, annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
        provisioner: "csi.vsphere.vmware.com",
        parameters,
        reclaimPolicy: "Retain",
        allowVolumeExpansion: true,
    };
}
