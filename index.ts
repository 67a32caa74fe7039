// imaging-platform: one site per stack. The stack file (Pulumi.<stack>.yaml)
// describes the site; this program validates it, gets the site's Kubernetes
// cluster, and lays the same platform on top.
import * as random from "@pulumi/random";
import { loadSite } from "./stacks/config/load";
import { Platform } from "./stacks/platform";
import { siteCluster } from "./stacks/site";

// Validation runs before any resource is declared: a bad value stops here.
const site = loadSite();
const cluster = siteCluster(site.config);
// Explicit providers only (default providers are disabled in every stack file).
const randomProvider = new random.Provider("random", {});
const platform = new Platform("platform", { site }, { providers: [cluster.provider, randomProvider] });

export const siteName = site.config.name;
export const siteKind = site.config.kind;
export const orthanc = {
    namespace: platform.namespace,
    service: platform.orthanc.serviceName,
    httpPort: platform.orthanc.httpPort,
    dicomPort: platform.orthanc.dicomPort,
    aeTitle: site.config.orthanc.aeTitle,
    adminUsername: platform.orthanc.adminUsername,
    adminPassword: platform.orthanc.adminPassword,
};
export const postgres = {
    cluster: platform.database.clusterName,
    host: platform.database.host,
    backupDestination: platform.backupDestination ?? "none: the site has no object store",
};
