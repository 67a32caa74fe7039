// Who may read Secrets, among the roles the program writes itself, and the chart
// settings that keep the charts' own roles from reaching further: Reloader's
// RBAC is the program's (a Role in Orthanc's namespace), not the chart's
// ClusterRole over every Secret and workload in the cluster.
import { strict as assert } from "assert";
import type { Plan } from "../tools/plan/evaluate";
import { committedStacks, localSiteWith, planSite, planStack, resource, resourcesOfType, types } from "./support/plan";

type Json = Record<string, any>;

const rbac = {
    role: "kubernetes:rbac.authorization.k8s.io/v1:Role",
    clusterRole: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
    roleBinding: "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
};

// "<kind> <namespace>/<name>" -> the verbs it grants on Secrets, for every role the plan declares.
function secretVerbs(plan: Plan): Record<string, string[]> {
    const roles = [...resourcesOfType(plan, rbac.role), ...resourcesOfType(plan, rbac.clusterRole)].map((r) => r.inputs as Json);
    return Object.fromEntries(
        roles.map((role) => {
            const verbs = (role.rules as Json[])
                .filter((rule) => (rule.apiGroups ?? []).includes("") && ((rule.resources ?? []).includes("secrets") || (rule.resources ?? []).includes("*")))
                .flatMap((rule) => rule.verbs as string[]);
            return [`${role.kind} ${role.metadata.namespace ?? ""}/${role.metadata.name}`, [...new Set(verbs)].sort()];
        }),
    );
}

describe("roles over Secrets", () => {
    const plans: Array<[string, () => Promise<Plan>]> = [
        ...committedStacks().map((stack): [string, () => Promise<Plan>] => [`stack ${stack}`, () => planStack(stack)]),
        [
            "local with an S3 object store",
            () =>
                planSite(localSiteWith({ objectStore: { type: "s3", bucket: "pacs-archive", region: "eu-central-1", accessKeyId: "orthanc", backupAccessKeyId: "backups" } }), {
                    objectStoreSecretAccessKey: "key",
                    objectStoreBackupSecretAccessKey: "backup-key",
                }),
        ],
    ];

    for (const [title, evaluate] of plans) {
        it(`lets only Reloader read Secrets, and only in imaging: ${title}`, async () => {
            const plan = await evaluate();
            assert.deepEqual(secretVerbs(plan), {
                "Role imaging/reloader": ["get", "list", "watch"],
                "ClusterRole /cert-manager-approver-policy": [],
            });
        });
    }
});

describe("Reloader's reach", () => {
    let plan: Plan;
    before(async () => {
        plan = await planStack("local");
    });

    it("turns the chart's RBAC off and watches Orthanc's namespace alone", () => {
        const values = (resource(plan, types.release, "reloader").inputs as Json).values.reloader;
        assert.deepEqual(values.rbac, { enabled: false });
        assert.deepEqual(values.deployment.env.open, { KUBERNETES_NAMESPACE: "imaging" });
        assert.equal(values.ignoreJobs, true);
        assert.equal(values.ignoreCronJobs, true);
    });

    it("binds its Role to the account the chart creates", () => {
        const binding = resource(plan, rbac.roleBinding, "reloader").inputs as Json;
        assert.equal(binding.metadata.namespace, "imaging");
        assert.deepEqual(binding.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "reloader" });
        // stakater/Reloader chart 2.2.9, templates/_helpers.tpl: the full name is always "<release>-<chart>".
        assert.deepEqual(binding.subjects, [{ kind: "ServiceAccount", namespace: "reloader", name: "reloader-reloader" }]);
        const values = (resource(plan, types.release, "reloader").inputs as Json).values.reloader;
        assert.equal(values.serviceAccount.name, "reloader-reloader");
    });

    it("may restart workloads in imaging and nowhere else", () => {
        const role = resource(plan, rbac.role, "reloader").inputs as Json;
        assert.equal(role.metadata.namespace, "imaging");
        const writes = (role.rules as Json[]).filter((rule) => (rule.verbs as string[]).some((verb) => ["update", "patch"].includes(verb)));
        assert.deepEqual(
            writes.map((rule) => [rule.apiGroups, rule.resources]),
            [
                [["apps"], ["deployments", "daemonsets", "statefulsets"]],
                [[""], ["events"]],
            ],
        );
        assert.deepEqual(resourcesOfType(plan, "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding").map((r) => r.name), ["cert-manager-approver-policy"]);
    });
});
