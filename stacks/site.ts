// The one place that knows how each kind of site gets its Kubernetes cluster:
// a table with an entry for every kind the schema builds, so that a new kind does
// not compile until it says how it fulfils the site contract. Everything after
// this point (the platform layer) is the same for every site.
import type * as pulumi from "@pulumi/pulumi";
import type { SiteContract } from "../components/site/contract";
import type { Site } from "./config/load";
import type { SiteConfig, SiteKind } from "./config/schema";
import { aksSite } from "./sites/aks/site";
import { existingSite } from "./sites/existing/site";
import { eksSite } from "./sites/eks/site";
import { proxmoxSite } from "./sites/proxmox/site";
import { vsphereSite } from "./sites/vsphere/site";

type SiteOfKind<K extends SiteKind> = Site & { config: SiteConfig & { kind: K } };
type SiteBuilder<K extends SiteKind> = (site: SiteOfKind<K>, opts?: pulumi.ComponentResourceOptions) => SiteContract;

const siteKinds: { [K in SiteKind]: SiteBuilder<K> } = {
    existing: existingSite,
    aks: aksSite,
    eks: eksSite,
    vsphere: vsphereSite,
    proxmox: proxmoxSite,
};

// opts reach the cluster's component, e.g. a dependsOn that must hold before the cluster is touched.
export function siteContract(site: Site, opts?: pulumi.ComponentResourceOptions): SiteContract {
    const build = siteKinds[site.config.kind] as SiteBuilder<SiteKind>;
    return build(site as SiteOfKind<SiteKind>, opts);
}
