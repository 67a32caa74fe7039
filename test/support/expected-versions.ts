// The pinned versions, written out. Deliberately not read from
// components/versions.ts: a test that compared the plan with that module would
// pass whatever version it held. A bump changes this file too, so it shows in
// review as a deliberate change, checked against each chart's real version form
// (cert-manager and approver-policy tag their charts with a leading v, the others do not).
export interface ExpectedChart {
    chart: string;
    repository: string;
    version: string;
}

// By Helm release name in the plan.
export const expectedReleases: Record<string, ExpectedChart> = {
    "cloudnative-pg": { chart: "cloudnative-pg", repository: "https://cloudnative-pg.github.io/charts", version: "0.29.0" },
    "cloudnative-pg-barman-cloud": { chart: "plugin-barman-cloud", repository: "https://cloudnative-pg.github.io/charts", version: "0.8.1" },
    "cert-manager": { chart: "cert-manager", repository: "https://charts.jetstack.io", version: "v1.21.3" },
    "cert-manager-approver-policy": { chart: "cert-manager-approver-policy", repository: "https://charts.jetstack.io", version: "v0.27.0" },
    reloader: { chart: "reloader", repository: "https://stakater.github.io/stakater-charts", version: "2.2.9" },
    "istio-base": { chart: "base", repository: "https://istio-release.storage.googleapis.com/charts", version: "1.30.4" },
    "istio-cni": { chart: "cni", repository: "https://istio-release.storage.googleapis.com/charts", version: "1.30.4" },
    istiod: { chart: "istiod", repository: "https://istio-release.storage.googleapis.com/charts", version: "1.30.4" },
    "imaging-gateway": { chart: "gateway", repository: "https://istio-release.storage.googleapis.com/charts", version: "1.30.4" },
    "monitoring-stack": { chart: "kube-prometheus-stack", repository: "https://prometheus-community.github.io/helm-charts", version: "89.2.2" },
};

export const expectedImages = {
    orthanc: "docker.io/orthancteam/orthanc:25.10.0",
    orthancFull: "docker.io/orthancteam/orthanc:25.10.0-full",
    postgres: "ghcr.io/cloudnative-pg/postgresql:18.1-system-trixie",
    prometheusQueryProxy: "docker.io/nginxinc/nginx-unprivileged:1.30.5",
    keycloak: "quay.io/keycloak/keycloak:26.7.2",
    orthancAuthService: "docker.io/orthancteam/orthanc-auth-service:25.9.0",
    mtail: "ghcr.io/google/mtail:3.0.8",
} as const;
