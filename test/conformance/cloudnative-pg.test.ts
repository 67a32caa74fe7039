// The test's PostgreSQL follows the plan's Cluster as CloudNativePG would run it.
import { strict as assert } from "assert";
import { readWriteServiceName, hbaConf, plannedPostgresCluster, serverAltDnsNames, type PlannedPostgresCluster } from "./cloudnative-pg";
import { loadGeneratedOrthanc } from "./generated-orthanc";

describe("the conformance test's stand-in for CloudNativePG", () => {
    let cluster: PlannedPostgresCluster;

    before(async () => {
        cluster = plannedPostgresCluster((await loadGeneratedOrthanc()).plan);
    });

    it("puts the Cluster's own pg_hba rules between the operator's fixed rules and its default rule", () => {
        const rules = hbaConf(cluster).filter((line) => !line.startsWith("#"));
        assert.ok(cluster.hbaRules.length > 0, "the plan's Cluster has no pg_hba rules");
        const first = rules.indexOf(cluster.hbaRules[0]);
        assert.ok(first > rules.indexOf("local all all peer map=local"), "the Cluster's rules come after the fixed local rule");
        assert.deepEqual(rules.slice(first, first + cluster.hbaRules.length), cluster.hbaRules);
        assert.equal(rules.at(-1), "host all all all scram-sha-256");
    });

    it("names the read-write Service that Orthanc's connection uses in its server certificate", async () => {
        const uri = new URL(((await loadGeneratedOrthanc()).config.PostgreSQL as { ConnectionUri: string }).ConnectionUri);
        assert.ok(serverAltDnsNames(cluster).includes(uri.hostname), `${uri.hostname} is not among ${serverAltDnsNames(cluster).join(", ")}`);
        assert.ok(uri.hostname.startsWith(`${readWriteServiceName(cluster)}.`), "Orthanc connects to the read-write Service");
    });
});
