// No acknowledged image may be lost to a database failover, and no node loss may
// take every replica: the database commits synchronously to a standby when it
// has one, its instances never share a node, and Orthanc's replicas spread.
import { strict as assert } from "assert";
import type { Plan } from "../tools/plan/evaluate";
import { localSiteWith, planSite, planStack, resource, types } from "./support/plan";

type Json = Record<string, any>;

const databaseSpec = (plan: Plan) => (resource(plan, types.cnpgCluster, "orthanc-db").inputs as Json).spec;
const zoneSpread = (selector: Json) => ({ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: selector } });

describe("database replication and placement", () => {
    const withInstances = (instances: number) => planSite(localSiteWith({ postgres: { instances, storageSize: "2Gi" } }));

    it("has nothing to wait for with one instance (local)", async () => {
        const spec = databaseSpec(await planStack("local"));
        assert.equal(spec.instances, 1);
        assert.equal(spec.postgresql.synchronous, undefined);
    });

    it("commits to one of two standbys at least, always, with three instances", async () => {
        const spec = databaseSpec(await withInstances(3));
        assert.deepEqual(spec.postgresql.synchronous, { method: "any", number: 1, dataDurability: "required" });
    });

    it("commits to the one standby while it is up, with two instances", async () => {
        const spec = databaseSpec(await withInstances(2));
        assert.deepEqual(spec.postgresql.synchronous, { method: "any", number: 1, dataDurability: "preferred" });
    });

    it("never puts two instances on one node, and spreads them over zones where there are any", async () => {
        const spec = databaseSpec(await withInstances(3));
        assert.deepEqual(spec.affinity, { enablePodAntiAffinity: true, topologyKey: "kubernetes.io/hostname", podAntiAffinityType: "required" });
        assert.deepEqual(spec.topologySpreadConstraints, [zoneSpread({ "cnpg.io/cluster": "orthanc-db" })]);
    });
});

describe("Orthanc replica placement", () => {
    it("spreads scaled-out replicas over nodes (strictly) and zones (where there are any)", async () => {
        const plan = await planSite(
            localSiteWith({
                objectStore: { type: "s3", bucket: "pacs-archive", region: "eu-central-1", accessKeyId: "orthanc", backupAccessKeyId: "backups" },
                orthanc: { replicas: 2, maxReplicas: 4 },
            }),
            { objectStoreSecretAccessKey: "key", objectStoreBackupSecretAccessKey: "backup-key" },
        );
        const pod = (resource(plan, types.deployment, "orthanc").inputs as Json).spec.template.spec;
        const selector = { "app.kubernetes.io/name": "orthanc" };
        assert.deepEqual(pod.topologySpreadConstraints, [
            { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "DoNotSchedule", nodeTaintsPolicy: "Honor", labelSelector: { matchLabels: selector } },
            zoneSpread(selector),
        ]);
    });
});
