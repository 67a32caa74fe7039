// The site knobs: every part of the platform layer that may differ from one site to
// the next, with the reason. Everything else under the Platform component must be
// the same on every site; `npm run parity` fails on any other difference.
//
// Each knob follows from one site setting (Pulumi.<stack>.yaml's `site`, its secret
// keys) or from what the site kind gives the platform (components/site/contract.ts),
// read in stacks/platform.ts and the components. Name fields, not whole objects:
// a knob on a whole object would let any change of it through. A presence knob
// allows an object to exist on some sites only; its fields are still compared
// among the sites that have it, and depending on it follows from the same knob.
//
// The knobs live here, beside the tool that reads them, rather than in stacks/: the
// program never reads them, and their field paths are the plan's, not the program's.
import type { SiteKnob } from "./knob";

const storageClass: SiteKnob[] = [
    {
        objects: {},
        fields: [
            "inputs.spec.storageClassName",
            "inputs.spec.storage.storageClass",
            "inputs.values.**.storageClassName",
        ],
        reason: "site.storageClass: the storage class the site's cluster offers (absent: its default class)",
    },
];

const sizes: SiteKnob[] = [
    {
        objects: { type: "kubernetes:core/v1:PersistentVolumeClaim", name: "orthanc-dicom" },
        fields: ["inputs.spec.resources.requests.storage"],
        reason: "site.orthanc.storageSize: the DICOM volume's size",
    },
    {
        objects: { type: "kubernetes:postgresql.cnpg.io/v1:Cluster", name: "orthanc-db" },
        fields: ["inputs.spec.storage.size"],
        reason: "site.postgres.storageSize: each PostgreSQL instance's volume",
    },
    {
        objects: { type: "kubernetes:helm.sh/v3:Release", name: "monitoring-stack" },
        fields: [
            "inputs.values.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage",
            "inputs.values.alertmanager.alertmanagerSpec.storage.volumeClaimTemplate.spec.resources.requests.storage",
            "inputs.values.grafana.persistence.size",
            "inputs.values.prometheus.prometheusSpec.retention",
        ],
        reason: "site.monitoring: the volumes' sizes and how long Prometheus keeps metrics",
    },
    {
        objects: { type: "kubernetes:apps/v1:Deployment", name: "orthanc" },
        fields: ["inputs.spec.template.spec.containers[name=orthanc].resources"],
        reason: "site.orthanc.resources: CPU and memory for the site's load",
    },
    {
        objects: { type: "kubernetes:postgresql.cnpg.io/v1:Cluster", name: "orthanc-db" },
        fields: ["inputs.spec.resources"],
        reason: "site.postgres.resources: CPU and memory for the site's load",
    },
    {
        objects: { type: "kubernetes:core/v1:ConfigMap", name: "orthanc-config" },
        fields: ['inputs.data["orthanc.json"].ConcurrentJobs'],
        reason: "site.orthanc.concurrentJobs: how many jobs each replica runs at once",
    },
];

const replicas: SiteKnob[] = [
    {
        objects: { type: "kubernetes:postgresql.cnpg.io/v1:Cluster", name: "orthanc-db" },
        fields: ["inputs.spec.instances", "inputs.spec.postgresql.synchronous"],
        reason: "site.postgres.instances: with more than one instance, commits wait for a synchronous replica",
    },
    {
        objects: { type: "kubernetes:helm.sh/v3:Release", name: "imaging-gateway" },
        fields: [
            "inputs.values.replicaCount",
            "inputs.values.autoscaling",
            "inputs.values.podDisruptionBudget",
            "inputs.values.topologySpreadConstraints",
        ],
        reason: "site.ingress.replicas: one gateway on a one-node cluster; from two, an autoscaler, a disruption budget and spreading over nodes",
    },
    {
        objects: { type: "kubernetes:apps/v1:Deployment", name: "orthanc" },
        fields: ["inputs.spec.replicas", "inputs.spec.strategy", "inputs.spec.template.spec.topologySpreadConstraints"],
        reason: "site.orthanc.replicas: one replica that is recreated on a volume; on an object store several, rolled and spread (the autoscaler owns the count)",
    },
    {
        objects: { type: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler", name: "orthanc" },
        presence: true,
        fields: ["inputs.spec.minReplicas", "inputs.spec.maxReplicas"],
        reason: "site.orthanc.replicas and maxReplicas: Orthanc scales out only on an object store",
    },
    {
        objects: { type: "kubernetes:policy/v1:PodDisruptionBudget", name: "orthanc" },
        presence: true,
        reason: "Orthanc runs more than one replica (and so keeps one through a drain) only on an object store",
    },
];

const names: SiteKnob[] = [
    {
        objects: { type: "kubernetes:cert-manager.io/v1:Certificate" },
        fields: ["inputs.spec.commonName", "inputs.spec.dnsNames", "inputs.spec.nameConstraints.permitted.dnsDomains"],
        reason: "site.name and site.ingress.hostname/prometheusHostname: the names certificates are issued for",
    },
    {
        objects: { type: "kubernetes:policy.cert-manager.io/v1alpha1:CertificateRequestPolicy" },
        fields: ["inputs.spec.allowed.commonName.value", "inputs.spec.allowed.dnsNames.values"],
        reason: "site.name and site.ingress hostnames: approval allows exactly the names the certificates ask for",
    },
    {
        objects: { type: "tls:index/selfSignedCert:SelfSignedCert" },
        fields: ["inputs.subject.commonName"],
        reason: "site.name: each site's CAs carry its name",
    },
    {
        objects: { type: "kubernetes:networking.istio.io/v1:Gateway", name: "imaging" },
        fields: ["inputs.spec.servers[*].hosts"],
        reason: "site.ingress.hostname and prometheusHostname: the names the gateway serves",
    },
    {
        objects: { type: "kubernetes:networking.istio.io/v1:VirtualService" },
        fields: ["inputs.spec.hosts"],
        reason: "site.ingress.hostname and prometheusHostname: the name each route answers",
    },
    {
        objects: { type: "kubernetes:security.istio.io/v1:AuthorizationPolicy", name: "imaging-admin-routes" },
        fields: ["inputs.spec.rules[*].to[*].operation.notHosts"],
        reason: "site.ingress.prometheusHostname: the query API's host is not Orthanc's and is left out of its admin rules",
    },
    {
        objects: { type: "kubernetes:core/v1:ConfigMap", name: "orthanc-config" },
        fields: ['inputs.data["orthanc.json"].Name'],
        reason: "site.name: Orthanc names itself after the site",
    },
    {
        objects: { type: "kubernetes:core/v1:ConfigMap", name: "orthanc-config" },
        fields: ['inputs.data["orthanc.json"].DicomAet'],
        reason: "site.orthanc.aeTitle: the AE title the site's modalities send to",
    },
];

const certificates: SiteKnob[] = [
    {
        objects: { type: "kubernetes:cert-manager.io/v1:Certificate", name: "imaging-web" },
        fields: ["inputs.spec.issuerRef"],
        reason: "site.certificates.webIssuer: the web certificate from an issuer the site already runs",
    },
    {
        objects: { type: "kubernetes:policy.cert-manager.io/v1alpha1:CertificateRequestPolicy", name: "imaging-web-certificate" },
        fields: ["inputs.spec.selector.issuerRef"],
        reason: "site.certificates.webIssuer: approval applies to the issuer the web certificate uses",
    },
    {
        objects: { type: "kubernetes:core/v1:ConfigMap", name: "orthanc-dicom-trusted-ca" },
        fields: ['inputs.data["ca.crt"]'],
        reason: "site.certificates.extraTrustedClientCAs: CAs of modalities enrolled elsewhere, after the site's modality CA",
    },
    {
        objects: { type: "tls:index/locallySignedCert:LocallySignedCert", name: "imaging-modality-ca-*" },
        presence: true,
        fields: ["inputs.certRequestPem", "inputs.validityPeriodHours", "inputs.earlyRenewalHours"],
        reason: "site.certificates.modalityCertificateRequests and modalityCertificateDays: the site's own modalities",
    },
];

const objectStore: SiteKnob[] = [
    {
        objects: { type: "kubernetes:core/v1:ConfigMap", name: "orthanc-config" },
        fields: [
            'inputs.data["orthanc.json"].AwsS3Storage',
            'inputs.data["orthanc.json"].AzureBlobStorage',
            'inputs.data["orthanc.json"].StorageDirectory',
            // Several replicas share the database only without its lock, and cannot share saved jobs.
            'inputs.data["orthanc.json"].PostgreSQL.Lock',
            'inputs.data["orthanc.json"].SaveJobs',
        ],
        reason: "site.objectStore: DICOM files in the site's bucket or container, or on one volume",
    },
    {
        objects: { type: "kubernetes:apps/v1:Deployment", name: "orthanc" },
        fields: [
            "inputs.spec.template.spec.volumes[name=dicom]",
            "inputs.spec.template.spec.containers[name=orthanc].volumeMounts[name=dicom]",
            "inputs.spec.template.spec.containers[name=orthanc].env[name=ORTHANC_S3_*]",
            "inputs.spec.template.spec.containers[name=orthanc].env[name=ORTHANC_AZURE_*]",
        ],
        reason: "site.objectStore: where Orthanc keeps DICOM files and how it reaches them",
    },
    {
        objects: { type: "kubernetes:apps/v1:Deployment", name: "orthanc" },
        fields: ['inputs.spec.template.metadata.annotations["imaging-platform/config-sha256"]'],
        reason: "a hash of orthanc-config, which restarts Orthanc when it changes: it follows that file's knobs, and the file is compared setting by setting",
    },
    {
        objects: { type: "kubernetes:apps/v1:Deployment", name: "orthanc" },
        fields: ["inputs.spec.template.spec.containers[name=orthanc].image"],
        // The same image and version everywhere; only the variant may differ.
        sameAfter: (image) => (typeof image === "string" ? image.replace(/-full$/, "") : image),
        reason: "site.objectStore: only the -full image of the same version carries the Azure Blob storage plugin",
    },
    {
        objects: { type: "kubernetes:core/v1:PersistentVolumeClaim", name: "orthanc-dicom" },
        presence: true,
        reason: "site.objectStore: the DICOM volume exists only where the site has no object store",
    },
    {
        objects: { type: "kubernetes:barmancloud.cnpg.io/v1:ObjectStore", name: "orthanc-db-backups" },
        presence: true,
        fields: ["inputs.spec.configuration", "inputs.spec.retentionPolicy"],
        reason: "site.objectStore and postgres.backupRetention: PostgreSQL is backed up to the site's object store, when it has one",
    },
    {
        objects: { type: "kubernetes:postgresql.cnpg.io/v1:ScheduledBackup", name: "orthanc-db-daily" },
        presence: true,
        fields: ["inputs.spec.schedule"],
        reason: "site.objectStore and postgres.backupSchedule: backups run only where there is a store to take them",
    },
    {
        objects: { type: "kubernetes:postgresql.cnpg.io/v1:Cluster", name: "orthanc-db" },
        fields: ["inputs.spec.plugins[name=barman-cloud.cloudnative-pg.io]"],
        reason: "site.objectStore: the Barman Cloud plugin archives WAL where the site has an object store",
    },
    {
        objects: { type: "kubernetes:helm.sh/v3:Release", name: "cloudnative-pg-barman-cloud" },
        presence: true,
        reason: "site.objectStore: the Barman Cloud plugin is installed only where there are backups to take",
    },
    {
        objects: { type: "kubernetes:policy.cert-manager.io/v1alpha1:CertificateRequestPolicy", name: "barman-cloud-plugin-certificates" },
        presence: true,
        reason: "site.objectStore: the Barman Cloud plugin's certificates are approved only where it is installed",
    },
    {
        objects: { type: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", name: "cert-manager-approver-policy" },
        fields: ["inputs.rules[*].resourceNames"],
        reason: "site.objectStore: the approver may use the Barman Cloud plugin's policy where there is one",
    },
    {
        objects: { type: "kubernetes:core/v1:Secret", name: "*object-store-credentials" },
        presence: true,
        fields: ["inputs.stringData"],
        reason: "site.objectStore and its secret keys: access keys or a connection string, or none where the cluster's cloud identity reaches the store",
    },
    {
        // Keys from the stack's secrets depend on nothing; a SAS the site makes (AKS)
        // waits for the storage account and container it is signed for.
        objects: { type: "kubernetes:core/v1:Secret", name: "*object-store-credentials" },
        fields: ['dependencies["site\'s *"]'],
        reason: "the site's object store: credentials the site kind makes wait for the store they are made for; keys from the stack's secrets wait for nothing",
    },
    {
        // Orthanc reads its object-store keys only at start: where it has keys, a
        // renewed or rotated one must restart it too.
        objects: { type: "kubernetes:apps/v1:Deployment", name: "orthanc" },
        fields: ['inputs.metadata.annotations["secret.reloader.stakater.com/reload"]'],
        sameAfter: (value) => (typeof value === "string" ? value.split(",").filter((name) => name !== "object-store-credentials").join(",") : value),
        reason: "site.objectStore's keys: Orthanc restarts when its object-store key Secret changes, where it has one",
    },
    {
        objects: { type: "kubernetes:networking.istio.io/v1:ServiceEntry", name: "object-store" },
        presence: true,
        fields: ["inputs.spec.hosts", "inputs.spec.ports[*].number"],
        reason: "site.objectStore: the mesh lets Orthanc and the backups reach the site's store, and only where it has one",
    },
    {
        objects: { type: "kubernetes:networking.k8s.io/v1:NetworkPolicy", name: "*-object-store-*" },
        presence: true,
        fields: ["inputs.spec.egress[*].ports[*].port"],
        reason: "site.objectStore: egress to the store (on its endpoint's port) exists only where there is one",
    },
    {
        objects: { type: "kubernetes:networking.k8s.io/v1:NetworkPolicy", name: "cnpg-system-operator-to-barman-cloud-plugin-*" },
        presence: true,
        reason: "site.objectStore: the operator talks to the Barman Cloud plugin only where it is installed",
    },
    {
        objects: { type: "kubernetes:monitoring.coreos.com/v1:PrometheusRule", name: "monitoring-rules" },
        fields: ["inputs.spec.groups[name=imaging-postgres].rules[alert=PostgresBackupTooOld]"],
        reason: "site.objectStore and postgres.backupAlertAfterHours: backups are watched only where they are taken",
    },
];

// The site's cloud identity, for sites whose workloads reach the object store
// without keys (EKS: IAM roles for service accounts; AKS: workload identity).
const identity: SiteKnob[] = [
    {
        objects: { type: "kubernetes:core/v1:ServiceAccount" },
        fields: [
            'inputs.metadata.annotations["eks.amazonaws.com/role-arn"]',
            'inputs.metadata.annotations["azure.workload.identity/client-id"]',
            'inputs.metadata.annotations["azure.workload.identity/tenant-id"]',
        ],
        reason: "the site's cloud identity: which role or managed identity a workload acts as",
    },
    {
        objects: { type: "kubernetes:postgresql.cnpg.io/v1:Cluster", name: "orthanc-db" },
        fields: [
            'inputs.spec.serviceAccountTemplate.metadata.annotations["eks.amazonaws.com/role-arn"]',
            'inputs.spec.serviceAccountTemplate.metadata.annotations["azure.workload.identity/client-id"]',
            'inputs.spec.serviceAccountTemplate.metadata.annotations["azure.workload.identity/tenant-id"]',
        ],
        reason: "the site's cloud identity: the role or managed identity PostgreSQL's backups act as",
    },
    {
        // The annotations above carry the identity's outputs (a role ARN, a client id):
        // the object waits for the site's resource that makes them.
        objects: { type: "kubernetes:postgresql.cnpg.io/v1:Cluster", name: "orthanc-db" },
        fields: ['dependencies["site\'s *"]'],
        reason: "the site's cloud identity: PostgreSQL's backups wait for the identity they act as",
    },
    {
        objects: { type: "kubernetes:core/v1:ServiceAccount", name: "orthanc" },
        fields: ['dependencies["site\'s *"]'],
        reason: "the site's cloud identity: Orthanc's service account waits for the identity it is bound to",
    },
    {
        objects: {},
        fields: [
            'inputs.spec.template.metadata.labels["azure.workload.identity/use"]',
            'inputs.spec.inheritedMetadata.labels["azure.workload.identity/use"]',
        ],
        reason: "the site's cloud identity: on AKS, pods that use workload identity say so",
    },
];

// Single sign-on (components/identity/): the realm lives on Orthanc's host name,
// and a laptop or test site has its generated test accounts.
const signIn: SiteKnob[] = [
    {
        objects: { type: "kubernetes:apps/v1:Deployment", name: "keycloak" },
        fields: ["inputs.spec.template.spec.containers[name=keycloak].env[name=KC_HOSTNAME].value"],
        reason: "site.ingress.hostname: Keycloak answers under /keycloak on Orthanc's host name",
    },
    {
        objects: { type: "kubernetes:security.istio.io/v1:RequestAuthentication", name: "orthanc-tokens" },
        fields: ["inputs.spec.jwtRules[*].issuer"],
        reason: "site.ingress.hostname: the realm's tokens name Keycloak's URL on Orthanc's host name as their issuer",
    },
    {
        objects: { type: "kubernetes:core/v1:ConfigMap", name: "orthanc-config" },
        fields: [
            'inputs.data["orthanc.json"].OrthancExplorer2.Keycloak.Url',
            'inputs.data["orthanc.json"].OrthancExplorer2.Keycloak.Realm',
            'inputs.data["orthanc.json"].OrthancExplorer2.Keycloak.ClientId',
        ],
        reason: "site.ingress.hostname, or site.identity.keycloak: the realm Orthanc Explorer 2 sends people to sign in at",
    },
    {
        objects: { type: "random:index/randomPassword:RandomPassword", name: "keycloak-test-*" },
        presence: true,
        reason: "site.identity.testUsers: one generated account per role, on a laptop or test site only",
    },
    {
        objects: { type: "kubernetes:apps/v1:Deployment", name: "keycloak" },
        fields: ["inputs.spec.template.spec.containers[name=keycloak].env[name=IMAGING_REALM_TEST_*]"],
        reason: "site.identity.testUsers: the test accounts' passwords reach the realm import",
    },
    {
        objects: { type: "kubernetes:core/v1:Secret", name: "keycloak-realm" },
        fields: ["inputs.stringData.IMAGING_REALM_TEST_*"],
        reason: "site.identity.testUsers: the test accounts' passwords, beside the realm file",
    },
    {
        objects: { type: "kubernetes:apps/v1:Deployment", name: "keycloak" },
        fields: ["inputs.spec.template.spec.containers[name=keycloak].env[name=IMAGING_REALM_LDAP_*]", "inputs.spec.template.spec.containers[name=keycloak].env[name=IMAGING_REALM_OIDC_*]"],
        reason: "site.identity.upstream: the directory's bind password or the identity provider's client secret reaches the realm import",
    },
    {
        objects: { type: "kubernetes:core/v1:Secret", name: "keycloak-realm" },
        fields: ["inputs.stringData.IMAGING_REALM_LDAP_*", "inputs.stringData.IMAGING_REALM_OIDC_*"],
        reason: "site.identity.upstream: the directory's bind password or the identity provider's client secret, beside the realm file",
    },
    {
        objects: { type: "kubernetes:networking.istio.io/v1:ServiceEntry", name: "identity-upstream*" },
        presence: true,
        fields: ["inputs.spec.hosts", "inputs.spec.ports[*]"],
        reason: "site.identity.upstream: the hospital's directory or identity provider, the one host outside the cluster Keycloak reaches",
    },
    {
        objects: { type: "kubernetes:networking.k8s.io/v1:NetworkPolicy", name: "imaging-keycloak-to-upstream-egress" },
        presence: true,
        fields: ["inputs.spec.egress[*].ports[*].port"],
        reason: "site.identity.upstream: Keycloak's connection to the hospital's directory or identity provider, on its port",
    },
];

const network: SiteKnob[] = [
    {
        objects: { type: "kubernetes:networking.k8s.io/v1:NetworkPolicy" },
        fields: ["inputs.spec.egress[*].to[*].ipBlock", "inputs.spec.ingress[*].from[*].ipBlock"],
        reason: "site.egress and site.ingress.sourceRanges: the site's own networks (absent: any address)",
    },
    {
        objects: { type: "kubernetes:networking.k8s.io/v1:NetworkPolicy", name: "*-to-api-egress" },
        fields: ["inputs.spec.egress[*].ports"],
        reason: "the site's cluster: the ports its API server answers on (contract apiServerPorts)",
    },
    {
        objects: { type: "kubernetes:security.istio.io/v1:AuthorizationPolicy", name: "imaging-admin-routes" },
        fields: ["inputs.spec.rules[*].from[*].source.notIpBlocks"],
        reason: "site.ingress.adminSourceRanges: the networks Orthanc's administrative routes are reached from",
    },
    {
        objects: { type: "kubernetes:helm.sh/v3:Release", name: "imaging-gateway" },
        fields: [
            "inputs.values.service.type",
            "inputs.values.service.annotations",
            "inputs.values.service.ports[*].nodePort",
            "inputs.values.service.loadBalancerSourceRanges",
        ],
        reason: "the site's load balancer (its annotations) or fixed node ports where it has none, and site.ingress.sourceRanges",
    },
    {
        objects: { type: "kubernetes:helm.sh/v3:Release", name: "istio*" },
        fields: ["inputs.values.global.platform"],
        reason: "site.existing.distribution: k3d, k3s, minikube and microk8s keep CNI files elsewhere (Istio's global.platform)",
    },
];

const optional: SiteKnob[] = [
    {
        objects: { type: "kubernetes:networking.istio.io/v1:VirtualService", name: "prometheus-query" },
        presence: true,
        reason: "site.ingress.prometheusHostname: the Prometheus query API is exposed only where the site's monitoring asks for it",
    },
    {
        objects: { type: "kubernetes:networking.istio.io/v1:Gateway", name: "imaging" },
        fields: ['dependencies["imaging:platform:Platform$imaging:monitoring:Monitoring$kubernetes:core/v1:Namespace::monitoring"]'],
        reason: "site.ingress.prometheusHostname: the gateway serves a host in the monitoring namespace",
    },
    {
        objects: { name: "site-alert-webhook" },
        presence: true,
        reason: "the alertWebhookUrl secret: Alertmanager sends alerts to the site's webhook, where it has one",
    },
    {
        objects: { type: "kubernetes:networking.k8s.io/v1:NetworkPolicy", name: "monitoring-alertmanager-to-webhook-egress" },
        presence: true,
        reason: "the alertWebhookUrl secret: Alertmanager reaches out only where there is a webhook",
    },
];

/** Every site knob of the platform layer. */
export const siteKnobs: readonly SiteKnob[] = [
    ...storageClass,
    ...sizes,
    ...replicas,
    ...names,
    ...certificates,
    ...objectStore,
    ...identity,
    ...signIn,
    ...network,
    ...optional,
];
