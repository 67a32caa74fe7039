// The NetworkPolicy oracle itself (components/security/reachability.ts), case by
// case against the Kubernetes NetworkPolicy API: the reachability tables of
// network-policies.test.ts are only as good as the answers it gives.
import { strict as assert } from "assert";
import { allows, type PolicyLike } from "../components/security/reachability";

// Namespace "db" isolates its pods both ways; each test adds the rule under test.
const denyAll: PolicyLike = { metadata: { name: "deny", namespace: "db" }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } };
const db = { namespace: "db", labels: { role: "db" } };

type Rule = NonNullable<PolicyLike["spec"]["ingress"]>[number];

function ingressTo(rule: Rule, podSelector: PolicyLike["spec"]["podSelector"] = {}): PolicyLike[] {
    return [denyAll, { metadata: { name: "in", namespace: "db" }, spec: { podSelector, policyTypes: ["Ingress"], ingress: [rule] } }];
}

describe("network reachability: the oracle, rule by rule", () => {
    it("lets a pod-only peer match pods of the policy's own namespace and no other", () => {
        const fromApp: PolicyLike[] = [{ metadata: { name: "in", namespace: "app" }, spec: { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] } }];
        assert.equal(allows(fromApp, { namespace: "app", labels: {} }, { namespace: "app", labels: {} }, 80), true, "same namespace");
        assert.equal(allows(fromApp, { namespace: "other", labels: {} }, { namespace: "app", labels: {} }, 80), false, "another namespace");
    });

    it("evaluates every matchExpressions operator as the label selector API defines it", () => {
        const selecting = (operator: "In" | "NotIn" | "Exists" | "DoesNotExist", values?: string[]) =>
            ingressTo({ from: [{ namespaceSelector: {}, podSelector: { matchExpressions: [{ key: "tier", operator, ...(values ? { values } : {}) }] } }] });
        const web = { namespace: "app", labels: { tier: "web" } };
        const worker = { namespace: "app", labels: { tier: "worker" } };
        const unlabelled = { namespace: "app", labels: {} };
        const answers = (policies: PolicyLike[]) => [web, worker, unlabelled].map((pod) => allows(policies, pod, db, 5432));
        assert.deepEqual(answers(selecting("In", ["web"])), [true, false, false]);
        assert.deepEqual(answers(selecting("NotIn", ["web"])), [false, true, true], "NotIn also matches pods without the key");
        assert.deepEqual(answers(selecting("Exists")), [true, true, false]);
        assert.deepEqual(answers(selecting("DoesNotExist")), [false, false, true]);
    });

    it("matches a selector with labels only, and a namespace selector by the namespace's name label", () => {
        const policies = ingressTo({ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "app" } }, podSelector: { matchLabels: { tier: "web" } } }] });
        assert.equal(allows(policies, { namespace: "app", labels: { tier: "web" } }, db, 5432), true);
        assert.equal(allows(policies, { namespace: "apps", labels: { tier: "web" } }, db, 5432), false);
    });

    it("opens every port to a rule without ports, and every caller to a rule without peers", () => {
        assert.equal(allows(ingressTo({ from: [{ namespaceSelector: {} }] }), { namespace: "app", labels: {} }, db, 12345), true);
        assert.equal(allows(ingressTo({ ports: [{ port: 5432 }] }), { ip: "192.0.2.1" }, db, 5432), true);
        assert.equal(allows(ingressTo({ ports: [{ port: 5432 }] }), { ip: "192.0.2.1" }, db, 5433), false);
    });

    it("reads a port entry without a number as every port of its protocol", () => {
        const policies = ingressTo({ ports: [{ protocol: "UDP" }] });
        assert.equal(allows(policies, { ip: "192.0.2.1" }, db, 53, "UDP"), true);
        assert.equal(allows(policies, { ip: "192.0.2.1" }, db, 53, "TCP"), false);
    });

    it("governs a pod only in the directions its policies name", () => {
        const ingressOnly: PolicyLike[] = [{ metadata: { name: "in", namespace: "db" }, spec: { podSelector: {}, policyTypes: ["Ingress"] } }];
        assert.equal(allows(ingressOnly, db, { ip: "192.0.2.1" }, 443), true, "an ingress policy does not isolate egress");
        assert.equal(allows(ingressOnly, { ip: "192.0.2.1" }, db, 443), false);
    });

    it("never lets a policy govern an address outside the pod network, even a policy without a namespace", () => {
        const unnamespaced: PolicyLike[] = [{ metadata: { name: "odd" }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } }];
        assert.equal(allows(unnamespaced, { ip: "192.0.2.1" }, { ip: "192.0.2.2" }, 443), true);
    });

    it("never matches an address with pod or namespace selectors", () => {
        const policies = ingressTo({ from: [{ namespaceSelector: {} }] });
        assert.equal(allows(policies, { ip: "10.1.2.3" }, db, 5432), false);
    });

    it("matches ip blocks on a pod's address when it has one, and only every-address blocks when it has none", () => {
        const policies = ingressTo({ from: [{ ipBlock: { cidr: "10.0.0.0/8" } }] });
        assert.equal(allows(policies, { namespace: "app", labels: {}, ip: "10.1.2.3" }, db, 5432), true);
        assert.equal(allows(policies, { namespace: "app", labels: {}, ip: "192.168.1.1" }, db, 5432), false);
        assert.equal(allows(policies, { namespace: "app", labels: {} }, db, 5432), false, "an unknown address need not be in 10/8");
        assert.equal(allows(policies, { ip: "10.1.2.3" }, db, 5432), true);
        assert.equal(allows(ingressTo({ from: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }), { namespace: "app", labels: {} }, db, 5432), true);
    });

    it("evaluates IPv6 only as ::/0, which holds every IPv6 address and no IPv4 one", () => {
        const everyV6 = ingressTo({ from: [{ ipBlock: { cidr: "::/0" } }] });
        assert.equal(allows(everyV6, { ip: "fd00::1" }, db, 5432), true);
        assert.equal(allows(everyV6, { ip: "10.1.2.3" }, db, 5432), false);
        assert.equal(allows(ingressTo({ from: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }), { ip: "fd00::1" }, db, 5432), false);
        assert.throws(() => allows(ingressTo({ from: [{ ipBlock: { cidr: "fd00::/8" } }] }), { ip: "10.1.2.3" }, db, 5432), /IPv6 block fd00::\/8: only ::\/0 is evaluated/);
        assert.throws(() => allows(ingressTo({ from: [{ ipBlock: { cidr: "10.0.0.0/8" } }] }), { ip: "fd00::1" }, db, 5432), /IPv6 block 10.0.0.0\/8/);
    });
});
