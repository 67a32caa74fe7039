// The platform layer, written once for every site: cert-manager and the site CA,
// Istio, PostgreSQL (CloudNativePG) and Orthanc, wired together. Everything
// site-specific arrives as data in `site`; nothing here asks what kind of site it
// runs on.
import * as pulumi from "@pulumi/pulumi";
import { Secret } from "@pulumi/kubernetes/core/v1";
import { CertificateApproval } from "../components/certificates/approval";
import { CertManager } from "../components/certificates/cert-manager";
import { ModalityCertificateAuthority } from "../components/certificates/modality-ca";
import { PlatformCertificates, platformCertificateApprovals, serverIntermediateNames } from "../components/certificates/platform-certificates";
import { ServerCertificateAuthority, serverIntermediateApproval, serverIssuerReference } from "../components/certificates/server-ca";
import { Reloader, reloadOnConfigMapsAnnotation, reloadOnSecretsAnnotation } from "../components/certificates/reloader";
import { SiteCertificateAuthority } from "../components/certificates/site-ca";
import { selectorLabels } from "../components/kubernetes/labels";
import { namespace } from "../components/kubernetes/namespace";
import { authServiceClientSecretName, Identity, identityDatabaseRoles, keycloakPathPrefix } from "../components/identity/identity";
import { NamespaceAuthorization } from "../components/mesh/authorization";
import { workloadPrincipal } from "../components/mesh/identity";
import { externalService } from "../components/mesh/external-service";
import { IngressRoutes } from "../components/mesh/ingress";
import { IstioMesh, type GatewayPort } from "../components/mesh/istio";
import { Monitoring } from "../components/monitoring/monitoring";
import { stackNames } from "../components/monitoring/stack-values";
import { auditUserMarkers, metricsPath } from "../components/orthanc/request-filter";
import { auditMetricsPortName } from "../components/orthanc/audit-metrics";
import { breakGlassUsername } from "../components/identity/roles";
import { Orthanc } from "../components/orthanc/orthanc";
import { cloudNativePgPorts, PostgresCluster } from "../components/postgres/cluster";
import { NetworkPolicies } from "../components/security/network-policies";
import { barmanCloudPluginApproval, CloudNativePgOperator } from "../components/postgres/operator";
import { objectStoreHosts, objectStoreSecretKeys, objectStoreUrl, type ObjectStoreTarget, type WorkloadIdentity } from "../components/storage/object-store";
import { images } from "../components/versions";
import type { GatewayService, ObjectStoreAccess, ObjectStoreUser, SiteContract } from "../components/site/contract";
import type { SiteConfig } from "./config/schema";
import { identityEgress } from "./identity-egress";
import { identityProvider, type IdentitySecrets } from "./identity-provider";
import { gatewayPorts, kubePrometheusStackMonitoring, monitoringFlows, platformFlows, type PlatformFlowsInput } from "./network-flows";
import { administrativePaths, readOnlyPostPaths, writeMethods } from "../components/orthanc/rest-routes";

export const platformNamespaces = {
    imaging: "imaging",
    postgresOperator: "cnpg-system",
    certManager: "cert-manager",
    reloader: "reloader",
    istio: "istio-system",
    istioCni: "istio-cni",
    ingress: "istio-ingress",
    monitoring: "monitoring",
} as const;

// Orthanc's DICOM server certificate (a Secret) and its trusted client CAs (a ConfigMap).
export const dicomTlsObjectNames = {
    server: "orthanc-dicom-server-tls",
    trustedCa: "orthanc-dicom-trusted-ca",
} as const;

export const webCertificateSecretName = "imaging-web-tls";
const operatorName = "cloudnative-pg";
// Orthanc's component name, which its pods' selector labels carry.
const orthancName = "orthanc";
// The port modalities send DICOM to on the ingress gateway (the registered DICOM port).
export const dicomIngressPort = 11112;

// The platform's own settings: the part of a site's configuration that is the
// same for every kind of site. What differs by kind reaches it through the contract.
export type PlatformSettings = Pick<SiteConfig, "name" | "ingress" | "certificates" | "postgres" | "orthanc" | "monitoring" | "identity">;

export interface PlatformArgs {
    settings: PlatformSettings;
    // Where Alertmanager sends alerts; absent: alerts stay in Alertmanager.
    alertWebhookUrl?: pulumi.Output<string>;
    // What the site kind (stacks/site.ts) gives the platform about its cluster.
    contract: SiteContract;
    // The secrets of site.identity's upstream (its LDAP bind password or OIDC client secret).
    identitySecrets?: IdentitySecrets;
}

export class Platform extends pulumi.ComponentResource {
    readonly namespace: string = platformNamespaces.imaging;
    readonly orthanc: Orthanc;
    readonly database: PostgresCluster;
    readonly siteCa: SiteCertificateAuthority;
    readonly modalityCa: ModalityCertificateAuthority;
    readonly monitoring: Monitoring;
    readonly identity: Identity;
    // Where PostgreSQL backups go, or undefined when the site has no object store.
    readonly backupDestination?: string;

    constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:platform:Platform", name, {}, opts);
        const config = args.settings;
        const { storageClass, egress } = args.contract;

        const certManager = new CertManager("cert-manager", { namespace: platformNamespaces.certManager }, { parent: this });
        const mesh = new IstioMesh(
            "istio",
            {
                namespaces: { controlPlane: platformNamespaces.istio, cni: platformNamespaces.istioCni, ingress: platformNamespaces.ingress },
                gatewayName: "imaging-gateway",
                distribution: args.contract.distribution,
                trustDomain: args.contract.clusterDomain,
                gatewayServiceType: args.contract.gatewayService.type,
                gatewayServiceAnnotations: args.contract.gatewayService.type === "LoadBalancer" ? args.contract.gatewayService.annotations : undefined,
                gatewayPorts: gatewayServicePorts(args.contract.gatewayService),
                gatewayReplicas: config.ingress.replicas,
                gatewaySourceRanges: config.ingress.sourceRanges,
            },
            { parent: this },
        );

        const imaging = namespace(
            { name: platformNamespaces.imaging, podSecurity: "restricted", labels: { "istio-injection": "enabled" } },
            // Deleting the namespace would delete the database and the DICOM volume with it.
            { parent: this, protect: true },
        );
        const ns = imaging.metadata.name;
        const reloader = new Reloader("reloader", { namespace: platformNamespaces.reloader, watchedNamespace: ns }, { parent: this });

        this.siteCa = new SiteCertificateAuthority(
            "imaging-site-ca",
            { siteName: config.name, certManagerNamespace: platformNamespaces.certManager, certManager: certManager.release },
            { parent: this },
        );
        this.modalityCa = new ModalityCertificateAuthority(
            "imaging-modality-ca",
            {
                siteName: config.name,
                certificateRequests: config.certificates.modalityCertificateRequests,
                validityDays: config.certificates.modalityCertificateDays,
            },
            { parent: this },
        );
        const serverCaName = "imaging-server-ca";
        const serverIssuer = serverIssuerReference(serverCaName);
        const { clusterDomain } = args.contract;
        const orthancServiceHost = `orthanc.${platformNamespaces.imaging}.svc.${clusterDomain}`;
        const served = {
            dicom: {
                namespace: ns,
                serverSecretName: dicomTlsObjectNames.server,
                trustedCaConfigMapName: dicomTlsObjectNames.trustedCa,
                dnsNames: [config.ingress.hostname, orthancServiceHost, `orthanc.${platformNamespaces.imaging}.svc`],
                extraTrustedClientCAs: config.certificates.extraTrustedClientCAs,
            },
            web: {
                namespace: mesh.gatewayNamespaceName,
                secretName: webCertificateSecretName,
                dnsNames: webHostnames(config),
                issuer: config.certificates.webIssuer,
            },
        };
        // Every certificate the platform and its charts request, and nothing else, is approved.
        const approval = new CertificateApproval(
            "cert-manager-approver-policy",
            {
                namespace: platformNamespaces.certManager,
                requester: certManager.controllerServiceAccount,
                policies: [
                    serverIntermediateApproval(serverCaName, config.name, this.siteCa),
                    ...platformCertificateApprovals({ serverIssuer, ...served }),
                    ...(args.contract.objectStore ? [barmanCloudPluginApproval(operatorName, platformNamespaces.postgresOperator)] : []),
                ],
                certManager: certManager.release,
            },
            { parent: this },
        );
        const serverCa = new ServerCertificateAuthority(
            serverCaName,
            { siteName: config.name, siteCa: this.siteCa, permittedDnsNames: serverIntermediateNames(served), issuance: approval },
            { parent: this },
        );
        const certificates = new PlatformCertificates(
            "certificates",
            { serverIssuer: serverCa.issuer, modalityCaPem: this.modalityCa.certificatePem, issuance: serverCa, ...served },
            { parent: this },
        );

        const objectStore = args.contract.objectStore ? this.objectStoreTarget(args.contract.objectStore.orthanc, ns, "orthanc") : undefined;
        const backupStore = args.contract.objectStore ? this.objectStoreTarget(args.contract.objectStore.backups, ns, "backups") : undefined;
        if (objectStore && backupStore) {
            // Orthanc and the backups (the instances' plugin sidecar) may use different
            // buckets or containers: the one entry lists both users' hosts.
            externalService("object-store", { namespace: ns, ...combinedHosts(objectStore, backupStore) }, { parent: this, dependsOn: [mesh.controlPlane] });
        }
        const operator = new CloudNativePgOperator(
            operatorName,
            {
                namespace: platformNamespaces.postgresOperator,
                ...(objectStore ? { barmanCloudPlugin: { dependsOn: [certManager.release, approval] } } : {}),
            },
            { parent: this },
        );

        const identity = identityProvider(config.identity, args.identitySecrets ?? {});
        this.database = new PostgresCluster(
            "orthanc-db",
            {
                namespace: ns,
                instances: config.postgres.instances,
                storageSize: config.postgres.storageSize,
                storageClass,
                resources: config.postgres.resources,
                database: "orthanc",
                owner: "orthanc",
                // The platform's Keycloak, when the site runs one, keeps its database here.
                managedRoles: identityDatabaseRoles(identity.provider, "orthanc-db"),
                operator,
                // Pods started before istiod is ready would run without a sidecar.
                dependsOn: [mesh.controlPlane],
                ...(backupStore
                    ? {
                          backup: {
                              objectStore: backupStore,
                              workloadIdentity: workloadIdentityOf(args.contract.objectStore?.backups),
                              schedule: config.postgres.backupSchedule,
                              retention: config.postgres.backupRetention,
                          },
                      }
                    : {}),
            },
            { parent: this },
        );
        this.backupDestination = objectStore ? objectStoreUrl(objectStore, "postgres/orthanc-db") : undefined;
        if (!objectStore) {
            pulumi.log.warn(
                `site ${config.name} has no objectStore: PostgreSQL is not backed up and DICOM files live on one volume. ` +
                    `Set site.objectStore for any site that holds patient data.`,
                this,
            );
        }

        this.identity = new Identity(
            "identity",
            {
                namespace: ns,
                provider: identity.provider,
                oidcEndpoints: identity.oidcEndpoints,
                scriptsRole: config.identity.provider === "platform" ? config.identity.scriptsRole : undefined,
                hostname: config.ingress.hostname,
                clusterDomain,
                postgres: {
                    clusterName: this.database.clusterName,
                    cluster: this.database,
                    host: this.database.host,
                    port: this.database.port,
                    caSecretName: this.database.caSecretName,
                },
                orthancSelector: selectorLabels(orthancName),
                controlPlane: mesh.controlPlane,
            },
            { parent: this },
        );

        const { replicas, maxReplicas } = orthancReplicas(config, objectStore !== undefined);
        this.orthanc = new Orthanc(
            orthancName,
            {
                namespace: ns,
                siteName: config.name,
                // Only the -full image carries the Azure Blob storage plugin.
                image: objectStore?.type === "azureBlob" ? images.orthancFull : images.orthanc,
                auditMetricsImage: images.mtail,
                replicas,
                maxReplicas,
                aeTitle: config.orthanc.aeTitle,
                concurrentJobs: config.orthanc.concurrentJobs,
                resources: config.orthanc.resources,
                storage: objectStore
                    ? { kind: "objectStore", store: objectStore }
                    : { kind: "volume", size: config.orthanc.storageSize, storageClass },
                workloadIdentity: workloadIdentityOf(args.contract.objectStore?.orthanc),
                database: {
                    host: this.database.host,
                    port: this.database.port,
                    database: this.database.database,
                    credentialsSecretName: this.database.credentialsSecretName,
                    caSecretName: this.database.caSecretName,
                },
                dicomTls: { serverSecretName: dicomTlsObjectNames.server, trustedCaConfigMapName: dicomTlsObjectNames.trustedCa },
                // Orthanc reads its DICOM certificate and trusted CAs only at start: restart it when either changes.
                // Also when its object store's credentials change (a renewed SAS, a rotated key):
                // Orthanc reads them from its environment, only at start.
                deploymentAnnotations: {
                    // And when its password at the auth service changes (read at start too).
                    [reloadOnSecretsAnnotation]: [
                        dicomTlsObjectNames.server,
                        ...(objectStore?.credentialsSecretName !== undefined ? [objectStoreSecretNames.orthanc] : []),
                        authServiceClientSecretName,
                    ].join(","),
                    [reloadOnConfigMapsAnnotation]: dicomTlsObjectNames.trustedCa,
                },
                podsWaitFor: [this.database, certificates, reloader, mesh.controlPlane, this.identity.authService],
                // People sign in with the hospital's identity; the authorization plugin
                // asks the auth service about every token.
                signIn: {
                    authServiceUrl: pulumi.interpolate`http://${this.identity.authService.serviceName}.${platformNamespaces.imaging}.svc.${clusterDomain}:${this.identity.authService.port}/`,
                    authServiceUsername: this.identity.authService.clientUsername,
                    authServicePasswordSecretName: this.identity.authService.clientSecretName,
                    keycloak: this.identity.signIn,
                },
            },
            { parent: this },
        );

        this.monitoring = new Monitoring(
            "monitoring",
            {
                namespace: platformNamespaces.monitoring,
                retention: config.monitoring.retention,
                prometheusStorageSize: config.monitoring.prometheusStorageSize,
                alertmanagerStorageSize: config.monitoring.alertmanagerStorageSize,
                grafanaStorageSize: config.monitoring.grafanaStorageSize,
                storageClass,
                orthanc: {
                    namespace: ns,
                    serviceName: this.orthanc.serviceName,
                    metricsSecretName: this.orthanc.metricsSecretName,
                    podSelector: this.orthanc.podSelector,
                    auditMetricsPort: auditMetricsPortName,
                },
                // And calls whose credentials named different people. Orthanc keeps no
                // shared admin: people sign in through the realm.
                audit: { privilegedUsers: [breakGlassUsername, auditUserMarkers.ambiguous] },
                postgres: {
                    namespace: ns,
                    clusterName: this.database.clusterName,
                    ...(objectStore ? { backupMaxAgeHours: config.postgres.backupAlertAfterHours } : {}),
                },
                istio: { controlPlaneNamespace: platformNamespaces.istio },
                certManager: { namespace: platformNamespaces.certManager },
                alertWebhookUrl: args.alertWebhookUrl,
            },
            { parent: this },
        );
        const keycloak = this.identity.keycloak;
        // The directory, identity provider or hospital Keycloak single sign-on reaches.
        const identityHosts = identityEgress(config.identity);
        identityHosts.forEach((egress, index) =>
            externalService(
                `identity-upstream${index === 0 ? "" : `-${index + 1}`}`,
                { namespace: ns, hosts: egress.hosts, port: egress.port, protocol: egress.protocol },
                { parent: this, dependsOn: [mesh.controlPlane] },
            ),
        );
        const prometheusPrincipal = workloadPrincipal(clusterDomain, platformNamespaces.monitoring, stackNames.prometheusServiceAccount);

        new IngressRoutes(
            "imaging",
            {
                adminRoutes: {
                    port: gatewayPorts.https,
                    allowedFrom: config.ingress.adminSourceRanges,
                    otherHosts: config.ingress.prometheusHostname ? [config.ingress.prometheusHostname] : [],
                    writeMethods,
                    readOnlyPostPaths,
                    administrativePaths,
                    // The sign-in form posts to Keycloak, on Orthanc's host.
                    ...(keycloak ? { openPathPrefixes: [keycloakPathPrefix] } : {}),
                },
                gatewayNamespace: mesh.gatewayNamespace,
                gatewaySelector: mesh.gatewaySelector,
                webCertificateSecretName,
                https: [
                    {
                        name: "orthanc-web",
                        hostname: config.ingress.hostname,
                        namespace: ns,
                        serviceHost: orthancServiceHost,
                        servicePort: this.orthanc.httpPort,
                        pathRoutes: keycloak
                            ? [{ prefix: keycloakPathPrefix, serviceHost: pulumi.interpolate`${keycloak.serviceName}.${platformNamespaces.imaging}.svc.${clusterDomain}`, servicePort: keycloak.httpPort }]
                            : [],
                    },
                    ...(config.ingress.prometheusHostname
                        ? [
                              {
                                  name: "prometheus-query",
                                  hostname: config.ingress.prometheusHostname,
                                  namespace: this.monitoring.namespace,
                                  serviceHost: pulumi.interpolate`${this.monitoring.prometheusQuery.serviceName}.${platformNamespaces.monitoring}.svc.${clusterDomain}`,
                                  servicePort: this.monitoring.prometheusQuery.port,
                              },
                          ]
                        : []),
                ],
                dicom: { port: dicomIngressPort, namespace: ns, serviceHost: orthancServiceHost, servicePort: this.orthanc.dicomPort },
                gateway: mesh.gateway,
            },
            { parent: this },
        );

        const orthancPrincipal = workloadPrincipal(clusterDomain, platformNamespaces.imaging, this.orthanc.serviceAccountName);
        const authServicePrincipal = workloadPrincipal(clusterDomain, platformNamespaces.imaging, this.identity.authService.serviceAccountName);
        const keycloakPrincipal = keycloak ? workloadPrincipal(clusterDomain, platformNamespaces.imaging, keycloak.serviceAccountName) : undefined;
        new NamespaceAuthorization(
            "imaging",
            {
                namespace: ns,
                controlPlane: mesh.controlPlane,
                workloads: [
                    {
                        name: "orthanc",
                        selector: this.orthanc.podSelector,
                        rules: [
                            { principals: [mesh.gatewayPrincipal], ports: [this.orthanc.httpPort, this.orthanc.dicomPort] },
                            { principals: [prometheusPrincipal], ports: [this.orthanc.httpPort], methods: ["GET"], paths: [metricsPath] },
                            // The audit-metrics sidecar: its port only, which no Service offers.
                            { principals: [prometheusPrincipal], ports: [this.orthanc.auditMetricsPort] },
                        ],
                    },
                    {
                        name: "orthanc-db",
                        selector: this.database.podSelector,
                        rules: [
                            {
                                // Orthanc, and the instances replicating from each other.
                                principals: [
                                    orthancPrincipal,
                                    workloadPrincipal(clusterDomain, platformNamespaces.imaging, this.database.serviceAccountName),
                                    // The platform's Keycloak, to its own database.
                                    ...(keycloak ? [keycloakPrincipal!] : []),
                                ],
                                ports: [this.database.port],
                            },
                            // The operator's status checks and the metrics scrape come from
                            // outside the mesh; NetworkPolicies narrow who may send them.
                            { ports: [cloudNativePgPorts.status, cloudNativePgPorts.metrics] },
                        ],
                        plainTextPorts: [cloudNativePgPorts.status, cloudNativePgPorts.metrics],
                    },
                    {
                        name: "orthanc-auth",
                        selector: this.identity.authService.podSelector,
                        // Orthanc's authorization plugin asks it about every token.
                        rules: [{ principals: [orthancPrincipal], ports: [this.identity.authService.port] }],
                    },
                    ...(keycloak
                        ? [
                              {
                                  name: "keycloak",
                                  selector: keycloak.podSelector,
                                  rules: [
                                      // Browsers sign in through the gateway; the auth service reads the realm's key.
                                      { principals: [mesh.gatewayPrincipal, authServicePrincipal], ports: [keycloak.httpPort] },
                                  ],
                              },
                          ]
                        : []),
                ],
            },
            { parent: this },
        );

        const flows: PlatformFlowsInput = {
            namespaces: platformNamespaces,
            orthanc: {
                pods: this.orthanc.podSelector,
                httpPort: this.orthanc.httpPort,
                dicomPort: this.orthanc.dicomPort,
                auditMetricsPort: this.orthanc.auditMetricsPort,
            },
            postgres: {
                pods: this.database.podSelector,
                port: this.database.port,
                statusPort: cloudNativePgPorts.status,
                metricsPort: cloudNativePgPorts.metrics,
            },
            gateway: { pods: mesh.gatewaySelector, dicomPort: dicomIngressPort, clientCidrs: config.ingress.sourceRanges },
            objectStore,
            egress,
            externalIssuer: config.certificates.webIssuer !== undefined,
            apiServerPorts: args.contract.apiServerPorts,
            identity: {
                authService: { pods: this.identity.authService.podSelector, port: this.identity.authService.port },
                ...(keycloak
                    ? { keycloak: { pods: keycloak.podSelector, port: keycloak.httpPort, upstreamPorts: [...new Set(identityHosts.filter((e) => e.from === "keycloak").map((e) => e.port))] } }
                    : {}),
                ...(identityHosts.some((e) => e.from === "authService") ? { hospitalRealmPort: identityHosts.find((e) => e.from === "authService")!.port } : {}),
            },
        };
        new NetworkPolicies(
            "platform",
            {
                namespaces: Object.values(platformNamespaces),
                flows: [
                    ...platformFlows(flows),
                    ...monitoringFlows(flows, {
                        ...kubePrometheusStackMonitoring(platformNamespaces.monitoring),
                        alertWebhook: args.alertWebhookUrl !== undefined,
                    }),
                ],
                // Every namespace must exist first, and the charts finish installing
                // before any flow is cut (a first install runs open for those minutes).
                after: [imaging, certManager, approval, mesh, reloader, operator, this.monitoring],
            },
            { parent: this },
        );

        this.registerOutputs({
            namespace: this.namespace,
            siteCaCertificate: this.siteCa.certificatePem,
            modalityCaCertificate: this.modalityCa.certificatePem,
        });
    }

    // The site's object store as one user of it sees it (Orthanc, or the backups),
    // with a Secret of that user's own keys when the site uses keys.
    private objectStoreTarget(access: ObjectStoreAccess, ns: pulumi.Output<string>, user: ObjectStoreUser): ObjectStoreTarget {
        if (access.credentials.kind === "workloadIdentity") {
            return access.location;
        }
        const secretName = objectStoreSecretNames[user];
        const keys = access.credentials.keys;
        const stringData: Record<string, pulumi.Input<string>> =
            "connectionString" in keys
                ? { [objectStoreSecretKeys.connectionString]: keys.connectionString }
                : { [objectStoreSecretKeys.accessKeyId]: keys.accessKeyId, [objectStoreSecretKeys.secretAccessKey]: keys.secretAccessKey };
        const secret = new Secret(secretName, { metadata: { name: secretName, namespace: ns }, type: "Opaque", stringData }, { parent: this });
        return { ...access.location, credentialsSecretName: secret.metadata.name };
    }
}

function combinedHosts(orthanc: ObjectStoreTarget, backups: ObjectStoreTarget): { hosts: string[]; port: number } {
    const [first, second] = [objectStoreHosts(orthanc), objectStoreHosts(backups)];
    if (first.port !== second.port) {
        // One ServiceEntry, one port: a site kind that splits them must say so here first.
        throw new pulumi.RunError(`the object store's users reach it on different ports (${first.port} and ${second.port})`);
    }
    return { hosts: [...new Set([...first.hosts, ...second.hosts])], port: first.port };
}

// The Secrets of each object-store user's own keys.
const objectStoreSecretNames: Record<ObjectStoreUser, string> = { orthanc: "object-store-credentials", backups: "backup-object-store-credentials" };

function workloadIdentityOf(access: ObjectStoreAccess | undefined): WorkloadIdentity | undefined {
    return access?.credentials.kind === "workloadIdentity" ? access.credentials.identity : undefined;
}

// CloudNativePG instance ports besides PostgreSQL itself.

// HTTP (redirected), HTTPS and DICOM TLS on the gateway's Service; on node ports
// where the site has no load balancer, at the fixed ports its stack file names.
export function gatewayServicePorts(service: GatewayService): GatewayPort[] {
    const nodePorts = service.type === "NodePort" ? service.nodePorts : undefined;
    return [
        { name: "http2", port: gatewayPorts.http, nodePort: nodePorts?.http },
        { name: "https", port: gatewayPorts.https, nodePort: nodePorts?.https },
        { name: "tcp-dicom-tls", port: dicomIngressPort, nodePort: nodePorts?.dicom },
    ];
}

export function webHostnames(config: PlatformSettings): string[] {
    return [config.ingress.hostname, ...(config.ingress.prometheusHostname ? [config.ingress.prometheusHostname] : [])];
}

// One replica on a volume; on an object store, two for availability and room to grow.
export function orthancReplicas(config: PlatformSettings, hasObjectStore: boolean): { replicas: number; maxReplicas: number } {
    if (!hasObjectStore) {
        return { replicas: 1, maxReplicas: 1 };
    }
    const replicas = config.orthanc.replicas ?? 2;
    return { replicas, maxReplicas: config.orthanc.maxReplicas ?? Math.max(replicas, 4) };
}
