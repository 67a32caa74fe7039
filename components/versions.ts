// Every pinned version in the program: Helm charts, container images, provider
// plugins. Bumping a component is a one-line change here, reviewed in the plan diff.

export interface ChartPin {
    chart: string;
    repository: string;
    version: string;
}

export const charts = {
    cloudnativePg: {
        chart: "cloudnative-pg",
        repository: "https://cloudnative-pg.github.io/charts",
        // Operator 1.30.0.
        version: "0.29.0",
    },
    // WAL archiving and base backups to object stores (CloudNativePG removes its
    // in-tree Barman support in 1.31). Needs cert-manager.
    barmanCloudPlugin: {
        chart: "plugin-barman-cloud",
        repository: "https://cloudnative-pg.github.io/charts",
        version: "0.8.1",
    },
    certManager: {
        chart: "cert-manager",
        repository: "https://charts.jetstack.io",
        version: "v1.21.3",
    },
    // Approves or denies every certificate request by policy: cert-manager's own
    // approver, which approves all of them, is switched off.
    approverPolicy: {
        chart: "cert-manager-approver-policy",
        repository: "https://charts.jetstack.io",
        version: "v0.27.0",
    },
    // Restarts Orthanc when its DICOM certificate renews: Orthanc reads the
    // certificate files only at start.
    reloader: {
        chart: "reloader",
        repository: "https://stakater.github.io/stakater-charts",
        version: "2.2.9",
    },
    istioBase: {
        chart: "base",
        repository: "https://istio-release.storage.googleapis.com/charts",
        version: "1.30.4",
    },
    istioCni: {
        chart: "cni",
        repository: "https://istio-release.storage.googleapis.com/charts",
        version: "1.30.4",
    },
    istiod: {
        chart: "istiod",
        repository: "https://istio-release.storage.googleapis.com/charts",
        version: "1.30.4",
    },
    istioGateway: {
        chart: "gateway",
        repository: "https://istio-release.storage.googleapis.com/charts",
        version: "1.30.4",
    },
    // Prometheus, Alertmanager, Grafana, prometheus-operator and its CRDs.
    kubePrometheusStack: {
        chart: "kube-prometheus-stack",
        repository: "https://prometheus-community.github.io/helm-charts",
        version: "89.2.2",
    },
} as const satisfies Record<string, ChartPin>;

export const images = {
    // Authenticating proxy in front of Prometheus' query API. The Debian variant:
    // its libcrypt verifies the bcrypt ($2a$) hashes in the htpasswd file.
    prometheusQueryProxy: "docker.io/nginxinc/nginx-unprivileged:1.30.5",
    // Orthanc 1.12.9 with the PostgreSQL 9.0, S3 2.5.0 and DICOMweb 1.21 plugins.
    orthanc: "docker.io/orthancteam/orthanc:25.10.0",
    // The -full variant is the only one that carries the Azure Blob storage plugin.
    orthancFull: "docker.io/orthancteam/orthanc:25.10.0-full",
    // The orthanc-team auth service: turns a Keycloak token into the person's
    // permissions for Orthanc's authorization plugin (0.10.1 in the Orthanc image
    // above). Tag 25.9.0 of orthanc-team/orthanc-auth-service, the release of the
    // same month as that plugin; its CI publishes an image per tag.
    orthancAuthService: "docker.io/orthancteam/orthanc-auth-service:25.9.0",
    // PostgreSQL operand run by CloudNativePG; pinned so an operator upgrade does
    // not also upgrade the database server.
    postgres: "ghcr.io/cloudnative-pg/postgresql:18.1-system-trixie",
    // The platform's Keycloak (components/identity/keycloak.ts), the upstream image.
    // A released tag: keycloak.org/archive/downloads-26.7.2. Its realm file is written
    // against this release's RealmRepresentation (components/identity/realm.ts).
    keycloak: "quay.io/keycloak/keycloak:26.7.2",
    // mtail, the audit-metrics sidecar in Orthanc's pod (components/orthanc/audit-metrics.ts).
    // Source: github.com/google/mtail tag v3.0.8 (2024-08-05); its .goreleaser.yml
    // publishes ghcr.io/google/mtail:{{ .Version }} (the tag without its "v") from
    // Dockerfile.goreleaser (FROM scratch, ENTRYPOINT /mtail). v3.0.9 is tagged too, but
    // no use of its image was found; 3.0.8 is in use elsewhere. The tests run Debian's
    // 3.0.0~rc50: keep the program to what both understand.
    mtail: "ghcr.io/google/mtail:3.0.8",
} as const;

// Kubernetes on the site's own VMs (on-prem site kinds): the RKE2 release every
// node installs. Source: https://github.com/rancher/rke2/releases/tag/v1.35.3%2Brke2r3
export const rke2 = {
    version: "v1.35.3+rke2r3",
} as const;

// Provider plugins that no installed npm package pins. A generated SDK carries
// its plugin version in its own package.json; a hand-written binding has none,
// so the version it asks the engine for lives here with the other pins.
export const providerPlugins = {
    // pulumi/pulumi-vsphere v4.17.0: the binding in components/site/vsphere/binding
    // is written against this tag's schema (test/schemas/vsphere-4.17.0.json).
    vsphere: "4.17.0",
    // muhlba91/pulumi-proxmoxve 8.6.0 (bridging bpg/terraform-provider-proxmox): the
    // published SDK, pinned exactly in package.json; its resources ask for the plugin
    // of the SDK's own version, so this must equal it (test/proxmox-site.test.ts).
    proxmoxve: "8.6.0",
} as const;

// --- AKS site kind (stacks/sites/aks) ---------------------------------------
// The Kubernetes minor versions an AKS site may ask for, and the one it gets
// unless its stack file says otherwise. A minor version alone: AKS picks its
// newest patch and the cluster's upgrade channel (patch by default) keeps it
// current, so the program never drags a patched cluster back to an older patch.
// AKS supports each minor for 12 months after its GA (learn.microsoft.com/azure/aks/
// supported-kubernetes-versions, "AKS Kubernetes release calendar"): re-read that
// calendar when bumping, and drop a minor here once AKS ends its support.
export const aks = {
    kubernetesVersion: "1.33",
    supportedKubernetesVersions: ["1.32", "1.33", "1.34"],
} as const;

// ---------------------------------------------------------------------------
// EKS site kind (components/site/eks/). The Kubernetes minor a new cluster gets,
// the minors a stack may ask for instead (site.eks.kubernetesVersion), and the
// EKS add-on builds pinned for each: kube-proxy and CoreDNS follow the cluster's
// minor, so every supported minor carries its own pair. Builds as
// `aws eks describe-addon-versions` listed them in September 2026 (1.34 leaves
// EKS standard support in December 2026; Istio 1.30 supports 1.32 to 1.36).
// Check that command for each minor before bumping a pin.
// ---------------------------------------------------------------------------

export const eksKubernetesVersions = ["1.34", "1.35", "1.36"] as const;
export type EksKubernetesVersion = (typeof eksKubernetesVersions)[number];
export const eksDefaultKubernetesVersion: EksKubernetesVersion = "1.36";

export interface EksAddonPins {
    vpcCni: string;
    coredns: string;
    kubeProxy: string;
    ebsCsiDriver: string;
}

// The VPC CNI and the EBS CSI driver ship one build for every supported minor.
const eksVpcCni = "v1.22.4-eksbuild.3";
const eksEbsCsiDriver = "v1.66.0-eksbuild.1";

export const eksAddons: Record<EksKubernetesVersion, EksAddonPins> = {
    "1.34": { vpcCni: eksVpcCni, coredns: "v1.12.4-eksbuild.29", kubeProxy: "v1.34.6-eksbuild.21", ebsCsiDriver: eksEbsCsiDriver },
    "1.35": { vpcCni: eksVpcCni, coredns: "v1.13.2-eksbuild.21", kubeProxy: "v1.35.3-eksbuild.21", ebsCsiDriver: eksEbsCsiDriver },
    "1.36": { vpcCni: eksVpcCni, coredns: "v1.14.3-eksbuild.14", kubeProxy: "v1.36.0-eksbuild.17", ebsCsiDriver: eksEbsCsiDriver },
};

// ---------------------------------------------------------------------------
// On-prem cluster add-ons: the manifests RKE2's first server applies at start
// (components/site/rke2/kube-vip.ts). Images by tag, written into the manifests.
// ---------------------------------------------------------------------------
export const onPremAddonImages = {
    // The API's virtual address and the LoadBalancer addresses (ARP). v1.1.2 is the
    // tag kube-vip's own docs show (kube-vip/website content/docs/usage/bgp-health-check.md)
    // and a published release (github.com/kube-vip/kube-vip/releases/tag/v1.1.2, which
    // kube-vip/helm-charts#108 moved its chart to). v1.2.3 is newer: re-read the
    // environment variables in kube-vip.ts against its flags page before bumping.
    kubeVip: "ghcr.io/kube-vip/kube-vip:v1.1.2",
    // Hands out LoadBalancer addresses from the pool; v0.0.12 is the newest tag of
    // kube-vip/kube-vip-cloud-provider (its manifest/kube-vip-cloud-controller.yaml
    // names this image; kube-vip/kube-vip-cloud-provider#225 "Cut 0.0.12").
    kubeVipCloudProvider: "ghcr.io/kube-vip/kube-vip-cloud-provider:v0.0.12",
} as const;

// The vSphere CPI and CSI charts are not pinned here: RKE2 ships them and
// `cloud-provider-name: rancher-vsphere` enables them, so the RKE2 pin above fixes
// their versions. Recorded because the HelmChartConfigs in
// components/site/vsphere/cloud-provider.ts are written against their values:
// rancher/rke2 tag v1.35.3+rke2r3, charts/chart_versions.yaml.
export const rke2VsphereCharts = {
    cpi: "1.13.000",
    csi: "3.6.0-rancher100",
} as const;
