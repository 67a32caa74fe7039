// How a site's object store is wired through the platform: Orthanc's storage
// plugin and its credentials, the autoscaler and disruption budget a shared store
// allows, and PostgreSQL's WAL archive and base backups through the Barman Cloud
// plugin, for each way a site reaches its store (S3 with keys, S3 through the
// cluster's cloud identity, Azure Blob).
import { strict as assert } from "assert";
import type { Plan, PlannedResource } from "../tools/plan/evaluate";
import { localSiteWith, planSite, resource, tryResource, types } from "./support/plan";

type Json = Record<string, any>;

function inputs(r: PlannedResource): Json {
    return r.inputs as Json;
}

function orthancJson(plan: Plan): Json {
    return JSON.parse(inputs(resource(plan, types.configMap, "orthanc-config")).data["orthanc.json"]);
}

function orthancEnv(plan: Plan): Json[] {
    return inputs(resource(plan, types.deployment, "orthanc")).spec.template.spec.containers[0].env;
}

function envFromSecret(plan: Plan, name: string): Json | undefined {
    return orthancEnv(plan).find((e) => e.name === name)?.valueFrom?.secretKeyRef;
}

function component(plan: Plan, type: string): PlannedResource {
    const found = plan.resources.filter((r) => r.type === type);
    assert.equal(found.length, 1, `one ${type}`);
    return found[0];
}

const s3Store = { type: "s3", bucket: "pacs-archive", region: "eu-central-1" };

describe("object store wiring: S3 with access keys, a custom endpoint and a storage class", () => {
    let plan: Plan;
    before(async () => {
        plan = await planSite(
            localSiteWith({
                objectStore: { ...s3Store, endpoint: "https://minio.hospital.example:9000", accessKeyId: "orthanc-key", backupAccessKeyId: "backup-key" },
                storageClass: "fast-ssd",
            }),
            { objectStoreSecretAccessKey: "orthanc-secret", objectStoreBackupSecretAccessKey: "backup-secret" },
        );
    });

    it("gives Orthanc and the backups each a Secret of their own access key", () => {
        // The plan masks every value of a stringData that holds a secret: which key went where is for the real-server tests.
        for (const name of ["object-store-credentials", "backup-object-store-credentials"]) {
            const r = resource(plan, types.secret, name);
            assert.equal(inputs(r).type, "Opaque", name);
            assert.equal(inputs(r).metadata.namespace, "imaging", name);
            assert.deepEqual(inputs(r).stringData, { ACCESS_KEY_ID: "[secret]", ACCESS_SECRET_KEY: "[secret]" }, name);
            assert.equal(r.parent, component(plan, "imaging:platform:Platform").urn, name);
        }
    });

    it("runs the site's one Orthanc replica by default, free to scale out to four", () => {
        const spec = inputs(resource(plan, types.hpa, "orthanc")).spec;
        assert.equal(spec.minReplicas, 1);
        assert.equal(spec.maxReplicas, 4);
    });

    it("alerts when the newest base backup is older than 26 hours", () => {
        const backupAlert = plan.resources
            .filter((r) => r.type === "kubernetes:monitoring.coreos.com/v1:PrometheusRule")
            .flatMap((r) => inputs(r).spec.groups.flatMap((g: Json) => g.rules))
            .find((r: Json) => r.alert === "PostgresBackupTooOld");
        assert.ok(backupAlert, "no PostgresBackupTooOld alert");
        assert.match(backupAlert.expr, / > 93600$/);
    });

    it("hands Orthanc its own keys, and the S3 plugin reads them from the environment", () => {
        assert.deepEqual(envFromSecret(plan, "ORTHANC_S3_ACCESS_KEY"), { name: "object-store-credentials", key: "ACCESS_KEY_ID" });
        assert.deepEqual(envFromSecret(plan, "ORTHANC_S3_SECRET_KEY"), { name: "object-store-credentials", key: "ACCESS_SECRET_KEY" });
        const s3 = orthancJson(plan).AwsS3Storage;
        assert.equal(s3.AccessKey, "${ORTHANC_S3_ACCESS_KEY}");
        assert.equal(s3.SecretKey, "${ORTHANC_S3_SECRET_KEY}");
        assert.equal(s3.RootPath, "orthanc", "Orthanc's files and the backups share the bucket under separate prefixes");
    });

    it("checks the store's HTTPS certificate against the image's (Debian's) public CA bundle", () => {
        assert.equal(orthancJson(plan).HttpsCACertificates, "/etc/ssl/certs/ca-certificates.crt");
    });

    it("archives WAL and base backups with the backups' own keys, at the site's endpoint, encrypted by S3", () => {
        const store = inputs(resource(plan, types.barmanObjectStore, "orthanc-db-backups"));
        const configuration = store.spec.configuration;
        assert.equal(configuration.endpointURL, "https://minio.hospital.example:9000");
        assert.deepEqual(configuration.s3Credentials, {
            accessKeyId: { name: "backup-object-store-credentials", key: "ACCESS_KEY_ID" },
            secretAccessKey: { name: "backup-object-store-credentials", key: "ACCESS_SECRET_KEY" },
        });
        assert.deepEqual(configuration.wal, { compression: "gzip", encryption: "AES256" });
        assert.deepEqual(configuration.data, { compression: "gzip", encryption: "AES256" });
    });

    it("puts the database's volumes on the site's storage class", () => {
        assert.equal(inputs(resource(plan, types.cnpgCluster, "orthanc-db")).spec.storage.storageClass, "fast-ssd");
    });
});

describe("object store wiring: none, with a storage class", () => {
    let plan: Plan;
    before(async () => {
        plan = await planSite(localSiteWith({ storageClass: "fast-ssd" }));
    });

    it("puts Orthanc's DICOM volume and the database's on the site's storage class", () => {
        assert.equal(inputs(resource(plan, types.pvc, "orthanc-dicom")).spec.storageClassName, "fast-ssd");
        assert.equal(inputs(resource(plan, types.cnpgCluster, "orthanc-db")).spec.storage.storageClass, "fast-ssd");
    });

    it("declares no backups and no Barman Cloud plugin", () => {
        assert.equal(tryResource(plan, types.barmanObjectStore, "orthanc-db-backups"), undefined);
        assert.equal(tryResource(plan, types.scheduledBackup, "orthanc-db-daily"), undefined);
        assert.equal(tryResource(plan, types.release, "cloudnative-pg-barman-cloud"), undefined);
        assert.equal("plugins" in inputs(resource(plan, types.cnpgCluster, "orthanc-db")).spec, false);
    });
});

describe("object store wiring: S3 through the cluster's cloud identity", () => {
    let plan: Plan;
    before(async () => {
        plan = await planSite(localSiteWith({ objectStore: { ...s3Store, serverSideEncryption: "none" }, orthanc: { replicas: 2, maxReplicas: 6 } }));
    });

    it("gives Orthanc no key: the S3 plugin falls back to the cloud identity", () => {
        assert.equal(tryResource(plan, types.secret, "object-store-credentials"), undefined);
        assert.equal(tryResource(plan, types.secret, "backup-object-store-credentials"), undefined);
        const names = orthancEnv(plan).map((e) => e.name);
        assert.ok(!names.includes("ORTHANC_S3_ACCESS_KEY"), names.join(", "));
        assert.ok(!names.includes("ORTHANC_S3_SECRET_KEY"), names.join(", "));
        const s3 = orthancJson(plan).AwsS3Storage;
        assert.equal("AccessKey" in s3, false);
        assert.equal("SecretKey" in s3, false);
    });

    it("has the backups inherit the IAM role, at AWS's own endpoint, without asking S3 to encrypt", () => {
        const configuration = inputs(resource(plan, types.barmanObjectStore, "orthanc-db-backups")).spec.configuration;
        assert.deepEqual(configuration.s3Credentials, { inheritFromIAMRole: true });
        assert.equal("endpointURL" in configuration, false);
        assert.deepEqual(configuration.wal, { compression: "gzip" });
        assert.deepEqual(configuration.data, { compression: "gzip" });
    });

    it("rolls Orthanc one new pod at a time, never below the running count", () => {
        const strategy = inputs(resource(plan, types.deployment, "orthanc")).spec.strategy;
        assert.deepEqual(strategy, { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
    });

    it("scales Orthanc's Deployment on CPU between the site's bounds", () => {
        const hpa = resource(plan, types.hpa, "orthanc");
        const spec = inputs(hpa).spec;
        assert.deepEqual(inputs(hpa).metadata.name, "orthanc");
        assert.deepEqual(inputs(hpa).metadata.namespace, "imaging");
        assert.equal(inputs(hpa).metadata.labels["app.kubernetes.io/name"], "orthanc");
        assert.deepEqual(spec.scaleTargetRef, { apiVersion: "apps/v1", kind: "Deployment", name: "orthanc" });
        assert.equal(spec.minReplicas, 2);
        assert.equal(spec.maxReplicas, 6);
        assert.deepEqual(spec.metrics, [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }]);
        assert.equal(hpa.parent, component(plan, "imaging:orthanc:Orthanc").urn);
    });

    it("lets a node drain take one Orthanc pod at a time", () => {
        const pdb = resource(plan, types.pdb, "orthanc");
        assert.equal(inputs(pdb).metadata.name, "orthanc");
        assert.equal(inputs(pdb).metadata.namespace, "imaging");
        assert.deepEqual(inputs(pdb).spec, {
            selector: { matchLabels: inputs(resource(plan, types.deployment, "orthanc")).spec.selector.matchLabels },
            maxUnavailable: 1,
        });
        assert.ok(Object.keys(inputs(pdb).spec.selector.matchLabels).length > 0, "a budget with an empty selector covers every pod");
        assert.equal(pdb.parent, component(plan, "imaging:orthanc:Orthanc").urn);
    });

    it("schedules a daily base backup of the cluster, the first one right away", () => {
        const scheduled = resource(plan, types.scheduledBackup, "orthanc-db-daily");
        const spec = inputs(scheduled);
        assert.equal(spec.metadata.name, "orthanc-db-scheduled");
        assert.equal(spec.metadata.namespace, "imaging");
        assert.equal(spec.spec.immediate, true);
        assert.deepEqual(spec.spec.cluster, { name: "orthanc-db" });
        assert.ok(scheduled.dependencies.includes(resource(plan, types.cnpgCluster, "orthanc-db").urn), "the Cluster must exist first");
    });

    it("declares the Cluster after its backup ObjectStore, and the ObjectStore after the plugin that defines its kind", () => {
        const store = resource(plan, types.barmanObjectStore, "orthanc-db-backups");
        assert.ok(resource(plan, types.cnpgCluster, "orthanc-db").dependencies.includes(store.urn));
        assert.ok(store.dependencies.includes(resource(plan, types.release, "cloudnative-pg-barman-cloud").urn));
    });

    it("installs the Barman Cloud plugin with its CRDs, after the operator and cert-manager", () => {
        const plugin = resource(plan, types.release, "cloudnative-pg-barman-cloud");
        assert.equal(inputs(plugin).name, "cloudnative-pg-barman-cloud");
        assert.deepEqual(inputs(plugin).values.crds, { create: true });
        assert.ok(plugin.dependencies.includes(resource(plan, types.release, "cloudnative-pg").urn));
        assert.ok(plugin.dependencies.includes(resource(plan, types.release, "cert-manager").urn));
        assert.deepEqual(inputs(resource(plan, types.release, "cloudnative-pg")).values.crds, { create: true });
    });
});

describe("object store wiring: Azure Blob", () => {
    let plan: Plan;
    before(async () => {
        plan = await planSite(localSiteWith({ objectStore: { type: "azureBlob", storageAccount: "pacsarchive", container: "dicom" } }), {
            objectStoreConnectionString: "orthanc-connection",
            objectStoreBackupConnectionString: "backup-connection",
        });
    });

    it("hands Orthanc the connection string of its own Secret, and Azure's flat layout", () => {
        assert.deepEqual(envFromSecret(plan, "ORTHANC_AZURE_CONNECTION_STRING"), { name: "object-store-credentials", key: "AZURE_CONNECTION_STRING" });
        const azure = orthancJson(plan).AzureBlobStorage;
        assert.equal(azure.ConnectionString, "${ORTHANC_AZURE_CONNECTION_STRING}");
        // Orthanc's Azure plugin: "flat" keeps every file at <uuid>.dcm, no folders.
        assert.equal(azure.StorageStructure, "flat");
        assert.equal(azure.RootPath, "orthanc");
        for (const name of ["object-store-credentials", "backup-object-store-credentials"]) {
            const secret = inputs(resource(plan, types.secret, name));
            assert.equal(secret.type, "Opaque", name);
            assert.deepEqual(secret.stringData, { AZURE_CONNECTION_STRING: "[secret]" }, name);
        }
    });

    it("archives to Azure with the backups' own connection string and nothing S3 needs", () => {
        const configuration = inputs(resource(plan, types.barmanObjectStore, "orthanc-db-backups")).spec.configuration;
        assert.deepEqual(configuration.azureCredentials, {
            connectionString: { name: "backup-object-store-credentials", key: "AZURE_CONNECTION_STRING" },
        });
        assert.equal("s3Credentials" in configuration, false);
        assert.equal("endpointURL" in configuration, false);
        assert.deepEqual(configuration.wal, { compression: "gzip" });
        assert.deepEqual(configuration.data, { compression: "gzip" });
    });
});
