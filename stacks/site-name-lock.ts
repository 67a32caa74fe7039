// A site's name is fixed once it is deployed. It names the cluster component and
// is the Kubernetes provider's clusterIdentifier, and the site CA carries it: a
// new name would make Pulumi replace every object on the cluster, the database
// and the DICOM volume included. This resource turns a rename into an error at
// preview, before anything changes: its keepers hold the name, a changed keeper
// replaces a RandomUuid (the random provider's documented behaviour), and a
// protected resource cannot be replaced. The cluster's component depends on it, so
// that even `pulumi up --skip-preview` stops here before the cluster is touched.
import * as random from "@pulumi/random";

export const siteNameLockName = "site-name-lock";

export function lockSiteName(siteName: string, provider: random.Provider): random.RandomUuid {
    return new random.RandomUuid(siteNameLockName, { keepers: { siteName } }, { provider, protect: true });
}
