// Platform services on the local stack: cert-manager and the site CA, Istio with
// its ingress and authorization, Reloader, and the ordering of custom resources
// after the charts that install their CRDs and webhooks.
import { strict as assert } from "assert";
import type { Plan, PlannedResource } from "../tools/plan/evaluate";
import { expectedReleases } from "./support/expected-versions";
import { trustedCaBundle } from "../components/certificates/platform-certificates";
import { localSiteWith, planSite, planStack, resource, resourcesOfType, types } from "./support/plan";
import { validateObject } from "./support/schemas";

// The plan's stand-in for the modality CA's certificate (a SelfSignedCert has no
// certificate without a provider): what the platform must put in the bundle.
const modalityCaStandIn = "-----BEGIN CERTIFICATE-----\nplan-certificate-imaging-modality-ca\n-----END CERTIFICATE-----\n";

type Json = Record<string, any>;

const istio = {
    peerAuthentication: "kubernetes:security.istio.io/v1:PeerAuthentication",
    authorizationPolicy: "kubernetes:security.istio.io/v1:AuthorizationPolicy",
    gateway: "kubernetes:networking.istio.io/v1:Gateway",
    virtualService: "kubernetes:networking.istio.io/v1:VirtualService",
};
const certManager = {
    issuer: "kubernetes:cert-manager.io/v1:Issuer",
    clusterIssuer: "kubernetes:cert-manager.io/v1:ClusterIssuer",
    certificate: "kubernetes:cert-manager.io/v1:Certificate",
};

// Every resource a resource waits for, directly or through the dependencies of
// what it waits for; depending on a component means waiting for all it contains.
function waitsFor(plan: Plan, start: PlannedResource): Set<string> {
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const children = (urn: string) => plan.resources.filter((r) => r.parent === urn).map((r) => r.urn);
    const seen = new Set<string>();
    const queue = [...start.dependencies];
    while (queue.length > 0) {
        const urn = queue.pop()!;
        if (seen.has(urn)) continue;
        seen.add(urn);
        queue.push(...(byUrn.get(urn)?.dependencies ?? []), ...children(urn));
    }
    return seen;
}

function inputs(r: PlannedResource): Json {
    return r.inputs as Json;
}

describe("platform services on the local stack", () => {
    let plan: Plan;
    before(async () => {
        plan = await planStack("local");
    });

    describe("cert-manager and the site CA", () => {
        it("installs cert-manager from its pinned chart with its CRDs, kept on uninstall", () => {
            const release = inputs(resource(plan, types.release, "cert-manager"));
            assert.equal(release.version, expectedReleases["cert-manager"].version);
            assert.equal(release.repositoryOpts.repo, expectedReleases["cert-manager"].repository);
            assert.deepEqual(release.values.crds, { enabled: true, keep: true });
        });

        it("generates a protected self-signed root and a CA Issuer from it in cert-manager's namespace", () => {
            const root = resource(plan, "tls:index/selfSignedCert:SelfSignedCert", "imaging-site-ca");
            assert.equal(inputs(root).isCaCertificate, true);
            assert.equal(root.protect, true);
            assert.equal(resource(plan, "tls:index/privateKey:PrivateKey", "imaging-site-ca").protect, true);
            const issuer = inputs(resource(plan, certManager.issuer, "imaging-site-ca"));
            assert.deepEqual(issuer.spec, { ca: { secretName: "imaging-site-ca" } });
            assert.equal(issuer.metadata.namespace, "cert-manager");
            const keyPair = inputs(resource(plan, types.secret, "imaging-site-ca"));
            assert.equal(keyPair.metadata.namespace, "cert-manager");
            assert.equal(keyPair.stringData["tls.key"], "[secret]");
        });

        it("issues Orthanc's DICOM certificate from the server intermediate, renewed before expiry", () => {
            const dicom = inputs(resource(plan, certManager.certificate, "orthanc-dicom-server")).spec;
            assert.deepEqual(dicom.issuerRef, { group: "cert-manager.io", kind: "ClusterIssuer", name: "imaging-server-ca" });
            assert.equal(dicom.secretName, "orthanc-dicom-server-tls");
            assert.ok(dicom.dnsNames.includes("pacs.local.test"));
            assert.ok(dicom.dnsNames.includes("orthanc.imaging.svc.cluster.local"));
            assert.equal(dicom.duration, "2160h");
            assert.equal(dicom.renewBefore, "720h");
            assert.equal(dicom.privateKey.rotationPolicy, "Always");
        });

        it("issues the web certificate into the gateway's namespace", () => {
            const web = inputs(resource(plan, certManager.certificate, "imaging-web"));
            assert.equal(web.metadata.namespace, "istio-ingress");
            assert.equal(web.spec.secretName, "imaging-web-tls");
            assert.deepEqual(web.spec.dnsNames, ["pacs.local.test"]);
        });

        it("trusts the modality CA, and only it, for DICOM clients, in a ConfigMap the plan shows", () => {
            const bundle = inputs(resource(plan, types.configMap, "orthanc-dicom-trusted-ca"));
            assert.equal(bundle.metadata.namespace, "imaging");
            assert.deepEqual(bundle.data, { "ca.crt": modalityCaStandIn });
            assert.equal(trustedCaBundle("MODALITY\n", ["EXTRA-1", "  EXTRA-2\n\n"]), "MODALITY\nEXTRA-1\nEXTRA-2\n");
        });

        it("publishes the root CA certificates, and only them", () => {
            assert.match(String(plan.outputs.siteCaCertificate), /^-----BEGIN CERTIFICATE-----/);
            assert.match(String(plan.outputs.modalityCaCertificate), /^-----BEGIN CERTIFICATE-----\nplan-certificate-imaging-modality-ca/);
            assert.doesNotMatch(JSON.stringify(plan.outputs), /plan-private-key/);
        });

        it("restarts Orthanc when its DICOM certificate, its trusted CAs or its password at the auth service change", () => {
            const deployment = inputs(resource(plan, types.deployment, "orthanc"));
            assert.equal(deployment.metadata.annotations["secret.reloader.stakater.com/reload"], "orthanc-dicom-server-tls,orthanc-auth-client");
            assert.equal(deployment.metadata.annotations["configmap.reloader.stakater.com/reload"], "orthanc-dicom-trusted-ca");
            assert.equal(inputs(resource(plan, types.release, "reloader")).version, expectedReleases.reloader.version);
        });
    });

    describe("Istio", () => {
        it("logs each request's path without its query, and only headers that name no patient", () => {
            const meshConfig = inputs(resource(plan, types.release, "istiod")).values.meshConfig;
            assert.equal(meshConfig.accessLogFile, "/dev/stdout");
            assert.equal(meshConfig.accessLogEncoding, "TEXT");
            const format: string = meshConfig.accessLogFormat;
            assert.match(format, /"%REQ\(:METHOD\)% %REQ_WITHOUT_QUERY\(X-ENVOY-ORIGINAL-PATH\?:PATH\)% %PROTOCOL%"/);
            const headers = [...format.matchAll(/%(REQ|RESP)\(([^)]+)\)%/g)].map(([, kind, header]) => `${kind} ${header}`);
            assert.deepEqual(headers.sort(), [
                "REQ :AUTHORITY",
                "REQ :METHOD",
                "REQ USER-AGENT",
                "REQ X-FORWARDED-FOR",
                "REQ X-REQUEST-ID",
                "RESP X-ENVOY-UPSTREAM-SERVICE-TIME",
            ]);
            // No Telemetry object brings another access log with the default format back.
            assert.deepEqual(plan.resources.filter((r) => r.type.startsWith("kubernetes:telemetry.istio.io/")), []);
        });

        it("installs base, CNI, istiod and the gateway from pinned charts, in order", () => {
            const release = (name: string) => resource(plan, types.release, name);
            for (const name of ["istio-base", "istio-cni", "istiod", "imaging-gateway"]) {
                assert.equal(inputs(release(name)).version, expectedReleases[name].version, name);
                assert.equal(inputs(release(name)).skipAwait, false, `${name} must be ready before what follows`);
            }
            assert.ok(waitsFor(plan, release("istiod")).has(release("istio-base").urn));
            assert.ok(waitsFor(plan, release("istiod")).has(release("istio-cni").urn));
            assert.ok(waitsFor(plan, release("imaging-gateway")).has(release("istiod").urn));
            assert.equal(inputs(release("istiod")).values.pilot.cni.enabled, true);
        });

        it("opens status, HTTP, HTTPS and DICOM on the gateway's Service", () => {
            const service = inputs(resource(plan, types.release, "imaging-gateway")).values.service;
            assert.deepEqual(service.ports.map((p: Json) => p.port), [15021, 80, 443, 11112]);
        });

        it("requires mutual TLS mesh-wide", () => {
            const strict = resourcesOfType(plan, istio.peerAuthentication).find((r) => inputs(r).metadata.namespace === "istio-system");
            assert.ok(strict);
            assert.deepEqual(inputs(strict).spec, { mtls: { mode: "STRICT" } });
            assert.equal(inputs(strict).metadata.name, "default");
        });

        it("terminates HTTPS at the gateway, redirects HTTP, and passes DICOM through as TCP", () => {
            const servers = inputs(resource(plan, istio.gateway, "imaging")).spec.servers as Json[];
            const byPort = (port: number) => servers.find((s) => s.port.number === port)!;
            assert.deepEqual(byPort(443).tls, {
                mode: "SIMPLE",
                credentialName: "imaging-web-tls",
                minProtocolVersion: "TLSV1_2",
                // Forward-secret AEAD suites only.
                cipherSuites: [
                    "ECDHE-ECDSA-AES256-GCM-SHA384",
                    "ECDHE-RSA-AES256-GCM-SHA384",
                    "ECDHE-ECDSA-AES128-GCM-SHA256",
                    "ECDHE-RSA-AES128-GCM-SHA256",
                    "ECDHE-ECDSA-CHACHA20-POLY1305",
                    "ECDHE-RSA-CHACHA20-POLY1305",
                ],
            });
            assert.equal(byPort(80).tls.httpsRedirect, true);
            assert.equal(byPort(11112).port.protocol, "TCP");
            // Each host only for routes from its own namespace; DICOM clients send no SNI.
            assert.deepEqual(byPort(443).hosts, ["imaging/pacs.local.test"]);
            assert.deepEqual(byPort(80).hosts, ["imaging/pacs.local.test"]);
            assert.deepEqual(byPort(11112).hosts, ["imaging/*"]);
            assert.equal(byPort(11112).tls, undefined, "TLS runs end to end to Orthanc");
        });

        it("routes DICOM by port to Orthanc's TLS port, and HTTPS by host to its HTTP port", () => {
            const dicom = inputs(resource(plan, istio.virtualService, "imaging-dicom")).spec;
            assert.deepEqual(dicom.tcp, [
                { match: [{ port: 11112 }], route: [{ destination: { host: "orthanc.imaging.svc.cluster.local", port: { number: 4242 } } }] },
            ]);
            assert.equal(dicom.tls, undefined, "no SNI-based routing");
            const web = inputs(resource(plan, istio.virtualService, "orthanc-web")).spec;
            assert.deepEqual(web.hosts, ["pacs.local.test"]);
            // /keycloak/ first (the sign-in service on the same host), then everything else to Orthanc.
            assert.deepEqual(
                web.http.map((route: Json) => [route.match?.[0].uri.prefix ?? "*", route.route[0].destination.host, route.route[0].destination.port.number]),
                [
                    ["/keycloak/", "keycloak.imaging.svc.cluster.local", 8080],
                    ["*", "orthanc.imaging.svc.cluster.local", 8042],
                ],
            );
            for (const route of web.http) {
                assert.deepEqual(route.headers, { response: { set: { "Strict-Transport-Security": "max-age=31536000" } } });
            }
        });

        it("denies by default in the application namespace", () => {
            const deny = resourcesOfType(plan, istio.authorizationPolicy).find((r) => inputs(r).metadata.name === "deny-by-default");
            assert.ok(deny);
            assert.deepEqual(inputs(deny).spec, {});
            assert.equal(inputs(deny).metadata.namespace, "imaging");
        });

        it("lets only the ingress gateway reach Orthanc", () => {
            const policy = inputs(resource(plan, istio.authorizationPolicy, "imaging-orthanc")).spec;
            assert.deepEqual(policy.selector, { matchLabels: { "app.kubernetes.io/name": "orthanc" } });
            const gatewayRule = policy.rules.find((r: Json) => r.to[0].operation.ports.includes("4242"));
            assert.deepEqual(gatewayRule.from, [{ source: { principals: ["cluster.local/ns/istio-ingress/sa/imaging-gateway"] } }]);
            for (const rule of policy.rules) {
                assert.ok(rule.from, "every Orthanc rule names its callers");
            }
            const scrape = policy.rules.find((r: Json) => r.from[0].source.principals[0].includes("/ns/monitoring/"));
            assert.deepEqual(scrape.to[0].operation, { ports: ["8042"], methods: ["GET"], paths: ["/tools/metrics-prometheus"] });
        });

        it("lets only Orthanc, Keycloak and the instances reach PostgreSQL, and the operator its status port", () => {
            const policy = inputs(resource(plan, istio.authorizationPolicy, "imaging-orthanc-db")).spec;
            const sql = policy.rules.find((r: Json) => r.to[0].operation.ports.includes("5432"));
            assert.deepEqual(sql.from[0].source.principals.sort(), [
                "cluster.local/ns/imaging/sa/keycloak",
                "cluster.local/ns/imaging/sa/orthanc",
                "cluster.local/ns/imaging/sa/orthanc-db",
            ]);
            const status = policy.rules.find((r: Json) => r.to[0].operation.ports.includes("8000"));
            assert.deepEqual(status.to[0].operation.ports, ["8000", "9187"]);
            const plainText = inputs(resource(plan, istio.peerAuthentication, "imaging-orthanc-db-plain-text-ports")).spec;
            assert.deepEqual(plainText.portLevelMtls, { "8000": { mode: "PERMISSIVE" }, "9187": { mode: "PERMISSIVE" } });
        });
    });

    describe("monitoring in the mesh", () => {
        it("scrapes Orthanc with Prometheus' own mesh certificate, as the metrics user", () => {
            const monitor = resourcesOfType(plan, "kubernetes:monitoring.coreos.com/v1:ServiceMonitor").find((r) => r.name.includes("orthanc"));
            assert.ok(monitor, "an Orthanc ServiceMonitor");
            const endpoint = inputs(monitor).spec.endpoints[0];
            assert.equal(endpoint.scheme, "https");
            assert.equal(endpoint.tlsConfig, undefined, "no files named by the monitor");
            assert.equal(inputs(monitor).spec.scrapeClassName, "istio-mtls");
            assert.equal(endpoint.basicAuth.username.name, "orthanc-metrics");
            const prometheus = inputs(resource(plan, types.release, "monitoring-stack")).values.prometheus.prometheusSpec;
            const meshClass = prometheus.scrapeClasses.find((c: Json) => c.name === "istio-mtls");
            assert.deepEqual(meshClass.tlsConfig, {
                caFile: "/etc/prom-certs/root-cert.pem",
                certFile: "/etc/prom-certs/cert-chain.pem",
                keyFile: "/etc/prom-certs/key.pem",
                insecureSkipVerify: true,
            });
            assert.equal(prometheus.podMetadata.labels["sidecar.istio.io/inject"], "true");
            assert.equal(prometheus.podMetadata.annotations["traffic.sidecar.istio.io/includeOutboundIPRanges"], "", "the sidecar intercepts nothing");
            assert.deepEqual(prometheus.volumeMounts, [{ name: "istio-certs", mountPath: "/etc/prom-certs" }]);
        });
    });

    describe("certificate expiry", () => {
        it("scrapes cert-manager, whose metrics the expiry alert reads", () => {
            const monitor = inputs(resource(plan, "kubernetes:monitoring.coreos.com/v1:PodMonitor", "monitoring-cert-manager")).spec;
            assert.deepEqual(monitor.namespaceSelector, { matchNames: ["cert-manager"] });
            assert.equal(monitor.podMetricsEndpoints[0].port, "http-metrics");
            const rules = JSON.stringify(inputs(resourcesOfType(plan, "kubernetes:monitoring.coreos.com/v1:PrometheusRule")[0]).spec);
            assert.match(rules, /certmanager_certificate_expiration_timestamp_seconds/);
        });
    });

    describe("ordering", () => {
        // The chart whose CRDs (and webhook) each API group needs.
        const installedBy: Record<string, string> = {
            "cert-manager.io": "cert-manager",
            "policy.cert-manager.io": "cert-manager-approver-policy",
            "networking.istio.io": "istiod",
            "security.istio.io": "istiod",
            "postgresql.cnpg.io": "cloudnative-pg",
            "monitoring.coreos.com": "monitoring-stack",
        };

        it("applies no custom resource before the chart that installs its CRD and webhook", () => {
            const custom = plan.resources.filter(
                (r) => r.custom && /^kubernetes:[a-z0-9.-]+\.[a-z]+\//.test(r.type) && !r.type.includes(".k8s.io/") && r.type !== types.release,
            );
            assert.ok(custom.length >= 10, `only ${custom.length} custom resources`);
            for (const r of custom) {
                const group = r.type.split(":")[1].split("/")[0];
                const chart = installedBy[group];
                assert.ok(chart, `no chart known for ${group}`);
                const release = resource(plan, types.release, chart);
                assert.ok(waitsFor(plan, r).has(release.urn), `${r.type} ${r.name} does not wait for ${chart}`);
            }
        });

        it("cuts network flows only once every namespace and chart is in place", () => {
            const policies = resourcesOfType(plan, "kubernetes:networking.k8s.io/v1:NetworkPolicy");
            assert.ok(policies.length > 10);
            const mustExist = [
                ...resourcesOfType(plan, types.namespace).map((r) => r.urn),
                ...resourcesOfType(plan, types.release).map((r) => r.urn),
            ];
            for (const policy of policies) {
                const waited = waitsFor(plan, policy);
                for (const urn of mustExist) {
                    assert.ok(waited.has(urn), `${policy.name} does not wait for ${urn.split("::").pop()}`);
                }
            }
        });

        it("creates every object only after the namespace it lives in", () => {
            const namespaces = new Map(resourcesOfType(plan, types.namespace).map((r) => [inputs(r).metadata.name as string, r.urn]));
            const late: string[] = [];
            for (const r of plan.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:"))) {
                const release = r.type === types.release;
                const target: string | undefined = release ? inputs(r).namespace : inputs(r).metadata?.namespace;
                const namespaceUrn = target === undefined ? undefined : namespaces.get(target);
                if (namespaceUrn && !waitsFor(plan, r).has(namespaceUrn)) {
                    late.push(`${r.type} ${r.name} (in ${target})`);
                }
            }
            assert.deepEqual(late, []);
        });

        it("starts PostgreSQL and Orthanc only once istiod can inject their sidecars", () => {
            const istiod = resource(plan, types.release, "istiod").urn;
            assert.ok(waitsFor(plan, resource(plan, types.cnpgCluster, "orthanc-db")).has(istiod));
            assert.ok(waitsFor(plan, resource(plan, types.deployment, "orthanc")).has(istiod));
        });
    });

    describe("security baseline", () => {
        it("labels every namespace with a Pod Security level, restricted unless documented", () => {
            const documented: Record<string, string> = { "istio-system": "baseline", "istio-cni": "privileged" };
            for (const ns of resourcesOfType(plan, types.namespace)) {
                const labels = inputs(ns).metadata.labels;
                const expected = documented[inputs(ns).metadata.name] ?? "restricted";
                assert.equal(labels["pod-security.kubernetes.io/enforce"], expected, inputs(ns).metadata.name);
            }
        });
    });
});

describe("platform services on a k3d cluster", () => {
    it("tells Istio's CNI agent and istiod which distribution they run on", async () => {
        const plan = await planSite(localSiteWith({ existing: { distribution: "k3d", useCurrentContext: true } }));
        assert.deepEqual(inputs(resource(plan, types.release, "istio-cni")).values.global, { platform: "k3d" });
        assert.deepEqual(inputs(resource(plan, types.release, "istiod")).values.global, { platform: "k3d" });
    });

    it("sets no platform on a generic cluster", async () => {
        const plan = await planStack("local");
        assert.equal(inputs(resource(plan, types.release, "istio-cni")).values.global, undefined);
    });
});

describe("platform services on a site with an alert webhook", () => {
    it("routes every alert to the webhook, whose URL stays in a Secret", async () => {
        const plan = await planSite(localSiteWith({}), { alertWebhookUrl: "https://zabbix.hospital.example/hook?token=do-not-print" });
        assert.doesNotMatch(JSON.stringify(plan), /do-not-print/);
        const receiver = inputs(resource(plan, "kubernetes:monitoring.coreos.com/v1alpha1:AlertmanagerConfig", "site-alert-webhook"));
        assert.equal(receiver.metadata.labels["imaging-platform/alert-receiver"], "true");
        assert.deepEqual(receiver.spec.receivers[0].webhookConfigs, [{ urlSecret: { name: "site-alert-webhook", key: "url" }, sendResolved: true }]);
        const alertmanager = inputs(resource(plan, types.release, "monitoring-stack")).values.alertmanager.alertmanagerSpec;
        assert.deepEqual(alertmanager.alertmanagerConfigSelector, { matchLabels: { "imaging-platform/alert-receiver": "true" } });
        assert.deepEqual(alertmanager.alertmanagerConfigMatcherStrategy, { type: "None" }, "alerts from every namespace");
        assert.deepEqual(receiver.spec.route.matchers, [{ name: "alertname", matchType: "!~", value: "Watchdog|InfoInhibitor" }]);
        const egress = resourcesOfType(plan, "kubernetes:networking.k8s.io/v1:NetworkPolicy").filter((r) => r.name.includes("alertmanager-to-webhook"));
        assert.equal(egress.length, 1);
        for (const r of plan.resources.filter((r) => r.type.includes("monitoring.coreos.com"))) {
            await validateObject(r.inputs as { apiVersion: string; kind: string });
        }
    });

    it("sends alerts nowhere, and opens no egress, without one", async () => {
        const plan = await planStack("local");
        assert.equal(resourcesOfType(plan, "kubernetes:monitoring.coreos.com/v1alpha1:AlertmanagerConfig").length, 0);
        assert.equal(resourcesOfType(plan, "kubernetes:networking.k8s.io/v1:NetworkPolicy").filter((r) => r.name.includes("alertmanager-to-webhook")).length, 0);
    });
});

describe("platform services on a site with its own issuer and extra client CAs", () => {
    it("uses the named issuer for the web certificate and trusts the extra CAs", async () => {
        const extraCa = "-----BEGIN CERTIFICATE-----\nMIIBextra\n-----END CERTIFICATE-----";
        const plan = await planSite(
            localSiteWith({
                ingress: { hostname: "pacs.hospital.example", prometheusHostname: "prometheus.hospital.example" },
                certificates: { webIssuer: { kind: "ClusterIssuer", name: "letsencrypt" }, extraTrustedClientCAs: [extraCa] },
            }),
        );
        const web = inputs(resource(plan, certManager.certificate, "imaging-web")).spec;
        assert.deepEqual(web.issuerRef, { group: "cert-manager.io", kind: "ClusterIssuer", name: "letsencrypt" });
        assert.deepEqual(web.dnsNames, ["pacs.hospital.example", "prometheus.hospital.example"]);
        const dicom = inputs(resource(plan, certManager.certificate, "orthanc-dicom-server")).spec;
        assert.equal(dicom.issuerRef.name, "imaging-server-ca", "DICOM always chains to the site root through the server intermediate");
        // The modality CA first, then the site's own, each as given.
        const bundle = inputs(resource(plan, types.configMap, "orthanc-dicom-trusted-ca")).data["ca.crt"];
        assert.equal(bundle, `${modalityCaStandIn}${extraCa}\n`);
    });
});
