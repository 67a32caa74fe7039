// The versions a site runs, for the `versions` stack output: every pinned chart
// and image, and the Kubernetes the site kind pins. The same shape on every site
// (site-specific values are strings), so operators' scripts read one layout.
import { aks, charts, eksDefaultKubernetesVersion, images, rke2 } from "../components/versions";
import type { SiteConfig } from "./config/schema";

/** Every pinned component version of one site, as the `versions` output carries it. */
export interface ComponentVersions {
    /** Chart role (as in components/versions.ts, e.g. istioBase) → pinned chart version. */
    charts: Record<string, string>;
    /** Image role (as in components/versions.ts) → pinned image reference. */
    images: Record<string, string>;
    /** The Kubernetes the program asks for, or a sentence when the site brings its own cluster. */
    kubernetes: string;
}

export function componentVersions(config: SiteConfig): ComponentVersions {
    return {
        charts: Object.fromEntries(Object.entries(charts).map(([role, pin]) => [role, pin.version])),
        images: { ...images },
        kubernetes: siteKubernetes(config),
    };
}

function siteKubernetes(config: SiteConfig): string {
    switch (config.kind) {
        case "eks":
            return `EKS ${config.eks.kubernetesVersion ?? eksDefaultKubernetesVersion}`;
        case "aks":
            // AKS picks the newest patch of the minor; the upgrade channel keeps it current.
            return `AKS ${config.aks.kubernetesVersion ?? aks.kubernetesVersion}`;
        case "vsphere":
        case "proxmox":
            return `RKE2 ${rke2.version}`;
        case "existing":
            return "the site's own cluster (not managed by this program): kubectl version";
    }
}
