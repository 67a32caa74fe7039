// How clients reach the ingress gateway. The local stack must deploy on a laptop
// cluster that has no load balancer: a Service of type LoadBalancer there never
// gets an address, and the Helm release waiting for it times out and rolls back.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { parseSiteConfig } from "../stacks/config/load";
import { SiteConfigError } from "../stacks/config/errors";
import type { Plan } from "../tools/plan/evaluate";
import { localSiteWith, planSite, planStack, projectDir, resource, resourcesOfType, types } from "./support/plan";

type Json = Record<string, any>;

// What the README and laptop/kind-cluster.yaml promise a laptop user.
const laptopPorts = [
    { name: "http2", port: 80, nodePort: 30080 },
    { name: "https", port: 443, nodePort: 30443 },
    { name: "tcp-dicom-tls", port: 11112, nodePort: 31112 },
];

function gatewayService(plan: Plan): Json {
    return (resource(plan, types.release, "imaging-gateway").inputs as Json).values.service;
}

// Every place in a value where an object says `type: LoadBalancer`.
function loadBalancerPaths(value: unknown, at: string): string[] {
    if (Array.isArray(value)) {
        return value.flatMap((item, index) => loadBalancerPaths(item, `${at}[${index}]`));
    }
    if (value !== null && typeof value === "object") {
        return Object.entries(value).flatMap(([key, inner]) =>
            key === "type" && inner === "LoadBalancer" ? [at] : loadBalancerPaths(inner, `${at}.${key}`),
        );
    }
    return [];
}

describe("ingress gateway exposure", () => {
    describe("the local stack (a laptop cluster without a load balancer)", () => {
        let plan: Plan;
        before(async () => {
            plan = await planStack("local");
        });

        it("serves the gateway on the documented, fixed node ports", () => {
            const service = gatewayService(plan);
            assert.equal(service.type, "NodePort");
            const [status, ...published] = service.ports as Json[];
            assert.deepEqual(status, { name: "status-port", port: 15021, targetPort: 15021, protocol: "TCP" });
            assert.deepEqual(
                published,
                laptopPorts.map((p) => ({ ...p, targetPort: p.port, protocol: "TCP" })),
            );
        });

        it("declares no LoadBalancer anywhere, so every release's wait can end", () => {
            const found = plan.resources.flatMap((r) => loadBalancerPaths(r.inputs, `${r.type}::${r.name}`));
            assert.deepEqual(found, []);
            for (const release of resourcesOfType(plan, types.release)) {
                assert.equal((release.inputs as Json).skipAwait, false, `${release.name} waits for readiness`);
            }
        });

        it("is reachable through kind's port mappings on the laptop's 80, 443 and 11112", () => {
            const file = YAML.parse(fs.readFileSync(path.join(projectDir, "laptop", "kind-cluster.yaml"), "utf8"));
            const mappings = (file.nodes as Json[]).flatMap((node) => (node.extraPortMappings ?? []) as Json[]);
            assert.deepEqual(
                mappings.map((m) => [m.hostPort, m.containerPort, m.protocol]),
                laptopPorts.map((p) => [p.port, p.nodePort, "TCP"]),
            );
            assert.ok(mappings.every((m) => m.listenAddress === "127.0.0.1"), "only the laptop itself reaches its PACS");
        });
    });

    describe("a site that names no service (clouds, on-prem with a load balancer)", () => {
        let plan: Plan;
        before(async () => {
            const { ingress, ...site } = localSiteWith({});
            plan = await planSite({ ...site, ingress: { hostname: (ingress as Json).hostname } });
        });

        it("puts the gateway behind a LoadBalancer Service with ports Kubernetes picks", () => {
            const service = gatewayService(plan);
            assert.equal(service.type, "LoadBalancer");
            assert.deepEqual(
                (service.ports as Json[]).map((p) => [p.port, p.nodePort]),
                [[15021, undefined], [80, undefined], [443, undefined], [11112, undefined]],
            );
        });

        it("exposes nothing else through a load balancer", () => {
            const found = plan.resources.flatMap((r) => loadBalancerPaths(r.inputs, `${r.type}::${r.name}`));
            assert.deepEqual(found, ["kubernetes:helm.sh/v3:Release::imaging-gateway.values.service"]);
        });
    });

    describe("configuration", () => {
        const site = (service: unknown) => ({ name: "site-a", kind: "existing", existing: { context: "site-a" }, objectStore: { type: "none" }, ingress: { hostname: "pacs.site-a.example", service } });
        const problemsOf = (raw: unknown): string[] => {
            try {
                parseSiteConfig(raw);
            } catch (error) {
                assert.ok(error instanceof SiteConfigError);
                return error.problems;
            }
            return [];
        };

        it("defaults the node ports to the laptop's ones", () => {
            assert.deepEqual(parseSiteConfig(site({ type: "NodePort" })).ingress.service, {
                type: "NodePort",
                nodePorts: { http: 30080, https: 30443, dicom: 31112 },
            });
        });

        const refused: Array<[string, unknown, string]> = [
            ["an unknown type", { type: "Ingress" }, 'site.ingress.service.type: "Ingress" is not allowed; expected a mapping with type LoadBalancer or NodePort'],
            ["a port outside the node port range", { type: "NodePort", nodePorts: { https: 443 } }, "site.ingress.service.nodePorts.https: 443 is not allowed; expected an integer from 30000 to 32767"],
            [
                "the same node port twice",
                { type: "NodePort", nodePorts: { http: 30443 } },
                'site.ingress.service.nodePorts: {"http":30443} is not allowed; expected a different port for each of http, https, dicom (http and https are both 30443)',
            ],
            ["node ports on a load balancer", { type: "LoadBalancer", nodePorts: {} }, "site.ingress.service.nodePorts: unknown key; expected one of: type"],
        ];
        for (const [label, service, message] of refused) {
            it(`refuses ${label}`, () => {
                assert.deepEqual(problemsOf(site(service)), [message]);
            });
        }
    });
});

describe("ingress gateway availability", () => {
    const gatewayValues = (plan: Plan) => (resource(plan, types.release, "imaging-gateway").inputs as Record<string, any>).values;

    it("keeps the client's address, on every site", async () => {
        assert.equal(gatewayValues(await planStack("local")).service.externalTrafficPolicy, "Local");
    });

    it("runs one replica, with no autoscaler and no disruption budget, on a one-node laptop cluster", async () => {
        const values = gatewayValues(await planStack("local"));
        assert.equal(values.replicaCount, 1);
        assert.deepEqual(values.autoscaling, { enabled: false }, "an autoscaler needs metrics-server, which laptop clusters lack");
        assert.equal(values.podDisruptionBudget, undefined, "with one replica a budget would block every drain");
    });

    it("runs two or more replicas by default, spread over nodes, with a disruption budget", async () => {
        const { ingress } = localSiteWith({}) as { ingress: Record<string, unknown> };
        const values = gatewayValues(await planSite(localSiteWith({ ingress: { ...ingress, replicas: undefined } })));
        assert.deepEqual(values.autoscaling, { enabled: true, minReplicas: 2, maxReplicas: 5 });
        assert.deepEqual(values.podDisruptionBudget, { minAvailable: 1 });
        assert.deepEqual(values.topologySpreadConstraints.map((c: Record<string, unknown>) => [c.topologyKey, c.whenUnsatisfiable]), [
            ["kubernetes.io/hostname", "DoNotSchedule"],
            ["topology.kubernetes.io/zone", "ScheduleAnyway"],
        ]);
        assert.deepEqual(values.topologySpreadConstraints[0].labelSelector, { matchLabels: { istio: "imaging-gateway" } });
    });
});

describe("who may reach the gateway, and Orthanc's administrative routes through it", () => {
    type Json = Record<string, any>;
    const adminPolicy = (plan: Plan) =>
        resourcesOfType(plan, "kubernetes:security.istio.io/v1:AuthorizationPolicy")
            .map((r) => r.inputs as Json)
            .find((p) => p.metadata.name === "orthanc-admin-routes");
    // The sign-in form's writes under /keycloak/ are Keycloak's, not Orthanc's.
    const adminOperations = [
        { operation: { ports: ["443"], methods: ["DELETE", "PUT", "PATCH"], notPaths: ["/keycloak/*"] } },
        { operation: { ports: ["443"], methods: ["POST"], notPaths: ["/tools/find", "/tools/lookup", "/keycloak/*"] } },
        {
            operation: {
                ports: ["443"],
                paths: ["/modalities*", "/peers*", "/jobs*", "/tools/reset", "/tools/shutdown", "/tools/execute-script", "/tools/log-level*"],
            },
        },
    ];

    it("refuses the administrative and write routes to everyone by default, on the web port only", async () => {
        const policy = adminPolicy(await planStack("local"));
        assert.ok(policy, "no orthanc-admin-routes AuthorizationPolicy");
        assert.equal(policy.metadata.namespace, "istio-ingress");
        assert.deepEqual(policy.spec, {
            selector: { matchLabels: { istio: "imaging-gateway" } },
            action: "DENY",
            rules: [{ to: adminOperations }],
        });
    });

    it("lets the site's admin networks use them, and keeps the query host out of the rule", async () => {
        const { ingress } = localSiteWith({}) as { ingress: Json };
        const plan = await planSite(
            localSiteWith({ ingress: { ...ingress, adminSourceRanges: ["10.1.0.0/24"], prometheusHostname: "prometheus.local.test" } }),
        );
        const rule = adminPolicy(plan)?.spec.rules[0];
        assert.deepEqual(rule.from, [{ source: { notIpBlocks: ["10.1.0.0/24"] } }]);
        for (const { operation } of rule.to) {
            assert.deepEqual(operation.notHosts, ["prometheus.local.test"]);
        }
    });

    it("admits only the site's client networks, at the load balancer and at the gateway's pods", async () => {
        const plan = await planSite(
            localSiteWith({ ingress: { hostname: "pacs.site-a.example", sourceRanges: ["10.20.0.0/16", "192.168.5.0/24"] } }),
        );
        const values = (resource(plan, types.release, "imaging-gateway").inputs as Json).values;
        assert.deepEqual(values.service.loadBalancerSourceRanges, ["10.20.0.0/16", "192.168.5.0/24"]);
        const policy = resourcesOfType(plan, "kubernetes:networking.k8s.io/v1:NetworkPolicy")
            .map((r) => r.inputs as Json)
            .find((p) => p.metadata.namespace === "istio-ingress" && p.metadata.name === "clients-to-gateway-ingress");
        assert.ok(policy, "no clients-to-gateway NetworkPolicy");
        assert.deepEqual(policy.spec.ingress[0].from, [{ ipBlock: { cidr: "10.20.0.0/16" } }, { ipBlock: { cidr: "192.168.5.0/24" } }]);
    });

    it("refuses a network that is not in CIDR notation", () => {
        const raw = { name: "site-a", kind: "existing", existing: { context: "site-a" }, objectStore: { type: "none" }, ingress: { hostname: "pacs.site-a.example", sourceRanges: ["10.20.0.0"] } };
        assert.throws(() => parseSiteConfig(raw), /site\.ingress\.sourceRanges\.0: "10\.20\.0\.0" is not allowed; expected a network in CIDR notation, such as 10\.20\.0\.0\/16/);
    });
});
