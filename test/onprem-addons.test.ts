// The manifests RKE2's first server applies at start on an on-prem site: the
// API's virtual address and the LoadBalancer pool (kube-vip), and vSphere's CPI,
// CSI and default StorageClass. Pure functions: each object is checked against
// the Kubernetes schema, the chart values against the pinned charts' own keys,
// scheduling against the taints the servers carry, and the first server's whole
// user data against cloud-init's schema and vSphere's guestinfo size limit.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import { addressPoolConfigMap, gatewayAddressAnnotations, kubeVipManifests, loadBalancerIpsAnnotation, type KubeVipArgs } from "../components/site/rke2/kube-vip";
import { Rke2ClusterPki } from "../components/site/rke2/pki";
import { rke2UserData } from "../components/site/rke2/user-data";
import {
    cpiCredentialsSecret,
    csiConfigSecret,
    vsphereCloudProviderManifests,
    vsphereStorageClassName,
    type VsphereCloudProviderArgs,
} from "../components/site/vsphere/cloud-provider";
import { onPremAddonImages, rke2 } from "../components/versions";
import { OpensslTlsProvider } from "./support/openssl-tls-provider";
import { projectDir } from "./support/plan";
import { modelModule, validateObject } from "./support/schemas";

type Json = Record<string, any>;

const kubeVipArgs: KubeVipArgs = { apiAddress: "10.20.0.10", interface: "ens192", loadBalancerPool: "10.20.0.200-10.20.0.209" };
// A password with the characters a config format could trip over.
const password = 'S3cr3t"pa\\ss#word;x=1';
const vsphereArgs: VsphereCloudProviderArgs = {
    server: "vcenter.hospital.example",
    datacenters: ["DC-Main"],
    username: "k8s-site-a@vsphere.local",
    password,
    clusterId: "site-a",
    storage: { storagePolicyName: "PACS Gold" },
};

function objectsIn(files: Record<string, string>): Json[] {
    return Object.entries(files).flatMap(([file, text]) =>
        YAML.parseAllDocuments(text).map((document) => {
            assert.deepEqual(document.errors, [], file);
            return document.toJS() as Json;
        }),
    );
}

const find = (objects: Json[], kind: string, name: string) => {
    const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
    assert.ok(found, `${kind} ${name}`);
    return found;
};

// Kubernetes' rule for a toleration matching a taint (k8s.io/api core/v1 toleration.go ToleratesTaint).
interface Taint {
    key: string;
    value?: string;
    effect: string;
}
function tolerates(tolerations: Json[] | undefined, taint: Taint): boolean {
    return (tolerations ?? []).some((t) => {
        if (t.effect && t.effect !== taint.effect) return false;
        if (t.key && t.key !== taint.key) return false;
        if (!t.key && t.operator !== "Exists") return false;
        return t.operator === "Exists" || (t.value ?? "") === (taint.value ?? "");
    });
}

// Whether a pod's required node affinity admits a node with these labels (terms ORed, expressions ANDed).
function admits(affinity: Json | undefined, labels: Record<string, string>): boolean {
    const terms = affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms as Json[] | undefined;
    if (!terms) return true;
    return terms.some((term) =>
        (term.matchExpressions as Json[]).every((e) => {
            switch (e.operator) {
                case "Exists":
                    return e.key in labels;
                case "DoesNotExist":
                    return !(e.key in labels);
                case "In":
                    return e.values.includes(labels[e.key]);
                case "NotIn":
                    return !e.values.includes(labels[e.key]);
                default:
                    throw new Error(`operator ${e.operator}`);
            }
        }),
    );
}

// The labels and taints RKE2 gives its nodes (config-file.ts adds the server taint).
const serverLabels = { "node-role.kubernetes.io/control-plane": "true", "node-role.kubernetes.io/etcd": "true", "kubernetes.io/os": "linux" };
const workerLabels = { "kubernetes.io/os": "linux" };
const serverTaint: Taint = { key: "CriticalAddonsOnly", value: "true", effect: "NoExecute" };
const uninitialisedTaint: Taint = { key: "node.cloudprovider.kubernetes.io/uninitialized", value: "true", effect: "NoSchedule" };

const env = (container: Json) => Object.fromEntries((container.env as Json[]).map((e) => [e.name, e.value ?? e.valueFrom]));

describe("on-prem add-on manifests", () => {
    const kubeVip = kubeVipManifests(kubeVipArgs);
    const vsphere = vsphereCloudProviderManifests(vsphereArgs);
    const kubeVipObjects = objectsIn(kubeVip);
    const vsphereObjects = objectsIn(vsphere);

    it("parse, and every object validates against the Kubernetes schema where a model exists", async () => {
        let validated = 0;
        for (const object of [...kubeVipObjects, ...vsphereObjects]) {
            if (modelModule(object.apiVersion) === undefined) {
                // RKE2's own kind, which no schema package models: the shape its CRD has.
                assert.equal(`${object.apiVersion} ${object.kind}`, "helm.cattle.io/v1 HelmChartConfig");
                assert.deepEqual(Object.keys(object.spec), ["valuesContent"]);
                continue;
            }
            await validateObject(object as never);
            validated++;
        }
        assert.equal(validated, kubeVipObjects.length + vsphereObjects.length - 2);
        assert.ok(validated >= 14, `only ${validated} validated`);
    });

    describe("kube-vip", () => {
        const daemonSet = find(kubeVipObjects, "DaemonSet", "kube-vip");
        const pod = daemonSet.spec.template.spec;
        const container = pod.containers[0];
        const services = find(kubeVipObjects, "DaemonSet", "kube-vip-services").spec.template.spec;

        it("holds the API address on every server, including before it is Ready or initialised by the CPI, and on no worker", () => {
            assert.ok(tolerates(pod.tolerations, serverTaint), "RKE2's server taint");
            assert.ok(tolerates(pod.tolerations, { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }));
            assert.ok(tolerates(pod.tolerations, uninitialisedTaint));
            assert.ok(admits(pod.affinity, serverLabels), "a server");
            assert.ok(!admits(pod.affinity, workerLabels), "a worker");
        });

        it("announces the API's virtual address on port 6443 by ARP, led by one elected server", () => {
            const values = env(container);
            assert.deepEqual(
                {
                    address: values.address,
                    port: values.port,
                    arp: values.vip_arp,
                    election: values.vip_leaderelection,
                    controlPlane: values.cp_enable,
                    leaseNamespace: values.cp_namespace,
                    services: values.svc_enable,
                    interface: values.vip_interface,
                    nodeName: values.vip_nodename,
                },
                {
                    address: "10.20.0.10",
                    port: "6443",
                    arp: "true",
                    election: "true",
                    controlPlane: "true",
                    leaseNamespace: "kube-system",
                    services: undefined,
                    interface: "ens192",
                    nodeName: { fieldRef: { fieldPath: "spec.nodeName" } },
                },
            );
            assert.equal(pod.hostNetwork, true);
            assert.deepEqual(container.securityContext.capabilities.add, ["NET_ADMIN", "NET_RAW"]);
            assert.deepEqual(container.args, ["manager"]);
            assert.equal(container.image, onPremAddonImages.kubeVip);
        });

        it("announces LoadBalancer addresses from workers, one election per Service, so a Local gateway Service is reached where its pods run", () => {
            const values = env(services.containers[0]);
            assert.deepEqual(
                { services: values.svc_enable, election: values.svc_election, arp: values.vip_arp, controlPlane: values.cp_enable, address: values.address, nodeName: values.vip_nodename },
                { services: "true", election: "true", arp: "true", controlPlane: undefined, address: undefined, nodeName: { fieldRef: { fieldPath: "spec.nodeName" } } },
            );
            assert.ok(admits(services.affinity, workerLabels), "a worker");
            assert.ok(!admits(services.affinity, serverLabels), "a server: it never runs a gateway pod");
            assert.equal(services.hostNetwork, true);
            assert.deepEqual(services.containers[0].securityContext.capabilities.add, ["NET_ADMIN", "NET_RAW"]);
        });

        it("leaves the interface to kube-vip when none is given", () => {
            const objects = objectsIn(kubeVipManifests({ ...kubeVipArgs, interface: undefined }));
            for (const name of ["kube-vip", "kube-vip-services"]) {
                assert.ok(!("vip_interface" in env(find(objects, "DaemonSet", name).spec.template.spec.containers[0])), name);
            }
        });

        it("runs under a service account allowed to hold the lease and update Services", () => {
            assert.equal(pod.serviceAccountName, "kube-vip");
            find(kubeVipObjects, "ServiceAccount", "kube-vip");
            const binding = find(kubeVipObjects, "ClusterRoleBinding", "kube-vip");
            assert.deepEqual(binding.subjects, [{ kind: "ServiceAccount", name: "kube-vip", namespace: "kube-system" }]);
            const rules = find(kubeVipObjects, "ClusterRole", binding.roleRef.name).rules as Json[];
            const allows = (group: string, resource: string, verb: string) =>
                rules.some((r) => r.apiGroups.includes(group) && r.resources.includes(resource) && (r.verbs.includes(verb) || r.verbs.includes("*")));
            assert.ok(allows("coordination.k8s.io", "leases", "create") && allows("coordination.k8s.io", "leases", "update"));
            assert.ok(allows("", "services/status", "update") && allows("", "services", "watch"));
        });

        it("gives LoadBalancer Services addresses from the configured pool, a range or a CIDR block", () => {
            const pool = (loadBalancerPool: string) => find(objectsIn(kubeVipManifests({ ...kubeVipArgs, loadBalancerPool })), "ConfigMap", addressPoolConfigMap.name);
            assert.deepEqual(pool("10.20.0.200-10.20.0.209").data, { "range-global": "10.20.0.200-10.20.0.209" });
            assert.deepEqual(pool("10.20.0.192/28").data, { "cidr-global": "10.20.0.192/28" });
            assert.equal(pool("10.20.0.192/28").metadata.namespace, "kube-system");
            for (const wrong of ["10.20.0.200", "10.20.0.200..10.20.0.209", "pool-a"]) {
                assert.throws(() => kubeVipManifests({ ...kubeVipArgs, loadBalancerPool: wrong }), /loadBalancerPool .*expected a range "first-last" or a CIDR block/, wrong);
            }
            const controller = find(kubeVipObjects, "Deployment", "kube-vip-cloud-provider");
            assert.equal(controller.spec.template.spec.containers[0].image, onPremAddonImages.kubeVipCloudProvider);
            assert.ok(tolerates(controller.spec.template.spec.tolerations, serverTaint), "it may run beside kube-vip on a server");
        });

        it("fixes the gateway's address through the annotation kube-vip reads, or leaves it to the pool", () => {
            assert.equal(loadBalancerIpsAnnotation, "kube-vip.io/loadbalancerIPs");
            assert.deepEqual(gatewayAddressAnnotations("10.20.0.250"), { "kube-vip.io/loadbalancerIPs": "10.20.0.250" });
            assert.deepEqual(gatewayAddressAnnotations(undefined), {});
        });

        it("pulls both images from the site's registry when it has one", () => {
            const objects = objectsIn(kubeVipManifests({ ...kubeVipArgs, registry: "registry.hospital.example:5000/" }));
            const images = objects.filter((o) => o.spec?.template).map((o) => o.spec.template.spec.containers[0].image);
            assert.deepEqual(images, [
                "registry.hospital.example:5000/kube-vip/kube-vip:v1.1.2",
                "registry.hospital.example:5000/kube-vip/kube-vip:v1.1.2",
                "registry.hospital.example:5000/kube-vip/kube-vip-cloud-provider:v0.0.12",
            ]);
            const underPath = objectsIn(kubeVipManifests({ ...kubeVipArgs, registry: "registry.hospital.example:5000/mirror//" }));
            assert.equal(underPath.find((o) => o.spec?.template)!.spec.template.spec.containers[0].image, "registry.hospital.example:5000/mirror/kube-vip/kube-vip:v1.1.2");
        });
    });

    describe("vSphere CPI, CSI and StorageClass", () => {
        const chartConfig = (name: string) => {
            const object = find(vsphereObjects, "HelmChartConfig", name);
            assert.equal(object.metadata.namespace, "kube-system");
            return YAML.parse(object.spec.valuesContent) as Json;
        };
        const secret = (name: string) => find(vsphereObjects, "Secret", name);

        it("points both charts at Secrets the manifests hold, and has the charts generate none", () => {
            const cpi = chartConfig("rancher-vsphere-cpi");
            assert.deepEqual(cpi.vCenter.credentialsSecret, { generate: false, name: cpiCredentialsSecret });
            assert.equal(secret(cpi.vCenter.credentialsSecret.name).metadata.namespace, "kube-system");
            const cloudConfig = find(vsphereObjects, "ConfigMap", cpi.vCenter.cloudConfig.name);
            assert.equal(cpi.vCenter.cloudConfig.generate, false);
            const global = YAML.parse(cloudConfig.data["vsphere.yaml"]).global;
            assert.deepEqual([global.secretName, global.secretNamespace], [cpiCredentialsSecret, "kube-system"]);
            const csi = chartConfig("rancher-vsphere-csi");
            assert.deepEqual(csi.vCenter.configSecret, { generate: false, name: csiConfigSecret });
            assert.ok(secret(csi.vCenter.configSecret.name).stringData["csi-vsphere.conf"]);
        });

        it("keeps the password in the Secrets' stringData alone, and the Secrets in a file of their own", () => {
            const passwordIn = (value: unknown) => JSON.stringify(value).includes(JSON.stringify(password).slice(1, -1)) || JSON.stringify(value).includes("S3cr3t");
            for (const object of vsphereObjects) {
                if (object.kind === "Secret") {
                    assert.ok(passwordIn(object.stringData), object.metadata.name);
                    assert.ok(!passwordIn({ ...object, stringData: undefined }), object.metadata.name);
                } else {
                    assert.ok(!passwordIn(object), `${object.kind} ${object.metadata.name}`);
                }
            }
            for (const [file, text] of Object.entries(vsphere)) {
                assert.equal(text.includes("S3cr3t"), file === "vsphere-credentials.yaml", file);
            }
        });

        it("gives the CPI its credentials under the keys it looks up, and the CSI a config file it can read", () => {
            assert.deepEqual(secret(cpiCredentialsSecret).stringData, {
                "vcenter.hospital.example.username": "k8s-site-a@vsphere.local",
                "vcenter.hospital.example.password": password,
            });
            const conf = secret(csiConfigSecret).stringData["csi-vsphere.conf"] as string;
            assert.match(conf, /^\[Global\]\ncluster-id = "site-a"\n/);
            assert.ok(conf.includes('[VirtualCenter "vcenter.hospital.example"]\n'), conf);
            assert.ok(conf.includes(String.raw`password = "S3cr3t\"pa\\ss#word;x=1"`), conf);
            assert.ok(conf.includes('datacenters = "DC-Main"'), conf);
            assert.throws(() => vsphereCloudProviderManifests({ ...vsphereArgs, password: "a\nb" }), /line break/);
        });

        it("verifies vCenter's certificate unless told otherwise, pinning its thumbprint when given", () => {
            const settings = (args: VsphereCloudProviderArgs) => {
                const objects = objectsIn(vsphereCloudProviderManifests(args));
                const global = YAML.parse(find(objects, "ConfigMap", "vsphere-cloud-config").data["vsphere.yaml"]).global;
                const conf = find(objects, "Secret", csiConfigSecret).stringData["csi-vsphere.conf"] as string;
                return { cpiInsecure: global.insecureFlag, cpiThumbprint: global.thumbprint, csiInsecure: /insecure-flag = "(\w+)"/.exec(conf)?.[1], csiThumbprint: /thumbprint = "([^"]+)"/.exec(conf)?.[1] };
            };
            assert.deepEqual(settings(vsphereArgs), { cpiInsecure: false, cpiThumbprint: undefined, csiInsecure: "false", csiThumbprint: undefined });
            assert.deepEqual(settings({ ...vsphereArgs, thumbprint: "AA:BB:CC" }), { cpiInsecure: false, cpiThumbprint: "AA:BB:CC", csiInsecure: "false", csiThumbprint: "AA:BB:CC" });
            assert.deepEqual(settings({ ...vsphereArgs, allowUnverifiedSsl: true }), { cpiInsecure: true, cpiThumbprint: undefined, csiInsecure: "true", csiThumbprint: undefined });
        });

        it("sets only values the charts RKE2 ships define", () => {
            const chartKeys = JSON.parse(fs.readFileSync(path.join(projectDir, "test/schemas/rancher-vsphere-chart-values.json"), "utf8")) as Record<string, string[]>;
            const paths = (value: unknown, prefix: string[] = []): string[] =>
                value !== null && typeof value === "object" && !Array.isArray(value)
                    ? Object.entries(value).flatMap(([key, inner]) => [[...prefix, key].join("."), ...paths(inner, [...prefix, key])])
                    : [];
            for (const chart of ["rancher-vsphere-cpi", "rancher-vsphere-csi"]) {
                const unknown = paths(chartConfig(chart)).filter((key) => !chartKeys[chart].includes(key));
                assert.deepEqual(unknown, [], chart);
            }
        });

        it("lets the CPI and the CSI controller run on servers that carry RKE2's server taint, and the CPI on uninitialised nodes", () => {
            const cpi = chartConfig("rancher-vsphere-cpi").cloudControllerManager.tolerations;
            const csi = chartConfig("rancher-vsphere-csi").csiController.tolerations;
            for (const [name, tolerations] of [["cpi", cpi], ["csi", csi]]) {
                assert.ok(tolerates(tolerations, serverTaint), name);
                assert.ok(tolerates(tolerations, { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }), name);
            }
            assert.ok(tolerates(cpi, uninitialisedTaint));
        });

        it("makes the default StorageClass on the configured storage policy or datastore, keeping volumes whose claim is deleted", () => {
            const storageClass = find(vsphereObjects, "StorageClass", vsphereStorageClassName);
            assert.deepEqual(
                { default: storageClass.metadata.annotations["storageclass.kubernetes.io/is-default-class"], provisioner: storageClass.provisioner, reclaim: storageClass.reclaimPolicy, expand: storageClass.allowVolumeExpansion },
                { default: "true", provisioner: "csi.vsphere.vmware.com", reclaim: "Retain", expand: true },
            );
            assert.deepEqual(storageClass.parameters, { storagepolicyname: "PACS Gold" });
            const onDatastore = objectsIn(vsphereCloudProviderManifests({ ...vsphereArgs, storage: { datastoreUrl: "ds:///vmfs/volumes/abc-123/" } }));
            assert.deepEqual(find(onDatastore, "StorageClass", vsphereStorageClassName).parameters, { datastoreurl: "ds:///vmfs/volumes/abc-123/" });
            // The chart's own class (reclaim Delete, also default) stays off: one default class.
            assert.equal(chartConfig("rancher-vsphere-csi").storageClass.enabled, false);
            assert.equal(chartConfig("rancher-vsphere-csi").csiController.csiResizer.enabled, true, "expansion needs the resizer");
        });

        it("refuses a cluster id vCenter cannot hold, and no datacenter", () => {
            assert.throws(() => vsphereCloudProviderManifests({ ...vsphereArgs, clusterId: "x".repeat(65) }), /clusterId .*1 to 64 characters/);
            assert.throws(() => vsphereCloudProviderManifests({ ...vsphereArgs, datacenters: [] }), /datacenters: expected at least one/);
        });
    });
});

// vSphere hands user data to the VM in one guestinfo value, at most 64 KiB
// (FACTS-sites §3: vmware-tanzu/vm-operator#148), gzip+base64 encoded.
const guestinfoLimit = 64 * 1024;
const guestinfoSize = (userData: string) => zlib.gzipSync(Buffer.from(userData, "utf8"), { level: 9 }).toString("base64").length;

describe("the first server's user data with every add-on #real", function () {
    this.timeout(120000);
    const tlsProvider = new OpensslTlsProvider();
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "onprem-addons-"));
    let userData: string;

    before(async () => {
        // The CA files the program really makes (openssl standing in for the tls provider), not placeholders: their size counts.
        await pulumi.runtime.setMocks(tlsProvider.mocks(), "imaging-platform", "onprem-addons", false);
        const serverTlsFiles = await new Promise<Record<string, string>>((resolve) => {
            pulumi.runtime.runInPulumiStack(async () => {
                new Rke2ClusterPki("site-a", { clusterName: "site-a" }).serverTlsFiles.apply(resolve);
            });
        });
        userData = rke2UserData({
            cluster: { token: `K10${"a".repeat(64)}::server:${"p".repeat(32)}`, apiAddress: "10.20.0.10", apiNames: ["k8s.site-a.hospital.example"], cloudProviderName: "rancher-vsphere" },
            node: { role: "first-server", nodeName: "site-a-server-1", nodeIp: "10.20.0.21" },
            version: rke2.version,
            install: { kind: "mirror", artifactsUrl: "https://artifacts.hospital.example/rke2/v1.35.3+rke2r3/", registry: "registry.hospital.example:5000" },
            serverTlsFiles,
            serverManifests: {
                ...kubeVipManifests({ ...kubeVipArgs, registry: "registry.hospital.example:5000" }),
                ...vsphereCloudProviderManifests({ ...vsphereArgs, thumbprint: "AA:".repeat(19) + "AA" }),
            },
        });
    });

    after(() => {
        tlsProvider.dispose();
        fs.rmSync(directory, { recursive: true, force: true });
    });

    it("passes cloud-init's schema check", () => {
        const target = path.join(directory, "first-server.yaml");
        fs.writeFileSync(target, userData);
        const result = spawnSync("cloud-init", ["schema", "--config-file", target], { encoding: "utf8" });
        assert.equal(result.status, 0, result.stdout + result.stderr);
        assert.match(result.stdout, /Valid cloud-config/);
        const paths = (YAML.parse(userData).write_files as Json[]).map((f) => f.path);
        for (const file of ["kube-vip.yaml", "kube-vip-cloud-provider.yaml", "vsphere-credentials.yaml", "vsphere-cloud-provider.yaml", "vsphere-storage-class.yaml"]) {
            assert.ok(paths.includes(`/var/lib/rancher/rke2/server/manifests/${file}`), file);
        }
    });

    it("fits vSphere's guestinfo limit with room to spare, gzip+base64 encoded", () => {
        const size = guestinfoSize(userData);
        console.log(`      first server user data: ${Buffer.byteLength(userData)} bytes, ${size} bytes gzip+base64 (limit ${guestinfoLimit})`);
        assert.ok(size < guestinfoLimit / 2, `${size} bytes gzip+base64: over half of guestinfo's ${guestinfoLimit}`);
    });
});
