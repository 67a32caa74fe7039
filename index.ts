// imaging-platform: one site per stack. The stack file (Pulumi.<stack>.yaml)
// describes the site; this program validates it, gets the site's Kubernetes
// cluster, and lays the same platform on top.
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as tls from "@pulumi/tls";
import { loadSite } from "./stacks/config/load";
import { Platform, dicomIngressPort } from "./stacks/platform";
import { componentVersions } from "./stacks/component-versions";
import { siteContract } from "./stacks/site";
import { siteInfrastructure } from "./stacks/site-infrastructure";
import { lockSiteName } from "./stacks/site-name-lock";

// Validation runs before any resource is declared: a bad value stops here.
const site = loadSite();
// Explicit providers only (default providers are disabled in every stack file).
const randomProvider = new random.Provider("random", {});
// The cluster waits for the lock: a refused rename stops before the cluster is touched.
const siteNameLock = lockSiteName(site.config.name, randomProvider);
const contract = siteContract(site, { dependsOn: siteNameLock });
const providers = [contract.provider, randomProvider, new tls.Provider("tls", {})];
const platform = new Platform(
    "platform",
    {
        settings: site.config,
        alertWebhookUrl: site.secrets.alertWebhookUrl,
        contract,
        identitySecrets: { ldapBindPassword: site.secrets.identityLdapBindPassword, oidcClientSecret: site.secrets.identityOidcClientSecret },
    },
    { providers },
);

export const siteName = site.config.name;
export const siteKind = site.config.kind;
export const orthanc = {
    namespace: platform.namespace,
    service: platform.orthanc.serviceName,
    httpPort: platform.orthanc.httpPort,
    dicomPort: platform.orthanc.dicomPort,
    aeTitle: site.config.orthanc.aeTitle,
};
export const postgres = {
    cluster: platform.database.clusterName,
    host: platform.database.host,
    backupDestination: platform.backupDestination ?? "none: the site has no object store",
    backupObjectStore: platform.database.backupObjectStoreName ?? "none: the site has no object store",
};
export const grafana = {
    namespace: platform.monitoring.namespace,
    service: platform.monitoring.grafana.serviceName,
    // Grafana is not exposed outside the cluster: operators reach it through a port-forward.
    url: "http://localhost:3000",
    portForward: pulumi.interpolate`kubectl -n ${platform.monitoring.namespace} port-forward service/${platform.monitoring.grafana.serviceName} 3000:${platform.monitoring.grafana.port}`,
    adminUsername: platform.monitoring.grafana.adminUsername,
    adminPassword: platform.monitoring.grafana.adminPassword,
};
export const prometheusQuery = {
    hostname: site.config.ingress.prometheusHostname ?? "not exposed: set site.ingress.prometheusHostname",
    url:
        site.config.ingress.prometheusHostname !== undefined
            ? `https://${site.config.ingress.prometheusHostname}/api/v1/query`
            : "not exposed: set site.ingress.prometheusHostname",
    service: platform.monitoring.prometheusQuery.serviceName,
    username: platform.monitoring.prometheusQuery.username,
    password: platform.monitoring.prometheusQuery.password,
};
// Single sign-on: where people sign in, and the accounts of the platform's Keycloak.
export const signIn = {
    provider: site.config.identity.provider,
    url: platform.identity.signIn.url,
    realm: platform.identity.signIn.realm,
    clientId: platform.identity.signIn.clientId,
    accounts: platform.identity.credentials ?? "none: the hospital's Keycloak holds every account",
};
// Public part only: operators hand it to modalities and browsers that must trust the site.
export const siteCaCertificate = platform.siteCa.certificatePem;
// The CA Orthanc trusts for modalities' client certificates (public part only).
export const modalityCaCertificate = platform.modalityCa.certificatePem;
// Each enrolled modality's certificate (public), by its name in certificates.modalityCertificateRequests.
export const modalityCertificates = platform.modalityCa.modalityCertificates;
export const ingress = {
    hostname: site.config.ingress.hostname,
    dicomPort: dicomIngressPort,
    // LoadBalancer, or NodePort with the node ports that reach 80, 443 and 11112.
    service: contract.gatewayService,
};
// The one place a workstation or modality needs: where to send DICOM over TLS.
export const webUrl = `https://${site.config.ingress.hostname}`;
export const dicom = {
    host: site.config.ingress.hostname,
    port: dicomIngressPort,
    aeTitle: site.config.orthanc.aeTitle,
};
// Where the cluster lives (cloud console, vCenter, Proxmox), for the site kind's own steps.
export const infrastructure = siteInfrastructure(site.config);
// Every pinned chart and image, and the Kubernetes the site kind pins.
export const versions = componentVersions(site.config);
// Secret on every site, so that the output is the same everywhere: a built cluster's
// kubeconfig may carry a client key (vSphere's admin certificate).
export const kubeconfig = pulumi.secret(contract.kubeconfig ?? "none: the site's cluster existed before; use its own kubeconfig");
