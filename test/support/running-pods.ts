// The pods the platform runs, with the labels each one carries when it runs, written
// out by hand from each chart's or operator's source at the version
// components/versions.ts pins (the source is named next to each entry). Nothing
// here is imported from the program: the reachability tests put these pods on the
// real plan's NetworkPolicies, so a policy that selects a label no running pod
// carries, or a flow pointed at the wrong pod, fails there.
//
// Keep it data. When a chart is bumped, re-read its templates and update the
// entries (and the source comments) that changed.
//
// Conventions:
// - Values that differ per pod (pod-template-hash, controller-revision-hash, a
//   Job's controller-uid) are placeholders; no policy may select them.
// - `meshIdentity` is the service account of pods that hold an Istio workload
//   certificate (an injected sidecar, the gateway, Prometheus' certificate-only
//   sidecar): what an AuthorizationPolicy's principals match.
// - Pods in imaging are injected (the namespace has istio-injection=enabled), and
//   the injector adds three labels (istio/istio 1.30.3,
//   manifests/charts/istio-control/istio-discovery/files/injection-template.yaml):
//   security.istio.io/tlsMode, service.istio.io/canonical-name (the pod's
//   app.kubernetes.io/name, else app) and service.istio.io/canonical-revision
//   (its app.kubernetes.io/version, else "latest").
//
// Versions the mirror of upstream sources did not hold, and what was read instead:
// - Istio 1.30.4: read at tag 1.30.3, and checked that the release-1.30 branch
//   (1.30.3-52-gb9a2bbd2f80) changes nothing in the gateway, cni and istiod charts.
// - cert-manager v1.21.3: read on the release-1.21 branch (v1.21.1-13-g378ef0e28);
//   its chart templates are unchanged since v1.21.1.
// - plugin-barman-cloud chart 0.8.1: read at chart tag plugin-barman-cloud-v0.7.0
//   (the newest in the mirror). Not verified at 0.8.1.
// - kube-prometheus-stack 89.2.2: read at kube-prometheus-stack-88.5.3 (the newest in
//   the mirror; same prometheus-operator appVersion v0.93.1), with its subcharts
//   kube-state-metrics 8.4.0, grafana 12.11.1 and prometheus-node-exporter 4.56.1,
//   and prometheus-operator's pod labels at tag v0.93.0. Not verified at 89.2.2:
//   the selector labels are stable across these charts' history, but the version
//   values (app.kubernetes.io/version, helm.sh/chart) are 88.5.3's unless noted.
import type { Labels } from "../../components/security/network-policies";

export interface RunningPod {
    namespace: string;
    labels: Labels;
    // The service account of a pod with an Istio workload certificate.
    meshIdentity?: string;
    // Only on some sites.
    runsWhen?: "objectStore" | "severalInstances";
}

// The program's own Orthanc Deployment (components/orthanc/orthanc.ts: appLabels
// ("orthanc", "pacs") on the pod template), and the sidecar injector's labels.
const orthanc: RunningPod = {
    namespace: "imaging",
    labels: {
        "app.kubernetes.io/name": "orthanc",
        "app.kubernetes.io/component": "pacs",
        "app.kubernetes.io/part-of": "imaging-platform",
        "app.kubernetes.io/managed-by": "imaging-platform",
        "pod-template-hash": "6f8b9c7d5",
        "security.istio.io/tlsMode": "istio",
        "service.istio.io/canonical-name": "orthanc",
        "service.istio.io/canonical-revision": "latest",
    },
    meshIdentity: "orthanc",
};

// CloudNativePG 1.30.0 (cloudnative-pg/cloudnative-pg v1.30.0): instance pods from
// pkg/specs/pods.go buildInstance (cnpg.io/cluster, cnpg.io/instanceName,
// cnpg.io/podRole=instance, app.kubernetes.io/name=postgresql, instance, version
// = major version, component=database, managed-by=cloudnative-pg), then
// internal/controller/cluster_create.go InheritLabels, which overwrites them with
// the Cluster's spec.inheritedMetadata.labels (the program sets
// appLabels("orthanc-db", "database")); pkg/reconciler/instance/metadata.go and
// pkg/utils/labels_annotations.go SetInstanceRole add role and cnpg.io/instanceRole
// (primary, replica; "unhealthy" on a failed primary during failover). The service
// account is the Cluster's name (api/v1/cluster_funcs.go GetServiceAccountName).
const postgresInstance = (instance: number, role: "primary" | "replica"): Labels => ({
    "cnpg.io/cluster": "orthanc-db",
    "cnpg.io/instanceName": `orthanc-db-${instance}`,
    "cnpg.io/podRole": "instance",
    "app.kubernetes.io/name": "orthanc-db",
    "app.kubernetes.io/instance": "orthanc-db",
    "app.kubernetes.io/version": "18",
    "app.kubernetes.io/component": "database",
    "app.kubernetes.io/managed-by": "imaging-platform",
    "app.kubernetes.io/part-of": "imaging-platform",
    role,
    "cnpg.io/instanceRole": role,
    "security.istio.io/tlsMode": "istio",
    "service.istio.io/canonical-name": "orthanc-db",
    "service.istio.io/canonical-revision": "18",
});

// CloudNativePG 1.30.0 pkg/specs/jobs.go CreatePrimaryJob (roles initdb, join, ...:
// cnpg.io/jobRole, no cnpg.io/podRole), the same InheritLabels, and the labels
// Kubernetes' Job controller puts on a Job's pods.
const postgresJob = (instance: number, role: "initdb" | "join"): Labels => ({
    "cnpg.io/cluster": "orthanc-db",
    "cnpg.io/instanceName": `orthanc-db-${instance}`,
    "cnpg.io/jobRole": role,
    "app.kubernetes.io/name": "orthanc-db",
    "app.kubernetes.io/instance": "orthanc-db",
    "app.kubernetes.io/version": "18",
    "app.kubernetes.io/component": "database",
    "app.kubernetes.io/managed-by": "imaging-platform",
    "app.kubernetes.io/part-of": "imaging-platform",
    "batch.kubernetes.io/job-name": `orthanc-db-${instance}-${role}`,
    "job-name": `orthanc-db-${instance}-${role}`,
    "batch.kubernetes.io/controller-uid": "placeholder-uid",
    "controller-uid": "placeholder-uid",
    "security.istio.io/tlsMode": "istio",
    "service.istio.io/canonical-name": "orthanc-db",
    "service.istio.io/canonical-revision": "18",
});

// The program's own single sign-on Deployments (components/identity/keycloak.ts and
// auth-service.ts: appLabels(name, "identity") on the pod template), injected.
const identityPod = (name: string, hash: string): RunningPod => ({
    namespace: "imaging",
    labels: {
        "app.kubernetes.io/name": name,
        "app.kubernetes.io/component": "identity",
        "app.kubernetes.io/part-of": "imaging-platform",
        "app.kubernetes.io/managed-by": "imaging-platform",
        "pod-template-hash": hash,
        "security.istio.io/tlsMode": "istio",
        "service.istio.io/canonical-name": name,
        "service.istio.io/canonical-revision": "latest",
    },
    meshIdentity: name,
});

export const runningPods = {
    orthanc,
    keycloak: identityPod("keycloak", "5c6d7e8f9"),
    "auth-service": identityPod("orthanc-auth", "4b5c6d7e8"),
    "postgres-primary": { namespace: "imaging", labels: postgresInstance(1, "primary"), meshIdentity: "orthanc-db" },
    "postgres-replica": {
        namespace: "imaging",
        labels: postgresInstance(2, "replica"),
        meshIdentity: "orthanc-db",
        runsWhen: "severalInstances",
    },
    "postgres-initdb-job": { namespace: "imaging", labels: postgresJob(1, "initdb"), meshIdentity: "orthanc-db" },
    "postgres-join-job": {
        namespace: "imaging",
        labels: postgresJob(2, "join"),
        meshIdentity: "orthanc-db",
        runsWhen: "severalInstances",
    },

    // cloudnative-pg/charts tag cloudnative-pg-v0.29.0, charts/cloudnative-pg/templates/
    // deployment.yaml (pod labels: cloudnative-pg.selectorLabels, _helpers.tpl), release
    // "cloudnative-pg".
    "cnpg-operator": {
        namespace: "cnpg-system",
        labels: {
            "app.kubernetes.io/name": "cloudnative-pg",
            "app.kubernetes.io/instance": "cloudnative-pg",
            "pod-template-hash": "7d4c8f9b6",
        },
    },
    // cloudnative-pg/charts tag plugin-barman-cloud-v0.7.0 (0.8.1 not in the mirror),
    // charts/plugin-barman-cloud/templates/deployment.yaml (plugin-barman-cloud.selectorLabels),
    // release "cloudnative-pg-barman-cloud".
    "barman-cloud-plugin": {
        namespace: "cnpg-system",
        labels: {
            "app.kubernetes.io/name": "plugin-barman-cloud",
            "app.kubernetes.io/instance": "cloudnative-pg-barman-cloud",
            "pod-template-hash": "5b7f6d8c9",
        },
        runsWhen: "objectStore",
    },

    // istio/istio 1.30.3, manifests/charts/istio-control/istio-discovery/templates/
    // deployment.yaml (revision "" gives istio=pilot) and the "istio.labels" of its
    // zzz_profile.yaml, release "istiod".
    istiod: {
        namespace: "istio-system",
        labels: {
            app: "istiod",
            "istio.io/rev": "default",
            "install.operator.istio.io/owning-resource": "unknown",
            "sidecar.istio.io/inject": "false",
            "operator.istio.io/component": "Pilot",
            istio: "pilot",
            "istio.io/dataplane-mode": "none",
            "app.kubernetes.io/name": "istiod",
            "app.kubernetes.io/managed-by": "Helm",
            "app.kubernetes.io/instance": "istiod",
            "app.kubernetes.io/part-of": "istio",
            "app.kubernetes.io/version": "1.30.4",
            "helm.sh/chart": "istiod-1.30.4",
            "pod-template-hash": "84c5d9f7b",
        },
    },
    // istio/istio 1.30.3, manifests/charts/istio-cni/templates/daemonset.yaml ("name" is
    // istio-cni in _helpers.tpl), release "istio-cni". On the pod network: hostNetwork
    // only with ambient.enabled and ambient.shareHostNetworkNamespace, neither set.
    "istio-cni-node": {
        namespace: "istio-cni",
        labels: {
            "k8s-app": "istio-cni-node",
            "sidecar.istio.io/inject": "false",
            "istio.io/dataplane-mode": "none",
            "app.kubernetes.io/name": "istio-cni",
            "app.kubernetes.io/managed-by": "Helm",
            "app.kubernetes.io/instance": "istio-cni",
            "app.kubernetes.io/part-of": "istio",
            "app.kubernetes.io/version": "1.30.4",
            "helm.sh/chart": "cni-1.30.4",
            "controller-revision-hash": "6c9d7b5f8",
            "pod-template-generation": "1",
        },
    },
    // istio/istio 1.30.3, manifests/charts/gateway/templates/deployment.yaml and
    // _helpers.tpl (gateway.selectorLabels: app and istio from the release name
    // "imaging-gateway"; values.yaml labels add istio.io/dataplane-mode=none; the
    // service account is the release name), plus the gateway injection template
    // (files/gateway-injection-template.yaml: canonical name and revision).
    gateway: {
        namespace: "istio-ingress",
        labels: {
            "sidecar.istio.io/inject": "true",
            app: "imaging-gateway",
            istio: "imaging-gateway",
            "app.kubernetes.io/name": "imaging-gateway",
            "app.kubernetes.io/managed-by": "Helm",
            "app.kubernetes.io/instance": "imaging-gateway",
            "app.kubernetes.io/part-of": "istio",
            "app.kubernetes.io/version": "1.30.4",
            "helm.sh/chart": "gateway-1.30.4",
            "istio.io/dataplane-mode": "none",
            "service.istio.io/canonical-name": "imaging-gateway",
            "service.istio.io/canonical-revision": "1.30.4",
            "pod-template-hash": "58d9c7f6b",
        },
        meshIdentity: "imaging-gateway",
    },

    // cert-manager/cert-manager release-1.21 (see above), deploy/charts/cert-manager/
    // templates/deployment.yaml, webhook-deployment.yaml, cainjector-deployment.yaml and
    // startupapicheck-job.yaml, "labels" in _helpers.tpl; release "cert-manager". The
    // webhook, cainjector and startupapicheck names are fixed in _helpers.tpl.
    "cert-manager-controller": {
        namespace: "cert-manager",
        labels: {
            app: "cert-manager",
            "app.kubernetes.io/name": "cert-manager",
            "app.kubernetes.io/instance": "cert-manager",
            "app.kubernetes.io/component": "controller",
            "app.kubernetes.io/version": "v1.21.3",
            "app.kubernetes.io/managed-by": "Helm",
            "helm.sh/chart": "cert-manager-v1.21.3",
            "pod-template-hash": "6d5f8b7c4",
        },
    },
    // cert-manager/approver-policy v0.27.0, deploy/charts/approver-policy/templates/deployment.yaml
    // and _helpers.tpl; the chart is released with version and appVersion v0.27.0.
    "approver-policy": {
        namespace: "cert-manager",
        labels: {
            app: "cert-manager-approver-policy",
            "app.kubernetes.io/name": "cert-manager-approver-policy",
            "helm.sh/chart": "cert-manager-approver-policy-v0.27.0",
            "app.kubernetes.io/instance": "cert-manager-approver-policy",
            "app.kubernetes.io/version": "v0.27.0",
            "app.kubernetes.io/managed-by": "Helm",
            "pod-template-hash": "6f8d9c7b5",
        },
    },
    "cert-manager-webhook": {
        namespace: "cert-manager",
        labels: {
            app: "webhook",
            "app.kubernetes.io/name": "webhook",
            "app.kubernetes.io/instance": "cert-manager",
            "app.kubernetes.io/component": "webhook",
            "app.kubernetes.io/version": "v1.21.3",
            "app.kubernetes.io/managed-by": "Helm",
            "helm.sh/chart": "cert-manager-v1.21.3",
            "pod-template-hash": "7b9c6d5f8",
        },
    },
    "cert-manager-cainjector": {
        namespace: "cert-manager",
        labels: {
            app: "cainjector",
            "app.kubernetes.io/name": "cainjector",
            "app.kubernetes.io/instance": "cert-manager",
            "app.kubernetes.io/component": "cainjector",
            "app.kubernetes.io/version": "v1.21.3",
            "app.kubernetes.io/managed-by": "Helm",
            "helm.sh/chart": "cert-manager-v1.21.3",
            "pod-template-hash": "5c8d7f9b6",
        },
    },
    "cert-manager-startupapicheck": {
        namespace: "cert-manager",
        labels: {
            app: "startupapicheck",
            "app.kubernetes.io/name": "startupapicheck",
            "app.kubernetes.io/instance": "cert-manager",
            "app.kubernetes.io/component": "startupapicheck",
            "app.kubernetes.io/version": "v1.21.3",
            "app.kubernetes.io/managed-by": "Helm",
            "helm.sh/chart": "cert-manager-v1.21.3",
            "batch.kubernetes.io/job-name": "cert-manager-startupapicheck",
            "job-name": "cert-manager-startupapicheck",
            "batch.kubernetes.io/controller-uid": "placeholder-uid",
            "controller-uid": "placeholder-uid",
        },
    },

    // stakater/Reloader tag chart-v2.2.9 (appVersion v1.4.14), deployments/kubernetes/chart/
    // reloader/templates/deployment.yaml and "reloader-labels.chart" in _helpers.tpl;
    // release "reloader", so app is "<release>-<chart>".
    reloader: {
        namespace: "reloader",
        labels: {
            app: "reloader-reloader",
            release: "reloader",
            "app.kubernetes.io/name": "reloader",
            "app.kubernetes.io/instance": "reloader",
            "helm.sh/chart": "reloader-2.2.9",
            chart: "reloader-2.2.9",
            heritage: "Helm",
            "app.kubernetes.io/managed-by": "Helm",
            "app.kubernetes.io/version": "v1.4.14",
            "pod-template-hash": "6b8d5c7f9",
        },
    },

    // prometheus-operator/prometheus-operator v0.93.0, pkg/prometheus/server/operator.go
    // makeSelectorLabels and statefulset.go (selector labels, shard, podMetadata labels
    // and app.kubernetes.io/version from the image, pkg/prometheus/promcfg.go
    // BuildPodMetadata); Prometheus "kps-prometheus" (kube-prometheus-stack _helpers.tpl
    // prometheus.crname with fullnameOverride "kps"), whose podMetadata the program sets
    // to sidecar.istio.io/inject=true (components/monitoring/stack-values.ts), so the
    // injector's labels are added too. The version is the image tag v3.14.0-distroless
    // (kube-prometheus-stack 88.5.3 values.yaml and prometheus.yaml "version"), read by
    // semver.ParseTolerant in promcfg.go. Service account kps-prometheus
    // (_helpers.tpl prometheus.serviceAccountName).
    prometheus: {
        namespace: "monitoring",
        labels: {
            "app.kubernetes.io/managed-by": "prometheus-operator",
            "app.kubernetes.io/name": "prometheus",
            "app.kubernetes.io/instance": "kps-prometheus",
            "operator.prometheus.io/name": "kps-prometheus",
            "operator.prometheus.io/shard": "0",
            prometheus: "kps-prometheus",
            "app.kubernetes.io/version": "3.14.0-distroless",
            "sidecar.istio.io/inject": "true",
            "security.istio.io/tlsMode": "istio",
            "service.istio.io/canonical-name": "prometheus",
            "service.istio.io/canonical-revision": "3.14.0-distroless",
            "controller-revision-hash": "prometheus-kps-prometheus-7f9c8d6b5",
            "statefulset.kubernetes.io/pod-name": "prometheus-kps-prometheus-0",
            "apps.kubernetes.io/pod-index": "0",
        },
        meshIdentity: "kps-prometheus",
    },
    // prometheus-operator v0.93.0, pkg/alertmanager/operator.go makeSelectorLabels and
    // statefulset.go (version label from the image); Alertmanager "kps-alertmanager",
    // image v0.34.0 (kube-prometheus-stack 88.5.3 values.yaml).
    alertmanager: {
        namespace: "monitoring",
        labels: {
            "app.kubernetes.io/name": "alertmanager",
            "app.kubernetes.io/managed-by": "prometheus-operator",
            "app.kubernetes.io/instance": "kps-alertmanager",
            alertmanager: "kps-alertmanager",
            "app.kubernetes.io/version": "0.34.0",
            "controller-revision-hash": "alertmanager-kps-alertmanager-6d8b9c7f5",
            "statefulset.kubernetes.io/pod-name": "alertmanager-kps-alertmanager-0",
            "apps.kubernetes.io/pod-index": "0",
        },
    },
    // grafana-community/helm-charts tag grafana-12.11.1 (the subchart of
    // kube-prometheus-stack 88.5.3), charts/grafana/templates/deployment.yaml and
    // _helpers.tpl (grafana.labels, grafana.selectorLabels); release
    // "kube-prometheus-stack"; version = the chart's appVersion 13.2.0.
    grafana: {
        namespace: "monitoring",
        labels: {
            "helm.sh/chart": "grafana-12.11.1",
            "app.kubernetes.io/name": "grafana",
            "app.kubernetes.io/instance": "kube-prometheus-stack",
            "app.kubernetes.io/version": "13.2.0",
            "pod-template-hash": "7c6d9b8f5",
        },
    },
    // prometheus-community/helm-charts tag kube-state-metrics-8.4.0 (appVersion 2.20.0),
    // charts/kube-state-metrics/templates/deployment.yaml and _helpers.tpl; release label
    // because kube-prometheus-stack sets releaseLabel: true.
    "kube-state-metrics": {
        namespace: "monitoring",
        labels: {
            "helm.sh/chart": "kube-state-metrics-8.4.0",
            "app.kubernetes.io/managed-by": "Helm",
            "app.kubernetes.io/component": "metrics",
            "app.kubernetes.io/part-of": "kube-state-metrics",
            "app.kubernetes.io/name": "kube-state-metrics",
            "app.kubernetes.io/instance": "kube-prometheus-stack",
            "app.kubernetes.io/version": "2.20.0",
            release: "kube-prometheus-stack",
            "pod-template-hash": "5f9b7c8d6",
        },
    },
    // prometheus-community/helm-charts tag kube-prometheus-stack-88.5.3, charts/
    // kube-prometheus-stack/templates/prometheus-operator/deployment.yaml and
    // _prometheus-operator.tpl (kube-prometheus-stack.labels plus app
    // "<chart name>-operator"; the chart name, not fullnameOverride).
    "prometheus-operator": {
        namespace: "monitoring",
        labels: {
            "app.kubernetes.io/managed-by": "Helm",
            "app.kubernetes.io/instance": "kube-prometheus-stack",
            "app.kubernetes.io/version": "89.2.2",
            "app.kubernetes.io/part-of": "kube-prometheus-stack",
            chart: "kube-prometheus-stack-89.2.2",
            release: "kube-prometheus-stack",
            heritage: "Helm",
            app: "kube-prometheus-stack-operator",
            "app.kubernetes.io/name": "kube-prometheus-stack-prometheus-operator",
            "app.kubernetes.io/component": "prometheus-operator",
            "pod-template-hash": "6c8f7d9b5",
        },
    },
    // Same chart, templates/prometheus-operator/admission-webhooks/job-patch/
    // job-createSecret.yaml and job-patchWebhook.yaml (pre- and post-install hooks, on by
    // default: admissionWebhooks.patch.enabled) and _prometheus-operator-webhook.tpl.
    // They carry the operator's app.kubernetes.io/name, but not its app label.
    "admission-create-job": {
        namespace: "monitoring",
        labels: {
            app: "kube-prometheus-stack-admission-create",
            "app.kubernetes.io/managed-by": "Helm",
            "app.kubernetes.io/instance": "kube-prometheus-stack",
            "app.kubernetes.io/version": "89.2.2",
            "app.kubernetes.io/part-of": "kube-prometheus-stack",
            chart: "kube-prometheus-stack-89.2.2",
            release: "kube-prometheus-stack",
            heritage: "Helm",
            "app.kubernetes.io/name": "kube-prometheus-stack-prometheus-operator",
            "app.kubernetes.io/component": "prometheus-operator-webhook",
            "batch.kubernetes.io/job-name": "kps-admission-create",
            "job-name": "kps-admission-create",
            "batch.kubernetes.io/controller-uid": "placeholder-uid",
            "controller-uid": "placeholder-uid",
        },
    },
    "admission-patch-job": {
        namespace: "monitoring",
        labels: {
            app: "kube-prometheus-stack-admission-patch",
            "app.kubernetes.io/managed-by": "Helm",
            "app.kubernetes.io/instance": "kube-prometheus-stack",
            "app.kubernetes.io/version": "89.2.2",
            "app.kubernetes.io/part-of": "kube-prometheus-stack",
            chart: "kube-prometheus-stack-89.2.2",
            release: "kube-prometheus-stack",
            heritage: "Helm",
            "app.kubernetes.io/name": "kube-prometheus-stack-prometheus-operator",
            "app.kubernetes.io/component": "prometheus-operator-webhook",
            "batch.kubernetes.io/job-name": "kps-admission-patch",
            "job-name": "kps-admission-patch",
            "batch.kubernetes.io/controller-uid": "placeholder-uid",
            "controller-uid": "placeholder-uid",
        },
    },
    // The program's own query proxy Deployment (components/monitoring/query-proxy.ts:
    // appLabels("prometheus-query", "monitoring") on the pod template).
    "query-proxy": {
        namespace: "monitoring",
        labels: {
            "app.kubernetes.io/name": "prometheus-query",
            "app.kubernetes.io/component": "monitoring",
            "app.kubernetes.io/part-of": "imaging-platform",
            "app.kubernetes.io/managed-by": "imaging-platform",
            "pod-template-hash": "8d7c6b9f5",
        },
    },

    // The cluster's DNS: kubernetes/kubernetes cmd/kubeadm/app/phases/addons/dns/
    // manifests.go (kubeadm and kind; commit 008b3652959c) and k3s-io/k3s
    // manifests/coredns.yaml (commit 0064a39615fc) both label CoreDNS's pods
    // k8s-app=kube-dns only. EKS and AKS were not checked here.
    coredns: {
        namespace: "kube-system",
        labels: { "k8s-app": "kube-dns", "pod-template-hash": "668d6bf9bc" },
    },
} satisfies Record<string, RunningPod>;

export type RunningPodName = keyof typeof runningPods;

// Pods on their node's network: NetworkPolicies do not govern them, and to others
// they are the node's address. Neither runs on the platform today.
export const hostNetworkPods = {
    // prometheus-community/helm-charts tag prometheus-node-exporter-4.56.1 (appVersion
    // 1.12.1), charts/prometheus-node-exporter/templates/daemonset.yaml and _helpers.tpl,
    // hostNetwork: true in values.yaml; kube-prometheus-stack adds podLabels jobLabel and
    // releaseLabel. The platform leaves node-exporter out (stack-values.ts: nodeExporter
    // enabled only with a privileged namespace, which platform.ts does not give).
    "node-exporter": {
        namespace: "monitoring",
        labels: {
            "helm.sh/chart": "prometheus-node-exporter-4.56.1",
            "app.kubernetes.io/managed-by": "Helm",
            "app.kubernetes.io/component": "metrics",
            "app.kubernetes.io/part-of": "prometheus-node-exporter",
            "app.kubernetes.io/name": "prometheus-node-exporter",
            "app.kubernetes.io/instance": "kube-prometheus-stack",
            "app.kubernetes.io/version": "1.12.1",
            release: "kube-prometheus-stack",
            jobLabel: "node-exporter",
            "controller-revision-hash": "7b6c9d8f5",
            "pod-template-generation": "1",
        },
    },
} satisfies Record<string, RunningPod>;
