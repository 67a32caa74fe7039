// The platform's contract, read from the plan: which objects exist and which
// inputs reach which objects, for the local stack and for variants of it.
import { strict as assert } from "assert";
import type { Plan } from "../tools/plan/evaluate";
import { expectedImages, expectedReleases } from "./support/expected-versions";
import { localSiteWith, planSite, planStack, resource, resourcesOfType, tryResource, types } from "./support/plan";

type Json = Record<string, any>;

function orthancContainer(plan: Plan): Json {
    return (resource(plan, types.deployment, "orthanc").inputs as Json).spec.template.spec.containers[0];
}

function envNamed(container: Json, name: string): Json | undefined {
    return container.env.find((e: Json) => e.name === name);
}

function orthancJson(plan: Plan): Json {
    return JSON.parse((resource(plan, types.configMap, "orthanc-config").inputs as Json).data["orthanc.json"]);
}

describe("platform on the local stack", () => {
    let plan: Plan;
    before(async () => {
        plan = await planStack("local");
    });

    it("installs the CloudNativePG operator from its pinned chart", () => {
        const release = resource(plan, types.release, "cloudnative-pg").inputs as Json;
        const expected = expectedReleases["cloudnative-pg"];
        assert.equal(release.chart, expected.chart);
        assert.equal(release.version, expected.version);
        assert.equal(release.repositoryOpts.repo, expected.repository);
        assert.equal(release.namespace, "cnpg-system");
        assert.equal(release.skipAwait, false, "later objects rely on the operator being ready");
    });

    it("declares one PostgreSQL instance for local, with the site's storage and a generated owner", () => {
        const cluster = resource(plan, types.cnpgCluster, "orthanc-db");
        const spec = (cluster.inputs as Json).spec;
        assert.equal(spec.instances, 1);
        assert.equal(spec.storage.size, "2Gi");
        assert.equal(spec.imageName, expectedImages.postgres);
        assert.equal(spec.enableSuperuserAccess, false);
        assert.deepEqual(spec.bootstrap.initdb, { database: "orthanc", owner: "orthanc", secret: { name: "orthanc-db-owner" } });
        assert.deepEqual(spec.postgresql.pg_hba, ["hostnossl all all all reject"]);
        assert.equal(spec.plugins, undefined, "no object store, no WAL archiving");
        const owner = resource(plan, types.secret, "orthanc-db-owner").inputs as Json;
        assert.equal(owner.type, "kubernetes.io/basic-auth");
        assert.deepEqual(owner.stringData, { username: "[secret]", password: "[secret]" });
    });

    it("orders the database after the operator", () => {
        const cluster = resource(plan, types.cnpgCluster, "orthanc-db");
        const operator = resource(plan, types.release, "cloudnative-pg");
        const operatorComponent = plan.resources.find((r) => r.urn === operator.parent);
        assert.ok(operatorComponent);
        assert.ok(
            cluster.dependencies.includes(operator.urn) || cluster.dependencies.includes(operatorComponent.urn),
            `Cluster dependencies: ${cluster.dependencies.join(", ")}`,
        );
    });

    it("protects the stateful objects against deletion", () => {
        assert.equal(resource(plan, types.cnpgCluster, "orthanc-db").protect, true);
        assert.equal(resource(plan, types.pvc, "orthanc-dicom").protect, true);
        assert.equal(resource(plan, types.namespace, "imaging").protect, true);
    });

    it("runs Orthanc from the pinned image, one replica on a protected volume", () => {
        const deployment = resource(plan, types.deployment, "orthanc").inputs as Json;
        assert.equal(deployment.spec.replicas, 1);
        assert.equal(deployment.spec.strategy.type, "Recreate");
        assert.equal(orthancContainer(plan).image, expectedImages.orthanc);
        const pvc = resource(plan, types.pvc, "orthanc-dicom").inputs as Json;
        assert.equal(pvc.spec.resources.requests.storage, "5Gi");
        assert.equal(tryResource(plan, types.hpa, "orthanc"), undefined);
        assert.equal(tryResource(plan, types.pdb, "orthanc"), undefined);
    });

    it("meets the restricted Pod Security Standard", () => {
        const pod = (resource(plan, types.deployment, "orthanc").inputs as Json).spec.template.spec;
        assert.equal(pod.securityContext.runAsNonRoot, true);
        assert.equal(pod.securityContext.seccompProfile.type, "RuntimeDefault");
        assert.notEqual(pod.securityContext.runAsUser, 0);
        const container = orthancContainer(plan);
        assert.equal(container.securityContext.allowPrivilegeEscalation, false);
        assert.deepEqual(container.securityContext.capabilities.drop, ["ALL"]);
        assert.equal(container.securityContext.readOnlyRootFilesystem, true);
        assert.equal(pod.automountServiceAccountToken, false);
        const namespace = resource(plan, types.namespace, "imaging").inputs as Json;
        assert.equal(namespace.metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
    });

    it("sets requests and limits from the site", () => {
        assert.deepEqual(orthancContainer(plan).resources, {
            requests: { cpu: "100m", memory: "256Mi" },
            limits: { cpu: "1", memory: "1Gi" },
        });
    });

    it("restarts Orthanc only when its HTTP server stops answering, never for its database", () => {
        const container = orthancContainer(plan);
        const httpAnswers = container.livenessProbe.exec.command;
        assert.deepEqual([httpAnswers[0], httpAnswers[1], httpAnswers[3]], ["python3", "-c", "8042"]);
        assert.deepEqual(container.startupProbe.exec.command, httpAnswers, "start-up waits for the same answer");
        assert.match(httpAnswers[2], /request\('GET', '\/tools\/metrics-prometheus'\)/, "liveness asks without credentials");
        // Readiness reads the metrics (the index's statistics) as Prometheus does,
        // with the password from the container's environment, never in the spec.
        const ready = container.readinessProbe.exec.command;
        assert.deepEqual([ready[0], ready[1], ready[3], ready[4]], ["python3", "-c", "8042", "metrics"], "readiness includes the index");
        assert.match(ready[2], /os\.environ\['ORTHANC_METRICS_PASSWORD'\]/);
        assert.match(ready[2], /'\/tools\/metrics-prometheus'/);
        assert.ok(container.startupProbe.periodSeconds * container.startupProbe.failureThreshold >= 30 * 60, "30 minutes for an index upgrade");
        assert.ok(container.livenessProbe.periodSeconds * container.livenessProbe.failureThreshold >= 120);
        for (const probe of ["startupProbe", "livenessProbe"]) {
            assert.doesNotMatch(JSON.stringify(container[probe]), /pwd|password|authorization|changes/i, probe);
        }
        for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
            assert.doesNotMatch(JSON.stringify(container[probe]), /plan-password|\/changes/, probe);
        }
    });

    it("delivers every password through Secrets, never in the ConfigMap", () => {
        const container = orthancContainer(plan);
        for (const name of ["ORTHANC_AUTH_SERVICE_PASSWORD", "ORTHANC_METRICS_PASSWORD", "ORTHANC_DB_USER", "ORTHANC_DB_PASSWORD"]) {
            const variable = envNamed(container, name);
            assert.ok(variable?.valueFrom?.secretKeyRef, `${name} must come from a Secret`);
            assert.equal(variable.value, undefined);
        }
        assert.equal(envNamed(container, "ORTHANC_DB_USER")!.valueFrom.secretKeyRef.name, "orthanc-db-owner");
        assert.deepEqual(envNamed(container, "ORTHANC_AUTH_SERVICE_PASSWORD")!.valueFrom.secretKeyRef, { name: "orthanc-auth-client", key: "password" });
        // Orthanc keeps no shared admin: people sign in through the realm.
        assert.equal(envNamed(container, "ORTHANC_ADMIN_PASSWORD"), undefined);
        const config = (resource(plan, types.configMap, "orthanc-config").inputs as Json).data;
        assert.doesNotMatch(JSON.stringify(config), /plan-password/);
    });

    it("gives a running DICOM association time to finish on shutdown", () => {
        const pod = (resource(plan, types.deployment, "orthanc").inputs as Json).spec.template.spec;
        assert.equal(pod.terminationGracePeriodSeconds, 120);
    });

    it("turns Nagle's algorithm off for DICOM", () => {
        assert.equal(envNamed(orthancContainer(plan), "TCP_NODELAY")?.value, "1");
    });

    it("mounts the DICOM TLS Secret and the trusted CAs named for the certificate layer", () => {
        const volumes = (resource(plan, types.deployment, "orthanc").inputs as Json).spec.template.spec.volumes as Json[];
        const secretOf = (name: string) => volumes.find((v) => v.name === name)?.secret;
        assert.equal(secretOf("dicom-server-tls")?.secretName, "orthanc-dicom-server-tls");
        assert.deepEqual(volumes.find((v) => v.name === "dicom-trusted-ca")?.configMap, {
            name: "orthanc-dicom-trusted-ca",
            items: [{ key: "ca.crt", path: "ca.crt" }],
        });
        assert.deepEqual(secretOf("postgres-ca"), { secretName: "orthanc-db-ca", items: [{ key: "ca.crt", path: "ca.crt" }] });
    });

    it("points Orthanc's index at the cluster's read-write service", () => {
        assert.match(orthancJson(plan).PostgreSQL.ConnectionUri, /@orthanc-db-rw\.imaging\.svc:5432\/orthanc\?sslmode=verify-full/);
        assert.equal(orthancJson(plan).StorageDirectory, "/var/lib/orthanc/db");
    });

    it("exposes HTTP and DICOM on a ClusterIP service", () => {
        const service = resource(plan, types.service, "orthanc").inputs as Json;
        assert.equal(service.spec.type, "ClusterIP");
        assert.deepEqual(
            service.spec.ports.map((p: Json) => [p.name, p.port]),
            [["http", 8042], ["tcp-dicom-tls", 4242]],
        );
    });

    it("marks credentials secret in the stack outputs", () => {
        // Orthanc has no account of its own to hand out; sign-in's accounts are secret.
        assert.deepEqual(Object.keys(plan.outputs.orthanc as Json).sort(), ["aeTitle", "dicomPort", "httpPort", "namespace", "service"]);
        assert.deepEqual((plan.outputs.signIn as Json).accounts.breakGlass, { username: "[secret]", password: "[secret]" });
        assert.equal((plan.outputs.postgres as Json).host, "orthanc-db-rw.imaging.svc");
    });

    it("gives every resource an explicit provider", () => {
        const providers = new Set(plan.resources.filter((r) => r.type.startsWith("pulumi:providers:")).map((r) => r.urn));
        for (const r of plan.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"))) {
            assert.ok(r.provider && providers.has(r.provider), `${r.type} ${r.name} uses provider ${r.provider ?? "(default)"}`);
        }
    });

    it("parents every resource to a component of this program", () => {
        for (const r of plan.resources) {
            assert.ok(r.parent, `${r.type} ${r.name} has no parent`);
            if (!r.parent.endsWith("pulumi:pulumi:Stack::imaging-platform-local")) {
                assert.ok(plan.resources.some((p) => p.urn === r.parent && !p.custom), `${r.name}: parent is not a component`);
            }
        }
        for (const component of plan.resources.filter((r) => !r.custom)) {
            assert.match(component.type, /^imaging:[a-z]+:[A-Z][A-Za-z]+$/);
        }
    });
});

describe("platform on a site with an S3-compatible object store", () => {
    let plan: Plan;
    before(async () => {
        plan = await planSite(
            localSiteWith({
                objectStore: { type: "s3", bucket: "pacs-archive", region: "us-east-1", endpoint: "https://minio.hospital.example", accessKeyId: "orthanc", backupAccessKeyId: "backups" },
                orthanc: { replicas: 2, maxReplicas: 5 },
            }),
            { objectStoreSecretAccessKey: "do-not-print-this-key", objectStoreBackupSecretAccessKey: "do-not-print-this-either" },
        );
    });

    it("keeps the access key out of every artifact", () => {
        assert.doesNotMatch(JSON.stringify(plan), /do-not-print-this-key/);
        const credentials = resource(plan, types.secret, "object-store-credentials").inputs as Json;
        assert.deepEqual(credentials.stringData, { ACCESS_KEY_ID: "[secret]", ACCESS_SECRET_KEY: "[secret]" });
    });

    it("stores DICOM files in the bucket and scales Orthanc out", () => {
        const config = orthancJson(plan);
        assert.equal(config.AwsS3Storage.BucketName, "pacs-archive");
        assert.equal(config.AwsS3Storage.Endpoint, "https://minio.hospital.example");
        assert.equal(config.PostgreSQL.Lock, false);
        assert.equal(tryResource(plan, types.pvc, "orthanc-dicom"), undefined);
        const hpa = resource(plan, types.hpa, "orthanc").inputs as Json;
        assert.equal(hpa.spec.minReplicas, 2);
        assert.equal(hpa.spec.maxReplicas, 5);
        assert.equal((resource(plan, types.pdb, "orthanc").inputs as Json).spec.maxUnavailable, 1);
        const deployment = resource(plan, types.deployment, "orthanc").inputs as Json;
        assert.equal(deployment.spec.replicas, undefined, "the autoscaler owns the replica count");
        assert.equal(deployment.spec.strategy.type, "RollingUpdate");
        const container = orthancContainer(plan);
        assert.equal(envNamed(container, "ORTHANC_S3_SECRET_KEY")?.valueFrom.secretKeyRef.name, "object-store-credentials");
    });

    it("archives WAL and schedules base backups to the same store", () => {
        const store = resource(plan, types.barmanObjectStore, "orthanc-db-backups").inputs as Json;
        assert.equal(store.spec.configuration.destinationPath, "s3://pacs-archive/postgres/orthanc-db");
        assert.equal(store.spec.configuration.endpointURL, "https://minio.hospital.example");
        assert.equal(store.spec.retentionPolicy, "30d");
        // The backups' own key: Orthanc's (in object-store-credentials) cannot reach them.
        assert.deepEqual(store.spec.configuration.s3Credentials.secretAccessKey, { name: "backup-object-store-credentials", key: "ACCESS_SECRET_KEY" });
        assert.deepEqual(store.spec.configuration.s3Credentials.accessKeyId, { name: "backup-object-store-credentials", key: "ACCESS_KEY_ID" });
        const orthancKeys = resource(plan, types.secret, "object-store-credentials").inputs as Json;
        const backupKeys = resource(plan, types.secret, "backup-object-store-credentials").inputs as Json;
        assert.deepEqual([orthancKeys.metadata.name, backupKeys.metadata.name], ["object-store-credentials", "backup-object-store-credentials"]);
        // Encrypted at rest by the store, by default with S3-managed keys.
        assert.deepEqual(store.spec.configuration.wal, { compression: "gzip", encryption: "AES256" });
        assert.deepEqual(store.spec.configuration.data, { compression: "gzip", encryption: "AES256" });
        const cluster = (resource(plan, types.cnpgCluster, "orthanc-db").inputs as Json).spec;
        assert.deepEqual(cluster.plugins, [
            { name: "barman-cloud.cloudnative-pg.io", isWALArchiver: true, parameters: { barmanObjectName: "orthanc-db-backups" } },
        ]);
        const backup = resource(plan, types.scheduledBackup, "orthanc-db-daily").inputs as Json;
        assert.equal(backup.spec.schedule, "0 0 2 * * *");
        assert.equal(backup.spec.method, "plugin");
        assert.deepEqual(backup.spec.cluster, { name: "orthanc-db" });
        const plugin = resource(plan, types.release, "cloudnative-pg-barman-cloud").inputs as Json;
        assert.equal(plugin.version, expectedReleases["cloudnative-pg-barman-cloud"].version);
        assert.equal(plan.outputs.postgres && (plan.outputs.postgres as Json).backupDestination, "s3://pacs-archive/postgres/orthanc-db");
    });
});

describe("backups on an S3-compatible store that cannot encrypt", () => {
    it("asks for no server-side encryption when the site says none", async () => {
        const plan = await planSite(
            localSiteWith({
                objectStore: { type: "s3", bucket: "pacs-archive", region: "us-east-1", endpoint: "https://minio.hospital.example", serverSideEncryption: "none" },
            }),
        );
        const store = resource(plan, types.barmanObjectStore, "orthanc-db-backups").inputs as Json;
        assert.deepEqual(store.spec.configuration.wal, { compression: "gzip" });
        assert.deepEqual(store.spec.configuration.data, { compression: "gzip" });
    });
});

describe("platform on a site with an Azure Blob object store", () => {
    it("uses the -full image and the connection string Secret", async () => {
        const plan = await planSite(
            localSiteWith({ objectStore: { type: "azureBlob", storageAccount: "pacsarchive", container: "dicom" } }),
            {
                objectStoreConnectionString: "DefaultEndpointsProtocol=https;AccountKey=secret-value",
                objectStoreBackupConnectionString: "DefaultEndpointsProtocol=https;AccountKey=backup-secret-value",
            },
        );
        assert.equal(orthancContainer(plan).image, expectedImages.orthancFull);
        assert.equal(orthancJson(plan).AzureBlobStorage.ContainerName, "dicom");
        const store = resource(plan, types.barmanObjectStore, "orthanc-db-backups").inputs as Json;
        assert.equal(store.spec.configuration.destinationPath, "https://pacsarchive.blob.core.windows.net/dicom/postgres/orthanc-db");
        // Azure Storage encrypts every blob itself; barman's encryption option is S3's.
        assert.equal(store.spec.configuration.data.encryption, undefined);
        assert.doesNotMatch(JSON.stringify(plan), /secret-value/);
        assert.equal(resourcesOfType(plan, types.hpa).length, 1);
    });
});

describe("stack configuration errors", () => {
    it("refuses an S3 access key without its secret, before declaring anything", async () => {
        await assert.rejects(
            planSite(localSiteWith({ objectStore: { type: "s3", bucket: "pacs-archive", region: "r1", accessKeyId: "orthanc", backupAccessKeyId: "backups" } })),
            /imaging-platform:objectStoreSecretAccessKey: missing; expected a secret because site\.objectStore\.accessKeyId is set/,
        );
    });
});
