// A rename of a deployed site must fail at preview rather than replace the
// cluster's objects: the lock is protected, holds the name in keepers (a changed
// keeper replaces a RandomUuid), and comes before anything a rename replaces.
import { strict as assert } from "assert";
import type { Plan } from "../tools/plan/evaluate";
import { localSiteWith, planSite, planStack, resource } from "./support/plan";

const lockType = "random:index/randomUuid:RandomUuid";
const kubernetesProvider = "pulumi:providers:kubernetes";

describe("the site name lock", () => {
    let local: Plan;
    let renamed: Plan;
    before(async () => {
        local = await planStack("local");
        renamed = await planSite(localSiteWith({ name: "radiology-east" }));
    });

    it("is protected and keeps the site's name", () => {
        const lock = resource(local, lockType, "site-name-lock");
        assert.equal(lock.protect, true);
        assert.deepEqual(lock.inputs.keepers, { siteName: "local" });
        assert.deepEqual(resource(renamed, lockType, "site-name-lock").inputs.keepers, { siteName: "radiology-east" });
    });

    it("guards what a rename would replace: the cluster's identity", () => {
        const identity = (plan: Plan) => plan.resources.filter((r) => r.type === kubernetesProvider).map((r) => r.inputs.clusterIdentifier);
        assert.deepEqual(identity(local), ["local"]);
        assert.deepEqual(identity(renamed), ["radiology-east"]);
    });

    it("holds back the cluster, and with it every Kubernetes object, until it stands", () => {
        const lock = resource(local, lockType, "site-name-lock");
        const provider = local.resources.find((r) => r.type === kubernetesProvider);
        const cluster = local.resources.find((r) => r.urn === provider?.parent);
        assert.ok(cluster, "the Kubernetes provider sits under the site's cluster component");
        assert.ok(cluster.dependencies.includes(lock.urn), `${cluster.type} depends on ${cluster.dependencies.join(", ")}`);
    });
});
