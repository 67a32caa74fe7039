// A site kind that builds its own object store hands each of its two users a
// cloud identity (or keys) through the site contract, possibly in a bucket or
// container of its own. Planned here with contracts no committed stack has yet:
// the identity of each user must land on that user's service account and pods
// only, each user must reach its own location, and the mesh must let both out.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes";
import * as random from "@pulumi/random";
import * as tls from "@pulumi/tls";
import { parseSiteConfig } from "../stacks/config/load";
import { Platform } from "../stacks/platform";
import { siteContractDefaults, type SiteContract } from "../components/site/contract";
import { evaluateProgram, type Plan } from "../tools/plan/evaluate";
import { localSiteWith, resource, resourcesOfType, types } from "./support/plan";

type Json = Record<string, any>;

function planWithObjectStore(objectStore: NonNullable<SiteContract["objectStore"]>): Promise<Plan> {
    return evaluateProgram({ project: "imaging-platform", stack: "identity", stackConfig: { config: {}, secretKeys: [] } }, () => {
        const provider = new Provider("cluster", {});
        const contract: SiteContract = {
            ...siteContractDefaults,
            apiServerPorts: [443, 6443],
            provider,
            gatewayService: { type: "LoadBalancer" },
            objectStore,
            egress: {},
        };
        // Two Orthanc replicas: only a site with an object store may have them.
        const settings = parseSiteConfig(localSiteWith({ objectStore: { type: "s3", bucket: "unused", region: "eu-central-1" } }));
        new Platform("platform", { settings, contract }, { providers: [provider, new random.Provider("random", {}), new tls.Provider("tls", {})] });
    });
}

const orthancRole = "arn:aws:iam::111122223333:role/site-a-orthanc";
const backupRole = "arn:aws:iam::111122223333:role/site-a-backups";

function inputs(plan: Plan, type: string, name: string): Json {
    return resource(plan, type, name).inputs as Json;
}

describe("workload identities from the site contract: separate S3 buckets through IRSA", () => {
    let plan: Plan;
    before(async () => {
        plan = await planWithObjectStore({
            orthanc: {
                location: { type: "s3", bucket: "site-a-dicom", region: "eu-west-1", encryption: "aws:kms" },
                credentials: { kind: "workloadIdentity", identity: { serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": orthancRole }, podLabels: {} } },
            },
            backups: {
                location: { type: "s3", bucket: "site-a-backups", region: "eu-west-1", encryption: "aws:kms" },
                credentials: { kind: "workloadIdentity", identity: { serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": backupRole }, podLabels: {} } },
            },
        });
    });

    it("binds Orthanc's role to Orthanc's service account, and the backups' to the database instances'", () => {
        assert.deepEqual(inputs(plan, types.serviceAccount, "orthanc").metadata.annotations, { "eks.amazonaws.com/role-arn": orthancRole });
        const cluster = inputs(plan, types.cnpgCluster, "orthanc-db");
        assert.deepEqual(cluster.spec.serviceAccountTemplate, { metadata: { annotations: { "eks.amazonaws.com/role-arn": backupRole } } });
    });

    it("points each user at its own bucket", () => {
        const orthancJson = JSON.parse(inputs(plan, types.configMap, "orthanc-config").data["orthanc.json"]);
        assert.equal(orthancJson.AwsS3Storage.BucketName, "site-a-dicom");
        const store = inputs(plan, types.barmanObjectStore, "orthanc-db-backups");
        assert.equal(store.spec.configuration.destinationPath, "s3://site-a-backups/postgres/orthanc-db");
        assert.deepEqual(store.spec.configuration.s3Credentials, { inheritFromIAMRole: true });
        assert.equal(store.spec.configuration.wal.encryption, "aws:kms");
    });

    it("writes no key Secret for either user", () => {
        const names = resourcesOfType(plan, types.secret).map((r) => r.name);
        assert.ok(!names.some((name) => name.includes("object-store-credentials")), names.join(", "));
    });

    it("lets both buckets and STS out of the mesh, and nothing else", () => {
        const entry = inputs(plan, "kubernetes:networking.istio.io/v1:ServiceEntry", "object-store");
        assert.deepEqual([...entry.spec.hosts].sort(), [
            "s3.eu-west-1.amazonaws.com",
            "site-a-backups.s3.eu-west-1.amazonaws.com",
            "site-a-dicom.s3.eu-west-1.amazonaws.com",
            "sts.amazonaws.com",
            "sts.eu-west-1.amazonaws.com",
        ]);
    });
});

describe("workload identities from the site contract: Azure, Orthanc by connection string, backups by Entra workload identity", () => {
    const clientId = "0f3c2f5e-1111-4a4a-9b9b-222233334444";
    let plan: Plan;
    before(async () => {
        plan = await planWithObjectStore({
            orthanc: {
                location: { type: "azureBlob", storageAccount: "siteapacs", container: "dicom" },
                credentials: { kind: "keys", keys: { connectionString: pulumi.secret("BlobEndpoint=https://siteapacs.blob.core.windows.net/;SharedAccessSignature=sv=x") } },
            },
            backups: {
                location: { type: "azureBlob", storageAccount: "siteapacs", container: "backups" },
                credentials: {
                    kind: "workloadIdentity",
                    identity: { serviceAccountAnnotations: { "azure.workload.identity/client-id": clientId }, podLabels: { "azure.workload.identity/use": "true" } },
                },
            },
        });
    });

    it("labels the database's pods for the identity webhook and annotates their service account, and not Orthanc's", () => {
        const cluster = inputs(plan, types.cnpgCluster, "orthanc-db");
        assert.equal(cluster.spec.inheritedMetadata.labels["azure.workload.identity/use"], "true");
        assert.deepEqual(cluster.spec.serviceAccountTemplate.metadata.annotations, { "azure.workload.identity/client-id": clientId });
        const orthanc = inputs(plan, types.deployment, "orthanc");
        assert.equal(orthanc.spec.template.metadata.labels["azure.workload.identity/use"], undefined);
        assert.equal(inputs(plan, types.serviceAccount, "orthanc").metadata.annotations, undefined);
    });

    it("has the backups use the identity, in their own container", () => {
        const configuration = inputs(plan, types.barmanObjectStore, "orthanc-db-backups").spec.configuration;
        assert.deepEqual(configuration.azureCredentials, { inheritFromAzureAD: true });
        assert.equal(configuration.destinationPath, "https://siteapacs.blob.core.windows.net/backups/postgres/orthanc-db");
    });

    it("gives Orthanc its connection string from a Secret of its own, and the backups none", () => {
        const secret = inputs(plan, types.secret, "object-store-credentials");
        assert.deepEqual(secret.stringData, { AZURE_CONNECTION_STRING: "[secret]" });
        assert.equal(resourcesOfType(plan, types.secret).find((r) => r.name === "backup-object-store-credentials"), undefined);
        const env = inputs(plan, types.deployment, "orthanc").spec.template.spec.containers[0].env as Json[];
        const connection = env.find((e) => e.valueFrom?.secretKeyRef?.key === "AZURE_CONNECTION_STRING");
        assert.equal(connection?.valueFrom.secretKeyRef.name, "object-store-credentials");
    });

    it("lets Entra ID's token endpoint out of the mesh for the identity exchange", () => {
        const entry = inputs(plan, "kubernetes:networking.istio.io/v1:ServiceEntry", "object-store");
        assert.deepEqual(entry.spec.hosts, ["siteapacs.blob.core.windows.net", "login.microsoftonline.com"]);
    });
});

describe("workload identities from the site contract: what Orthanc cannot do", () => {
    it("refuses Orthanc on Azure Blob without a connection string, naming why", async () => {
        const identity = { serviceAccountAnnotations: {}, podLabels: { "azure.workload.identity/use": "true" } };
        await assert.rejects(
            planWithObjectStore({
                orthanc: { location: { type: "azureBlob", storageAccount: "siteapacs", container: "dicom" }, credentials: { kind: "workloadIdentity", identity } },
                backups: { location: { type: "azureBlob", storageAccount: "siteapacs", container: "backups" }, credentials: { kind: "workloadIdentity", identity } },
            }),
            /Azure Blob storage plugin needs a connection string/,
        );
    });

    it("refuses users of one store on different ports, which one mesh entry cannot carry", async () => {
        const identity = { serviceAccountAnnotations: {}, podLabels: {} };
        await assert.rejects(
            planWithObjectStore({
                orthanc: { location: { type: "s3", bucket: "dicom", region: "r", endpoint: "https://minio.hospital.example:9000" }, credentials: { kind: "workloadIdentity", identity } },
                backups: { location: { type: "s3", bucket: "backups", region: "r", endpoint: "https://minio.hospital.example" }, credentials: { kind: "workloadIdentity", identity } },
            }),
            /different ports \(9000 and 443\)/,
        );
    });
});
