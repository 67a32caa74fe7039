import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { loadSite, parseSiteConfig } from "../stacks/config/load";
import { SiteConfigError } from "../stacks/config/errors";
import { project } from "./support/plan";
import { problemsOf } from "./support/config-problems";

const valid = { name: "site-a", kind: "existing", existing: { context: "site-a" }, objectStore: { type: "none" }, ingress: { hostname: "pacs.site-a.example" } };


describe("site configuration", () => {
    const badValues: Array<[string, Record<string, unknown>, string]> = [
        ["negative replicas", { orthanc: { replicas: -1 } }, "site.orthanc.replicas: -1 is not allowed; expected an integer >= 1"],
        ["fractional replicas", { orthanc: { replicas: 1.5 } }, "site.orthanc.replicas: 1.5 is not allowed; expected an integer >= 1"],
        ["replicas as text", { orthanc: { replicas: "2" } }, 'site.orthanc.replicas: "2" is not allowed; expected an integer >= 1'],
        [
            "several replicas on a volume",
            { orthanc: { replicas: 3 } },
            "site.orthanc.replicas: 3 is not allowed; expected 1 when the site has no objectStore (DICOM files then live on one ReadWriteOnce volume)",
        ],
        [
            "a site that leaves the object store out",
            { objectStore: undefined },
            "site.objectStore: missing; expected an object store (type s3 or azureBlob) for a site that holds patient data: PostgreSQL's backups and the DICOM files go there; " +
                "a laptop or test site without one says so with objectStore: {type: none}",
        ],
        [
            "several replicas on purpose without an object store",
            { objectStore: { type: "none" }, orthanc: { replicas: 2 } },
            "site.orthanc.replicas: 2 is not allowed; expected 1 when the site has no objectStore (DICOM files then live on one ReadWriteOnce volume)",
        ],
        [
            "an S3 key for Orthanc without one for the backups",
            { objectStore: { type: "s3", bucket: "pacs-archive", region: "eu-central-1", accessKeyId: "orthanc" } },
            "site.objectStore.backupAccessKeyId: missing; expected an access key for Orthanc and another for the backups, or neither (the cluster's cloud identity)",
        ],
        [
            "Orthanc's S3 key reused for the backups",
            { objectStore: { type: "s3", bucket: "pacs-archive", region: "eu-central-1", accessKeyId: "orthanc", backupAccessKeyId: "orthanc" } },
            'site.objectStore.backupAccessKeyId: "orthanc" is not allowed; expected a key of the backups\' own: with Orthanc\'s key, a compromised Orthanc could delete the backups',
        ],
        [
            "an existing cluster without a context",
            { existing: {} },
            "site.existing.context: missing; expected the kubeconfig context of this site's cluster; without one the stack would follow whatever context is current " +
                "and could be applied to the wrong cluster (a laptop stack may set existing.useCurrentContext: true instead)",
        ],
        [
            "a context and the current context at once",
            { existing: { context: "site-a", useCurrentContext: true } },
            "site.existing.useCurrentContext: true is not allowed; expected false when existing.context names the context",
        ],
        ["unknown site kind", { kind: "gke" }, 'site.kind: "gke" is not allowed; expected one of: existing, aks, eks, vsphere, proxmox'],
        [
            "a vsphere site without its vsphere section",
            { kind: "vsphere" },
            "site.vsphere: missing; expected a mapping with keys from: addresses, allowUnverifiedSsl, apiAddress, computeCluster, controlPlane, datacenter, datastore, folder, install, loadBalancer, network, readinessTimeoutMinutes, server, template, thumbprint, user, volumes, workers",
        ],
        ["uppercase site name", { name: "Site-A" }, 'site.name: "Site-A" is not allowed; expected a DNS label (lowercase letters, digits and \'-\', at most 63)'],
        ["size without unit", { postgres: { storageSize: "20" } }, 'site.postgres.storageSize: "20" is not allowed; expected a size such as 500Mi, 20Gi or 2Ti'],
        ["zero instances", { postgres: { instances: 0 } }, "site.postgres.instances: 0 is not allowed; expected an integer >= 1"],
        [
            "five-field cron",
            { postgres: { backupSchedule: "0 2 * * *" } },
            'site.postgres.backupSchedule: "0 2 * * *" is not allowed; expected a six-field cron schedule with seconds first, such as "0 0 2 * * *"',
        ],
        ["retention in years", { postgres: { backupRetention: "1y" } }, 'site.postgres.backupRetention: "1y" is not allowed; expected a retention such as 30d, 8w or 6m'],
        ["AE title too long", { orthanc: { aeTitle: "A_VERY_LONG_AE_TITLE" } }, 'site.orthanc.aeTitle: "A_VERY_LONG_AE_TITLE" is not allowed; expected an AE title of 1 to 16 printable characters'],
        ["too many jobs", { orthanc: { concurrentJobs: 64 } }, "site.orthanc.concurrentJobs: 64 is not allowed; expected an integer from 1 to 16"],
        ["memory without a unit", { orthanc: { resources: { limits: { memory: 512 } } } }, "site.orthanc.resources.limits.memory: 512 needs a unit, such as 512Mi or 2Gi"],
        ["a negative CPU number", { postgres: { resources: { requests: { cpu: -1 } } } }, "site.postgres.resources.requests.cpu: -1 is not allowed; expected a CPU quantity such as 250m or 2"],
        ["a CPU number Kubernetes cannot read (1e-7)", { orthanc: { resources: { requests: { cpu: 1e-7 } } } }, "site.orthanc.resources.requests.cpu: 1e-7 is not allowed; expected a CPU quantity such as 250m or 2"],
        ["memory in bytes", { orthanc: { resources: { limits: { memory: "2G" } } } }, 'site.orthanc.resources.limits.memory: "2G" is not allowed; expected a memory quantity such as 512Mi or 4Gi'],
        ["unknown object store", { objectStore: { type: "gcs", bucket: "b" } }, 'site.objectStore.type: "gcs" is not allowed; expected a mapping with type s3, azureBlob or none'],
        ["plain-http endpoint", { objectStore: { type: "s3", bucket: "pacs", region: "r", endpoint: "http://minio:9000" } }, 'site.objectStore.endpoint: "http://minio:9000" is not allowed; expected an https:// URL'],
        [
            "another kind's section",
            { vsphere: { datacenter: "dc1" } },
            "site.vsphere: unknown key; expected one of: certificates, egress, existing, identity, ingress, kind, monitoring, name, objectStore, orthanc, postgres, storageClass",
        ],
        ["typo in a key", { orthanc: { replica: 2 } }, "site.orthanc.replica: unknown key; expected one of: aeTitle, concurrentJobs, maxReplicas, replicas, resources, storageSize"],
        ["typo at the top", { postgress: {} }, "site.postgress: unknown key; expected one of: certificates, egress, existing, identity, ingress, kind, monitoring, name, objectStore, orthanc, postgres, storageClass"],
        ["IP address as host name", { ingress: { hostname: "10.0.0.5" } }, 'site.ingress.hostname: "10.0.0.5" is not allowed; expected a fully qualified host name in lowercase, such as pacs.hospital.example'],
        ["issuer of an unknown kind", { certificates: { webIssuer: { kind: "AcmeIssuer", name: "letsencrypt" } } }, 'site.certificates.webIssuer.kind: "AcmeIssuer" is not allowed; expected one of: ClusterIssuer, Issuer'],
        ["a trusted CA that is not PEM", { certificates: { extraTrustedClientCAs: ["MIIB..."] } }, 'site.certificates.extraTrustedClientCAs.0: "MIIB..." is not allowed; expected one PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)'],
        [
            "a modality enrolled with a certificate instead of a request",
            { certificates: { modalityCertificateRequests: { "ct-room-1": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----" } } },
            'site.certificates.modalityCertificateRequests.ct-room-1: "-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----" is not allowed; expected one PEM certificate request (-----BEGIN CERTIFICATE REQUEST----- ... -----END CERTIFICATE REQUEST-----)',
        ],
        [
            "a modality name that is not a DNS label",
            { certificates: { modalityCertificateRequests: { "CT Room 1": "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----" } } },
            "site.certificates.modalityCertificateRequests: \"CT Room 1\" is not allowed as a name; expected a DNS label (lowercase letters, digits and '-', at most 63)",
        ],
        ["modality certificates for a month", { certificates: { modalityCertificateDays: 30 } }, "site.certificates.modalityCertificateDays: 30 is not allowed; expected an integer from 90 to 1825"],
        ["an API server range that is an address", { egress: { apiServerRanges: ["10.96.0.1"] } }, 'site.egress.apiServerRanges.0: "10.96.0.1" is not allowed; expected a network in CIDR notation, such as 10.20.0.0/16'],
        ["object store ranges without an object store", { egress: { objectStoreRanges: ["10.40.0.0/24"] } }, 'site.egress.objectStoreRanges: ["10.40.0.0/24"] is not allowed; expected no object store ranges when the site has no object store'],
        ["retention without unit", { monitoring: { retention: "30" } }, 'site.monitoring.retention: "30" is not allowed; expected a duration such as 15d, 12w or 1y'],
        ["unknown distribution", { existing: { distribution: "gke" } }, 'site.existing.distribution: "gke" is not allowed; expected one of: generic, k3d, k3s, minikube, microk8s'],
        ["missing bucket", { objectStore: { type: "s3", region: "eu-central-1" } }, "site.objectStore.bucket: missing; expected an S3 bucket name (3 to 63 lowercase letters, digits, '.' and '-')"],
        [
            "a backup key without one for Orthanc",
            { objectStore: { type: "s3", bucket: "pacs-archive", region: "eu-central-1", backupAccessKeyId: "backups" } },
            "site.objectStore.accessKeyId: missing; expected an access key for Orthanc and another for the backups, or neither (the cluster's cloud identity)",
        ],
        [
            "an existing site without its existing section",
            { existing: undefined },
            "site.existing.context: missing; expected the kubeconfig context of this site's cluster; without one the stack would follow whatever context is current " +
                "and could be applied to the wrong cluster (a laptop stack may set existing.useCurrentContext: true instead)",
        ],
        [
            "several replicas where the object store is left out",
            { objectStore: undefined, orthanc: { replicas: 2 } },
            "site.orthanc.replicas: 2 is not allowed; expected 1 when the site has no objectStore (DICOM files then live on one ReadWriteOnce volume)",
        ],
        // A value is shown whole up to 80 characters, and cut with "..." beyond.
        [
            "a name of 78 characters, shown whole",
            { name: "site-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" },
            'site.name: "site-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" is not allowed; expected a DNS label (lowercase letters, digits and \'-\', at most 63)',
        ],
        [
            "a name of 79 characters, shown cut",
            { name: "site-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" },
            'site.name: "site-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa... is not allowed; expected a DNS label (lowercase letters, digits and \'-\', at most 63)',
        ],
        ["a name with an underscore", { name: "site_a" }, 'site.name: "site_a" is not allowed; expected a DNS label (lowercase letters, digits and \'-\', at most 63)'],
        ["fractional jobs", { orthanc: { concurrentJobs: 1.5 } }, "site.orthanc.concurrentJobs: 1.5 is not allowed; expected an integer from 1 to 16"],
        ["a context that is a number", { existing: { context: 1 } }, "site.existing.context: 1 is not allowed; expected a kubeconfig context name"],
        ["useCurrentContext as text", { existing: { useCurrentContext: "yes" } }, 'site.existing.useCurrentContext: "yes" is not allowed; expected true or false'],
        ["an empty context", { existing: { context: "" } }, 'site.existing.context: "" is not allowed; expected a kubeconfig context name'],
        ["an empty kubeconfig path", { existing: { context: "site-a", kubeconfig: "" } }, 'site.existing.kubeconfig: "" is not allowed; expected a path to a kubeconfig file'],
        ["an empty region", { objectStore: { type: "s3", bucket: "pacs-archive", region: "" } }, 'site.objectStore.region: "" is not allowed; expected a region name such as eu-central-1'],
        [
            "an empty access key id",
            { objectStore: { type: "s3", bucket: "pacs-archive", region: "eu-central-1", accessKeyId: "", backupAccessKeyId: "backups" } },
            'site.objectStore.accessKeyId: "" is not allowed; expected an access key id',
        ],
        [
            "an empty backup access key id",
            { objectStore: { type: "s3", bucket: "pacs-archive", region: "eu-central-1", accessKeyId: "orthanc", backupAccessKeyId: "" } },
            'site.objectStore.backupAccessKeyId: "" is not allowed; expected an access key id',
        ],
        [
            "a bucket name with an underscore",
            { objectStore: { type: "s3", bucket: "pacs_archive", region: "eu-central-1" } },
            'site.objectStore.bucket: "pacs_archive" is not allowed; expected an S3 bucket name (3 to 63 lowercase letters, digits, \'.\' and \'-\')',
        ],
        ["an endpoint with a scheme before https", { objectStore: { type: "s3", bucket: "pacs", region: "r", endpoint: "s3+https://minio.example" } }, 'site.objectStore.endpoint: "s3+https://minio.example" is not allowed; expected an https:// URL'],
        ["an endpoint with a space", { objectStore: { type: "s3", bucket: "pacs", region: "r", endpoint: "https://minio.example bucket" } }, 'site.objectStore.endpoint: "https://minio.example bucket" is not allowed; expected an https:// URL'],
        [
            "a storage account name with an underscore",
            { objectStore: { type: "azureBlob", storageAccount: "pacs_archive", container: "dicom" } },
            'site.objectStore.storageAccount: "pacs_archive" is not allowed; expected an Azure storage account name (3 to 24 lowercase letters and digits)',
        ],
        ["a container name with an underscore", { objectStore: { type: "azureBlob", storageAccount: "pacsarchive", container: "pacs_dicom" } }, 'site.objectStore.container: "pacs_dicom" is not allowed; expected an Azure blob container name'],
        ["a container name with two dashes in a row", { objectStore: { type: "azureBlob", storageAccount: "pacsarchive", container: "dicom--files" } }, 'site.objectStore.container: "dicom--files" is not allowed; expected an Azure blob container name'],
        ["a storage class with an underscore", { storageClass: "storage_class" }, "site.storageClass: \"storage_class\" is not allowed; expected a DNS subdomain (lowercase letters, digits, '-' and '.')"],
        [
            "a storage class longer than 253 characters",
            { storageClass: [...Array(4).fill(`fast${"s".repeat(59)}`), "ssd"].join(".") },
            "site.storageClass: \"fastsssssssssssssssssssssssssssssssssssssssssssssssssssssssssss.fastssssssss... is not allowed; expected a DNS subdomain (lowercase letters, digits, '-' and '.')",
        ],
        [
            "a host name longer than 253 characters",
            { ingress: { hostname: [...Array(4).fill(`pacs${"x".repeat(59)}`), "example"].join(".") } },
            'site.ingress.hostname: "pacsxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.pacsxxxxxxxx... is not allowed; expected a fully qualified host name in lowercase, such as pacs.hospital.example',
        ],
        ["a size with a leading zero", { postgres: { storageSize: "020Gi" } }, 'site.postgres.storageSize: "020Gi" is not allowed; expected a size such as 500Mi, 20Gi or 2Ti'],
        ["a size in bits", { postgres: { storageSize: "20Gib" } }, 'site.postgres.storageSize: "20Gib" is not allowed; expected a size such as 500Mi, 20Gi or 2Ti'],
        ["memory with a leading zero", { orthanc: { resources: { limits: { memory: "0512Mi" } } } }, 'site.orthanc.resources.limits.memory: "0512Mi" is not allowed; expected a memory quantity such as 512Mi or 4Gi'],
        ["memory in bits", { orthanc: { resources: { limits: { memory: "512Mib" } } } }, 'site.orthanc.resources.limits.memory: "512Mib" is not allowed; expected a memory quantity such as 512Mi or 4Gi'],
        [
            "seven-field cron",
            { postgres: { backupSchedule: "0 0 0 2 * * *" } },
            'site.postgres.backupSchedule: "0 0 0 2 * * *" is not allowed; expected a six-field cron schedule with seconds first, such as "0 0 2 * * *"',
        ],
        ["retention with a leading zero", { postgres: { backupRetention: "030d" } }, 'site.postgres.backupRetention: "030d" is not allowed; expected a retention such as 30d, 8w or 6m'],
        ["retention in days spelt out", { postgres: { backupRetention: "30days" } }, 'site.postgres.backupRetention: "30days" is not allowed; expected a retention such as 30d, 8w or 6m'],
        ["Prometheus retention with a leading zero", { monitoring: { retention: "030d" } }, 'site.monitoring.retention: "030d" is not allowed; expected a duration such as 15d, 12w or 1y'],
        ["Prometheus retention in days spelt out", { monitoring: { retention: "30days" } }, 'site.monitoring.retention: "30days" is not allowed; expected a duration such as 15d, 12w or 1y'],
        [
            "a trusted CA with text before it",
            { certificates: { extraTrustedClientCAs: ["ca.pem: -----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"] } },
            'site.certificates.extraTrustedClientCAs.0: "ca.pem: -----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----" is not allowed; expected one PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)',
        ],
        [
            "two trusted CAs in one entry",
            { certificates: { extraTrustedClientCAs: ["-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----"] } },
            'site.certificates.extraTrustedClientCAs.0: "-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n-----BEGIN CER... is not allowed; expected one PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)',
        ],
        ["trusted CAs as one text instead of a list", { certificates: { extraTrustedClientCAs: "ca.pem" } }, 'site.certificates.extraTrustedClientCAs: "ca.pem" is not allowed; expected a list of PEM certificates'],
        ["source ranges as one text instead of a list", { ingress: { ...valid.ingress, sourceRanges: "10.20.0.0/16" } }, 'site.ingress.sourceRanges: "10.20.0.0/16" is not allowed; expected a list of networks in CIDR notation'],
        ["an empty list of source ranges", { ingress: { ...valid.ingress, sourceRanges: [] } }, "site.ingress.sourceRanges: [] is not allowed; expected at least one network"],
        ["admin source ranges as one text instead of a list", { ingress: { ...valid.ingress, adminSourceRanges: "10.20.0.0/16" } }, 'site.ingress.adminSourceRanges: "10.20.0.0/16" is not allowed; expected a list of networks in CIDR notation'],
        ["a source range that is a number", { ingress: { ...valid.ingress, sourceRanges: [10] } }, "site.ingress.sourceRanges.0: 10 is not allowed; expected a network in CIDR notation, such as 10.20.0.0/16"],
        ["an IPv4 prefix over 32", { ingress: { ...valid.ingress, sourceRanges: ["10.20.0.0/33"] } }, 'site.ingress.sourceRanges.0: "10.20.0.0/33" is not allowed; expected a network in CIDR notation, such as 10.20.0.0/16'],
        ["an IPv6 prefix over 128", { ingress: { ...valid.ingress, sourceRanges: ["fd00::/129"] } }, 'site.ingress.sourceRanges.0: "fd00::/129" is not allowed; expected a network in CIDR notation, such as 10.20.0.0/16'],
        ["a range with two prefixes", { ingress: { ...valid.ingress, sourceRanges: ["10.20.0.0/16/8"] } }, 'site.ingress.sourceRanges.0: "10.20.0.0/16/8" is not allowed; expected a network in CIDR notation, such as 10.20.0.0/16'],
        ["a range of a host name", { ingress: { ...valid.ingress, sourceRanges: ["pacs/16"] } }, 'site.ingress.sourceRanges.0: "pacs/16" is not allowed; expected a network in CIDR notation, such as 10.20.0.0/16'],
        // Number() reads these as 16 and 10; Kubernetes and Istio would not.
        ["a prefix in hexadecimal", { ingress: { ...valid.ingress, sourceRanges: ["10.20.0.0/0x10"] } }, 'site.ingress.sourceRanges.0: "10.20.0.0/0x10" is not allowed; expected a network in CIDR notation, such as 10.20.0.0/16'],
        ["a prefix in exponent notation", { ingress: { ...valid.ingress, sourceRanges: ["10.20.0.0/1e1"] } }, 'site.ingress.sourceRanges.0: "10.20.0.0/1e1" is not allowed; expected a network in CIDR notation, such as 10.20.0.0/16'],
    ];

    for (const [label, change, message] of badValues) {
        it(`refuses ${label}`, () => {
            assert.ok(problemsOf({ ...valid, ...change }).includes(message), `expected: ${message}\ngot: ${problemsOf({ ...valid, ...change }).join("\n")}`);
        });
    }

    it("refuses a missing name and kind, naming both", () => {
        assert.deepEqual(problemsOf({}), [
            "site.name: missing; expected a DNS label (lowercase letters, digits and '-', at most 63)",
            "site.kind: missing; expected one of: existing, aks, eks, vsphere, proxmox",
            "site.ingress: missing; expected a mapping with keys from: adminSourceRanges, hostname, prometheusHostname, replicas, service, sourceRanges",
        ]);
    });

    it("asks a site of another kind for that kind's section, not an existing one", () => {
        const { existing: _existing, ...withoutExisting } = valid;
        assert.deepEqual(problemsOf({ ...withoutExisting, kind: "vsphere" }), [
            "site.vsphere: missing; expected a mapping with keys from: addresses, allowUnverifiedSsl, apiAddress, computeCluster, controlPlane, datacenter, datastore, folder, install, loadBalancer, network, readinessTimeoutMinutes, server, template, thumbprint, user, volumes, workers",
        ]);
    });

    it("refuses a value that is not a mapping", () => {
        assert.match(problemsOf("local")[0], /^site: "local" is not allowed; expected a mapping with keys from: certificates, egress, existing, identity, ingress, /);
    });

    it("keeps a kind's own problem beside a platform setting's when the kind itself is right", () => {
        // A wrong object-store type is a failed union too, but not the kind's: the
        // site's own keys are still read, so both problems are named.
        assert.deepEqual(problemsOf({ ...valid, objectStore: { type: "gcs" }, orthanc: { replicas: 0 } }), [
            "site.orthanc.replicas: 0 is not allowed; expected an integer >= 1",
            'site.objectStore.type: "gcs" is not allowed; expected a mapping with type s3, azureBlob or none',
        ]);
    });

    it("reports every problem in one message", () => {
        const error = (() => {
            try {
                parseSiteConfig({ ...valid, orthanc: { replicas: 0, aeTitle: "" } });
            } catch (e) {
                return e as Error;
            }
            return undefined;
        })();
        assert.ok(error);
        assert.match(error.message, /site\.orthanc\.replicas: 0 is not allowed/);
        assert.match(error.message, /site\.orthanc\.aeTitle: "" is not allowed/);
    });

    it("takes objectStore type none as no object store", () => {
        const site = parseSiteConfig(valid);
        assert.equal(site.kind === "existing" ? site.objectStore : "not an existing site", undefined);
    });

    it("lets a laptop stack follow the current context", () => {
        const site = parseSiteConfig({ ...valid, existing: { useCurrentContext: true } });
        assert.equal(site.kind === "existing" ? site.existing?.context : "not an existing site", undefined);
    });

    it("fills documented defaults", () => {
        const site = parseSiteConfig(valid);
        assert.equal(site.postgres.instances, 3);
        assert.equal(site.postgres.storageSize, "20Gi");
        assert.equal(site.postgres.backupSchedule, "0 0 2 * * *");
        assert.deepEqual(site.postgres.resources, { requests: { cpu: "500m", memory: "1Gi" }, limits: { cpu: "2", memory: "2Gi" } });
        assert.equal(site.orthanc.aeTitle, "ORTHANC");
        assert.equal(site.orthanc.replicas, undefined);
        assert.equal(site.orthanc.storageSize, "100Gi");
        assert.deepEqual(site.orthanc.resources, { requests: { cpu: "500m", memory: "1Gi" }, limits: { cpu: "2", memory: "2Gi" } });
        assert.deepEqual(site.monitoring, { retention: "30d", prometheusStorageSize: "50Gi", alertmanagerStorageSize: "2Gi", grafanaStorageSize: "5Gi" });
    });

    // Valid values at the edges of each pattern, written by a site rather than left to a default.
    const goodValues: Array<[string, Record<string, unknown>]> = [
        ["a one-character site name", { name: "a" }],
        ["a storage class of one-character and longer labels", { storageClass: "x.fast-ssd.y" }],
        ["a host name whose first label is one character", { ingress: { hostname: "x.hospital.example" } }],
        ["a three-digit size", { postgres: { storageSize: "100Gi" } }],
        ["CPU quantities of two digits and of two decimals", { orthanc: { resources: { requests: { cpu: "0.25" }, limits: { cpu: 12 } } } }],
        ["a cron schedule with several spaces and multi-character fields", { postgres: { backupSchedule: "0  30 1 * * 1-5" } }],
        ["a three-digit retention", { postgres: { backupRetention: "120d" } }],
        ["a two-digit Prometheus retention", { monitoring: { retention: "15d" } }],
        ["a trusted CA ending in a newline, as PEM files do", { certificates: { extraTrustedClientCAs: ["-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"] } }],
        ["an endpoint with a port and a path", { objectStore: { type: "s3", bucket: "pacs-archive", region: "eu-central-1", endpoint: "https://minio.example:9000/s3" } }],
        ["a single host and an IPv6 network", { ingress: { ...valid.ingress, sourceRanges: ["10.20.0.5/32", "fd00::/64"] } }],
        ["an autoscaling ceiling equal to the replica count", { objectStore: { type: "s3", bucket: "pacs-archive", region: "eu-central-1" }, orthanc: { replicas: 3, maxReplicas: 3 } }],
    ];
    for (const [label, change] of goodValues) {
        it(`accepts ${label}`, () => {
            assert.doesNotThrow(() => parseSiteConfig({ ...valid, ...change }));
        });
    }

    it("accepts a CPU number, as Kubernetes does, as the same quantity in text", () => {
        const site = parseSiteConfig({
            ...valid,
            orthanc: { resources: { requests: { cpu: 0.5 }, limits: { cpu: 2 } } },
            postgres: { resources: { requests: { cpu: "250m" }, limits: { cpu: 1.5 } } },
        });
        assert.deepEqual(site.orthanc.resources.requests.cpu, "0.5");
        assert.deepEqual(site.orthanc.resources.limits.cpu, "2");
        assert.deepEqual(site.postgres.resources.requests.cpu, "250m");
        assert.deepEqual(site.postgres.resources.limits.cpu, "1.5");
    });

    it("accepts several replicas with an object store", () => {
        const site = parseSiteConfig({
            ...valid,
            objectStore: { type: "s3", bucket: "pacs-archive", region: "eu-central-1" },
            orthanc: { replicas: 3, maxReplicas: 6 },
        });
        assert.equal(site.orthanc.replicas, 3);
    });

    it("refuses an autoscaling ceiling below the replica count", () => {
        const problems = problemsOf({
            ...valid,
            objectStore: { type: "s3", bucket: "pacs-archive", region: "eu-central-1" },
            orthanc: { replicas: 3, maxReplicas: 2 },
        });
        assert.deepEqual(problems, ["site.orthanc.maxReplicas: 2 is not allowed; expected an integer >= orthanc.replicas (3)"]);
    });
});

describe("stack configuration keys", () => {
    const site = { [`${project}:site`]: JSON.stringify(valid) };

    // Loads the site from a flat configuration, as the runtime holds it under `pulumi up` and the plan.
    function load(config: Record<string, string>, secretKeys: string[] = []) {
        pulumi.runtime.setAllConfig({ ...site, ...config }, secretKeys);
        return loadSite(new pulumi.Config(project));
    }

    function refusalOf(config: Record<string, string>, secretKeys: string[] = []): string[] {
        try {
            load(config, secretKeys);
        } catch (error) {
            assert.ok(error instanceof SiteConfigError, `expected a SiteConfigError, got ${error}`);
            return error.problems;
        }
        assert.fail("expected the configuration to be refused");
    }

    after(() => pulumi.runtime.setAllConfig({}, []));

    const stray: Array<[string, Record<string, string>, string[], string]> = [
        [
            "a setting written beside site (pulumi config set orthanc.replicas 3)",
            { [`${project}:orthanc.replicas`]: "3" },
            [],
            "imaging-platform:orthanc.replicas is not a setting; settings live under site, set it with: pulumi config set --path 'site.orthanc.replicas' 3",
        ],
        [
            "a value that needs quoting",
            { [`${project}:orthanc.aeTitle`]: "MY PACS" },
            [],
            "imaging-platform:orthanc.aeTitle is not a setting; settings live under site, set it with: pulumi config set --path 'site.orthanc.aeTitle' 'MY PACS'",
        ],
        [
            "a mapping written beside site (pulumi config set --path orthanc.replicas 3)",
            { [`${project}:orthanc`]: JSON.stringify({ replicas: 3 }) },
            [],
            "imaging-platform:orthanc is not a setting; settings live under site, move it to site.orthanc in the stack file",
        ],
        [
            "a value of several plain characters, left unquoted",
            { [`${project}:postgres.storageSize`]: "20Gi" },
            [],
            "imaging-platform:postgres.storageSize is not a setting; settings live under site, set it with: pulumi config set --path 'site.postgres.storageSize' 20Gi",
        ],
        [
            "a value with a single quote",
            { [`${project}:orthanc.aeTitle`]: "ST MARY'S" },
            [],
            "imaging-platform:orthanc.aeTitle is not a setting; settings live under site, set it with: pulumi config set --path 'site.orthanc.aeTitle' 'ST MARY'\\''S'",
        ],
        [
            // null parses as JSON but is no mapping to move into the stack file.
            "a null value",
            { [`${project}:storageClass`]: "null" },
            [],
            "imaging-platform:storageClass is not a setting; settings live under site, set it with: pulumi config set --path 'site.storageClass' null",
        ],
        [
            "a secret the program does not read, without echoing it",
            { [`${project}:alertWebhookURL`]: "https://hooks.example/token-123" },
            [`${project}:alertWebhookURL`],
            "imaging-platform:alertWebhookURL is not a secret this program reads; expected one of: alertWebhookUrl, identityLdapBindPassword, identityOidcClientSecret, objectStoreBackupConnectionString, objectStoreBackupSecretAccessKey, objectStoreConnectionString, objectStoreSecretAccessKey, proxmoxApiToken, proxmoxSshPrivateKey, vspherePassword",
        ],
    ];
    for (const [label, config, secretKeys, message] of stray) {
        it(`refuses ${label}`, () => {
            assert.deepEqual(refusalOf(config, secretKeys), [message]);
        });
    }

    it("names a stray key together with the site's own problems", () => {
        const problems = refusalOf({
            [`${project}:site`]: JSON.stringify({ ...valid, orthanc: { replicas: 0 } }),
            [`${project}:orthanc.replicas`]: "3",
        });
        assert.equal(problems.length, 2, problems.join("\n"));
        assert.match(problems[0], /^imaging-platform:orthanc\.replicas is not a setting/);
        assert.match(problems[1], /^site\.orthanc\.replicas: 0 is not allowed/);
    });

    const accepted: Array<[string, Record<string, string>, string[]]> = [
        ["the secret keys the program reads", {
            [`${project}:objectStoreSecretAccessKey`]: "s3-secret",
            [`${project}:objectStoreConnectionString`]: "azure-connection",
            [`${project}:alertWebhookUrl`]: "https://hooks.example/x",
        }, [`${project}:objectStoreSecretAccessKey`, `${project}:objectStoreConnectionString`, `${project}:alertWebhookUrl`]],
        ["keys of other namespaces", {
            "kubernetes:context": "kind-imaging-local",
            "pulumi:disable-default-providers": JSON.stringify(["*"]),
            "imaging-platform-old:orthanc.replicas": "3",
        }, []],
    ];
    for (const [label, config, secretKeys] of accepted) {
        it(`accepts ${label}`, () => {
            assert.equal(load(config, secretKeys).config.name, "site-a");
        });
    }

    const siteWith = (change: Record<string, unknown>) => ({ [`${project}:site`]: JSON.stringify({ ...valid, ...change }) });

    it("asks for both secrets of an S3 store with access keys", () => {
        assert.deepEqual(refusalOf(siteWith({ objectStore: { type: "s3", bucket: "pacs-archive", region: "eu-central-1", accessKeyId: "orthanc", backupAccessKeyId: "backups" } })), [
            "imaging-platform:objectStoreSecretAccessKey: missing; expected a secret because site.objectStore.accessKeyId is set (pulumi config set --secret objectStoreSecretAccessKey ...)",
            "imaging-platform:objectStoreBackupSecretAccessKey: missing; expected a secret because site.objectStore.backupAccessKeyId is set (pulumi config set --secret objectStoreBackupSecretAccessKey ...)",
        ]);
    });

    it("asks for both connection strings of an Azure store", () => {
        assert.deepEqual(refusalOf(siteWith({ objectStore: { type: "azureBlob", storageAccount: "pacsarchive", container: "dicom" } })), [
            "imaging-platform:objectStoreConnectionString: missing; expected a secret because site.objectStore.type is azureBlob (pulumi config set --secret objectStoreConnectionString ...)",
            "imaging-platform:objectStoreBackupConnectionString: missing; expected a secret because site.objectStore.type is azureBlob (pulumi config set --secret objectStoreBackupConnectionString ...)",
        ]);
    });

    it("names a kubeconfig that is not there together with the other problems", () => {
        const problems = refusalOf({
            ...siteWith({ existing: { context: "site-a", kubeconfig: "/nonexistent/imaging-platform/kubeconfig.yaml" } }),
            [`${project}:orthanc.replicas`]: "3",
        });
        assert.deepEqual(problems, [
            "imaging-platform:orthanc.replicas is not a setting; settings live under site, set it with: pulumi config set --path 'site.orthanc.replicas' 3",
            'site.existing.kubeconfig: "/nonexistent/imaging-platform/kubeconfig.yaml" is not allowed; expected a kubeconfig file ' +
                "(resolved to /nonexistent/imaging-platform/kubeconfig.yaml, which does not exist)",
        ]);
    });

    it("names a site value that is not a mapping like any other wrong value", () => {
        assert.match(refusalOf({ [`${project}:site`]: "local" })[0], /^site: "local" is not allowed; expected a mapping with keys from: /);
    });

    it("says where a missing site belongs", () => {
        pulumi.runtime.setAllConfig({}, []);
        assert.throws(() => loadSite(new pulumi.Config(project)), (error: SiteConfigError) => {
            assert.deepEqual(error.problems, [
                "site: missing; expected the key imaging-platform:site in the stack's configuration (see Pulumi.local.yaml)",
            ]);
            return true;
        });
    });
});
