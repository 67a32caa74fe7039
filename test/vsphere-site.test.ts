// The vSphere site kind: its configuration's checks (each bad value with the
// message a hospital team reads), the plan of the committed onprem-esx stack (the
// nodes, their sizes and placement rules, one node changed at a time, the wait for
// the API before any platform release, the password never plain, the contract),
// and what each node's VM really receives in guestinfo: decoded from the values
// the program sends, with secrets unwrapped (the plan masks them), and checked
// with cloud-init's own schema.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import { parseSiteConfig, type SiteSecrets } from "../stacks/config/load";
import { siteContract } from "../stacks/site";
import { planStandIns } from "../stacks/sites/plan-stand-ins";
import { kubeVipLoadBalancerIpsAnnotation, vsphereStorageClassName } from "../components/site/vsphere/names";
import { gzipBase64 } from "../components/site/vsphere/guestinfo";
import { cloneDisks, volumePlacement } from "../components/site/vsphere/vsphere-site";
import { rootCaHash } from "../components/site/rke2/join-token";
import type { Plan } from "../tools/plan/evaluate";
import { planSite, planStack, project, projectDir, resource, resourcesOfType } from "./support/plan";
import { problemsOf } from "./support/config-problems";
import { computed, unwrapped } from "./support/site-mocks";

type Json = Record<string, any>;

const vmType = "vsphere:index/virtualMachine:VirtualMachine";
const ruleType = "vsphere:index/computeClusterVmAntiAffinityRule:ComputeClusterVmAntiAffinityRule";
const commandType = "command:local:Command";
const kubernetesProviderType = "pulumi:providers:kubernetes";

const validVsphere = {
    server: "vcenter.hospital.example",
    user: "svc-imaging@vsphere.local",
    datacenter: "dc-main",
    computeCluster: "cl-clinical",
    datastore: "ds-1",
    network: "pg-imaging",
    template: "ubuntu-2404",
    folder: "imaging/site-v",
    addresses: {
        type: "static",
        subnet: "10.30.40.0/24",
        gateway: "10.30.40.1",
        dnsServers: ["10.30.0.53"],
        controlPlane: ["10.30.40.11", "10.30.40.12", "10.30.40.13"],
        workers: ["10.30.40.21", "10.30.40.22", "10.30.40.23"],
    },
    apiAddress: "10.30.40.10",
    loadBalancer: { pool: "10.30.40.224/28", gatewayAddress: "10.30.40.225" },
    volumes: { storagePolicy: "gold" },
};
const valid = { name: "site-v", kind: "vsphere", ingress: { hostname: "pacs.site-v.example" }, objectStore: { type: "none" }, vsphere: validVsphere };

const withVsphere = (changes: Record<string, unknown>, top: Record<string, unknown> = {}) => ({ ...valid, ...top, vsphere: { ...validVsphere, ...changes } });
const withAddresses = (changes: Record<string, unknown>) => withVsphere({ addresses: { ...validVsphere.addresses, ...changes } });


describe("vSphere site configuration", () => {
    it("accepts the smallest site and fills the documented defaults", () => {
        const site = parseSiteConfig(valid);
        assert.equal(site.kind, "vsphere");
        if (site.kind !== "vsphere") return;
        assert.equal(site.vsphere.allowUnverifiedSsl, false);
        assert.deepEqual(site.vsphere.controlPlane, { count: 3, cpus: 4, memoryMiB: 8192, diskGiB: 60 });
        assert.deepEqual(site.vsphere.workers, { count: 3, cpus: 8, memoryMiB: 32768, diskGiB: 100 });
        assert.deepEqual(site.vsphere.install, { source: "upstream" });
        assert.equal(site.vsphere.readinessTimeoutMinutes, 20);
        assert.equal(site.objectStore, undefined, "none reads as no store");
        if (site.vsphere.addresses.type === "static") {
            assert.deepEqual(site.vsphere.addresses.searchDomains, []);
        }
    });

    it("accepts DHCP with only the subnet, one control-plane node, and a mirrored install", () => {
        const site = parseSiteConfig(
            withVsphere({
                addresses: { type: "dhcp", subnet: "10.30.40.0/24" },
                controlPlane: { count: 1 },
                install: { source: "mirror", artifactsUrl: "https://artifacts.hospital.example/rke2", registry: "registry.hospital.example:5000" },
            }),
        );
        assert.equal(site.kind === "vsphere" && site.vsphere.controlPlane.count, 1);
    });

    const badValues: Array<[string, Record<string, unknown>, string]> = [
        [
            "a vCenter thumbprint in SHA-256 form",
            withVsphere({ thumbprint: "AB:CD" }),
            'site.vsphere.thumbprint: "AB:CD" is not allowed; expected a SHA-1 thumbprint in uppercase hex pairs such as AB:CD:...:EF (openssl x509 -noout -fingerprint -sha1)',
        ],
        [
            "two control-plane nodes",
            withVsphere({ controlPlane: { count: 2 }, addresses: { ...validVsphere.addresses, controlPlane: ["10.30.40.11", "10.30.40.12"] } }),
            "site.vsphere.controlPlane.count: 2 is not allowed; expected 1 or 3 (etcd needs a majority: 2 control-plane nodes survive the loss of neither, 3 survive one)",
        ],
        [
            "fewer addresses than control-plane nodes",
            withVsphere({ controlPlane: { count: 1 } }),
            'site.vsphere.addresses.controlPlane: ["10.30.40.11","10.30.40.12","10.30.40.13"] is not allowed; expected 1 address, one per node (vsphere.controlPlane.count is 1)',
        ],
        [
            "a worker without an address",
            withAddresses({ workers: ["10.30.40.21", "10.30.40.22"] }),
            'site.vsphere.addresses.workers: ["10.30.40.21","10.30.40.22"] is not allowed; expected 3 addresses, one per node (vsphere.workers.count is 3)',
        ],
        [
            "a node address outside the subnet",
            withAddresses({ workers: ["10.30.40.21", "10.30.41.22", "10.30.40.23"] }),
            'site.vsphere.addresses.workers.1: "10.30.41.22" is not allowed; expected an address inside vsphere.addresses.subnet 10.30.40.0/24',
        ],
        [
            "the subnet's broadcast address for a node",
            withAddresses({ workers: ["10.30.40.21", "10.30.40.255", "10.30.40.23"] }),
            'site.vsphere.addresses.workers.1: "10.30.40.255" is not allowed; expected a host address of vsphere.addresses.subnet 10.30.40.0/24, not its network or broadcast address',
        ],
        [
            "two nodes on one address",
            withAddresses({ workers: ["10.30.40.21", "10.30.40.12", "10.30.40.23"] }),
            'site.vsphere.addresses.workers.1: "10.30.40.12" is not allowed; expected an address of its own (vsphere.addresses.controlPlane.1 is 10.30.40.12 too)',
        ],
        [
            "a node on the API address",
            withAddresses({ workers: ["10.30.40.10", "10.30.40.22", "10.30.40.23"] }),
            'site.vsphere.addresses.workers.0: "10.30.40.10" is not allowed; expected an address of its own (vsphere.apiAddress is 10.30.40.10 too)',
        ],
        [
            "a node address in the LoadBalancer pool",
            withAddresses({ workers: ["10.30.40.230", "10.30.40.22", "10.30.40.23"] }),
            'site.vsphere.addresses.workers.0: "10.30.40.230" is not allowed; expected an address outside vsphere.loadBalancer.pool 10.30.40.224/28 (the pool would hand it to a Service too)',
        ],
        [
            "a router outside the subnet",
            withAddresses({ gateway: "10.30.41.1" }),
            'site.vsphere.addresses.gateway: "10.30.41.1" is not allowed; expected an address inside vsphere.addresses.subnet 10.30.40.0/24 (the nodes reach their router directly)',
        ],
        [
            "a router inside the LoadBalancer pool",
            withAddresses({ gateway: "10.30.40.226" }),
            'site.vsphere.addresses.gateway: "10.30.40.226" is not allowed; expected an address outside vsphere.loadBalancer.pool 10.30.40.224/28 (kube-vip would take the router\'s address for a Service)',
        ],
        [
            "the API address inside the LoadBalancer pool",
            withVsphere({ apiAddress: "10.30.40.227" }),
            'site.vsphere.apiAddress: "10.30.40.227" is not allowed; expected an address outside vsphere.loadBalancer.pool 10.30.40.224/28 (the pool would hand it to a Service too)',
        ],
        [
            "the API address outside the subnet",
            withVsphere({ apiAddress: "10.30.99.10" }),
            'site.vsphere.apiAddress: "10.30.99.10" is not allowed; expected an address inside vsphere.addresses.subnet 10.30.40.0/24 (kube-vip answers for it on the nodes\' network)',
        ],
        [
            "a pool outside the subnet",
            withVsphere({ loadBalancer: { pool: "10.30.41.0/28", gatewayAddress: "10.30.41.1" } }),
            'site.vsphere.loadBalancer.pool: "10.30.41.0/28" is not allowed; expected a network inside vsphere.addresses.subnet 10.30.40.0/24 (kube-vip answers for its addresses on the nodes\' network)',
        ],
        [
            "a pool holding the subnet's broadcast address",
            withVsphere({ loadBalancer: { pool: "10.30.40.240/28", gatewayAddress: "10.30.40.241" } }),
            'site.vsphere.loadBalancer.pool: "10.30.40.240/28" is not allowed; expected a network without vsphere.addresses.subnet 10.30.40.0/24\'s network or broadcast address',
        ],
        [
            "the gateway's address outside the pool",
            withVsphere({ loadBalancer: { pool: "10.30.40.224/28", gatewayAddress: "10.30.40.200" } }),
            'site.vsphere.loadBalancer.gatewayAddress: "10.30.40.200" is not allowed; expected an address inside vsphere.loadBalancer.pool 10.30.40.224/28',
        ],
        [
            "a subnet with host bits set",
            withAddresses({ subnet: "10.30.40.1/24" }),
            'site.vsphere.addresses.subnet: "10.30.40.1/24" is not allowed; expected an IPv4 network in CIDR notation with no host bits set, such as 10.20.0.0/16',
        ],
        [
            "static keys with DHCP",
            withVsphere({ addresses: { type: "dhcp", subnet: "10.30.40.0/24", gateway: "10.30.40.1" } }),
            "site.vsphere.addresses.gateway: unknown key; expected one of: subnet, type",
        ],
        [
            "both a storage policy and a datastore",
            withVsphere({ volumes: { storagePolicy: "gold", datastoreUrl: "ds:///vmfs/volumes/abc/" } }),
            'site.vsphere.volumes: {"storagePolicy":"gold","datastoreUrl":"ds:///vmfs/volumes/abc/"} is not allowed; expected exactly one of storagePolicy or datastoreUrl (where the default StorageClass puts volumes)',
        ],
        ["neither", withVsphere({ volumes: {} }), "site.vsphere.volumes: {} is not allowed; expected exactly one of storagePolicy or datastoreUrl (where the default StorageClass puts volumes)"],
        [
            "a datastore name for its URL",
            withVsphere({ volumes: { datastoreUrl: "vsan-1" } }),
            'site.vsphere.volumes.datastoreUrl: "vsan-1" is not allowed; expected a datastore URL such as ds:///vmfs/volumes/5f3a...-.../ (Datastore > Summary > URL)',
        ],
        ["memory not in whole GiB", withVsphere({ workers: { memoryMiB: 5000 } }), "site.vsphere.workers.memoryMiB: 5000 is not allowed; expected a memory size in MiB, a multiple of 1024 from 4096 to 1048576"],
        [
            "a mirror without its registry",
            withVsphere({ install: { source: "mirror", artifactsUrl: "https://artifacts.hospital.example/rke2" } }),
            "site.vsphere.install.registry: missing; expected a registry host and optional port such as registry.hospital.example:5000",
        ],
        ["an unknown install source", withVsphere({ install: { source: "apt" } }), 'site.vsphere.install.source: "apt" is not allowed; expected a mapping with source upstream, mirror or template'],
        ["a wait too short for a cluster to start", withVsphere({ readinessTimeoutMinutes: 1 }), "site.vsphere.readinessTimeoutMinutes: 1 is not allowed; expected an integer from 5 to 120"],
        ["an absolute folder path", withVsphere({ folder: "/imaging/" }), 'site.vsphere.folder: "/imaging/" is not allowed; expected a VM folder path below the datacenter such as imaging/stlukes-pacs'],
        ["a URL for vCenter", withVsphere({ server: "https://vcenter" }), 'site.vsphere.server: "https://vcenter" is not allowed; expected a host name or IPv4 address such as vcenter.hospital.example'],
        [
            "node ports for the gateway",
            { ...valid, ingress: { hostname: "pacs.site-v.example", service: { type: "NodePort" } } },
            'site.ingress.service.type: "NodePort" is not allowed; expected LoadBalancer on a vsphere site (the gateway gets vsphere.loadBalancer.gatewayAddress from the pool)',
        ],
        [
            "an Azure storage account",
            { ...valid, objectStore: { type: "azureBlob", storageAccount: "abc123", container: "dicom" } },
            'site.objectStore.type: "azureBlob" is not allowed; expected s3 (an S3-compatible store the hospital runs: MinIO, Ceph RGW, StorageGRID, ECS) or none on a vsphere site',
        ],
        [
            "an S3 store without keys",
            { ...valid, objectStore: { type: "s3", bucket: "pacs", region: "r", endpoint: "https://minio.example:9000" } },
            "site.objectStore.accessKeyId: missing; expected access keys for Orthanc and the backups (accessKeyId and backupAccessKeyId): a vsphere site has no cloud identity to reach the store with",
        ],
        [
            "no word on the object store",
            { name: "site-v", kind: "vsphere", ingress: { hostname: "pacs.site-v.example" }, vsphere: validVsphere },
            "site.objectStore: missing; expected the hospital's S3-compatible store (type s3, with endpoint and both access keys) for a site that holds patient data: PostgreSQL's backups and the DICOM files go there; a test site without one says so with objectStore: {type: none}",
        ],
        [
            "a name too long for node names",
            { ...valid, name: "a".repeat(56) },
            `site.name: "${"a".repeat(56)}" is not allowed; expected a name short enough for node names (${"a".repeat(56)}-worker-3 is longer than 63 characters)`,
        ],
    ];

    for (const [label, raw, message] of badValues) {
        it(`refuses ${label}`, () => {
            assert.deepEqual(problemsOf(JSON.parse(JSON.stringify(raw))), [message]);
        });
    }

    it("refuses a vsphere stack without the vCenter password, naming the secret key", async () => {
        await assert.rejects(planSite(valid, {}), /imaging-platform:vspherePassword: missing; expected a secret because site\.kind is vsphere/);
    });
});

// The committed onprem-esx stack, planned once.
const siteUrn = "urn:pulumi:onprem-esx::imaging-platform::imaging:site:VsphereSite";
const nodeNames = ["cp-1", "cp-2", "cp-3", "worker-1", "worker-2", "worker-3"];

describe("the onprem-esx stack's plan", function () {
    this.timeout(120000);
    let plan: Plan;
    let stackSite: Json;
    before(async () => {
        plan = await planStack("onprem-esx");
        stackSite = YAML.parse(fs.readFileSync(path.join(projectDir, "Pulumi.onprem-esx.yaml"), "utf8")).config[`${project}:site`];
    });
    const vms = () => nodeNames.map((name) => resource(plan, vmType, name));

    it("makes the cluster's keys ECDSA (a P-384 root, P-256 below it) and RSA 2048 for service-account tokens, every CA key protected", () => {
        const keys = Object.fromEntries(
            resourcesOfType(plan, "tls:index/privateKey:PrivateKey")
                .filter((key) => key.name.startsWith("rke2-"))
                .map((key) => [key.name, { ...(key.inputs as Json), protect: key.protect }]),
        );
        const ecdsa = (curve: string, protect: boolean) => ({ algorithm: "ECDSA", ecdsaCurve: curve, protect });
        assert.deepEqual(keys, {
            "rke2-root": ecdsa("P384", true),
            "rke2-server-ca": ecdsa("P256", true),
            "rke2-client-ca": ecdsa("P256", true),
            "rke2-request-header-ca": ecdsa("P256", true),
            "rke2-etcd-peer-ca": ecdsa("P256", true),
            "rke2-etcd-server-ca": ecdsa("P256", true),
            "rke2-service-account": { algorithm: "RSA", rsaBits: 2048, protect: true },
            // The program's own client key, not a CA's.
            "rke2-admin": ecdsa("P256", false),
        });
    });

    it("clones three control-plane nodes and three workers from the template, sized per role, with disk UUIDs on and no guest customization", () => {
        assert.deepEqual(resourcesOfType(plan, vmType).map((vm) => vm.name), nodeNames);
        for (const vm of vms()) {
            const role = vm.name.startsWith("cp-") ? stackSite.vsphere.controlPlane : stackSite.vsphere.workers;
            const inputs = vm.inputs as Json;
            assert.equal(inputs.name, `stmarys-pacs-${vm.name}`);
            assert.equal(inputs.numCpus, role.cpus);
            assert.equal(inputs.memory, role.memoryMiB);
            assert.deepEqual(inputs.disks, [{ label: "disk0", size: role.diskGiB, unitNumber: 0, thinProvisioned: true, eagerlyScrub: false }]);
            assert.equal(inputs.enableDiskUuid, true);
            assert.deepEqual(inputs.clone, { templateUuid: planStandIns["vsphere:index/getVirtualMachine:getVirtualMachine"]!({}).id }, "a plain clone: no customize");
            assert.equal(inputs.folder, "imaging/stmarys-pacs");
            assert.equal(inputs.resourcePoolId, "resgroup-planned");
            assert.deepEqual(inputs.networkInterfaces, [{ networkId: "dvportgroup-planned", adapterType: "vmxnet3" }]);
            assert.deepEqual(Object.keys(inputs.extraConfig).sort(), ["guestinfo.metadata", "guestinfo.metadata.encoding", "guestinfo.userdata", "guestinfo.userdata.encoding"]);
            assert.equal(vm.parent, `${siteUrn}::stmarys-pacs`);
            assert.equal(vm.provider, `${siteUrn}$pulumi:providers:vsphere::vsphere`);
        }
        const folder = resource(plan, "vsphere:index/folder:Folder", "folder");
        assert.deepEqual(folder.inputs, { path: "imaging/stmarys-pacs", type: "vm", datacenterId: "datacenter-planned" });
    });

    it("keeps control-plane nodes on different hosts (a hard rule) and spreads the workers (a soft one)", () => {
        const controlPlane = resource(plan, ruleType, "control-plane-apart").inputs as Json;
        assert.deepEqual(controlPlane, {
            computeClusterId: "domain-c-planned",
            virtualMachineIds: ["cp-1-id", "cp-2-id", "cp-3-id"],
            name: "stmarys-pacs-control-plane-apart",
            mandatory: true,
        });
        const workers = resource(plan, ruleType, "workers-spread").inputs as Json;
        assert.deepEqual(workers.virtualMachineIds, ["worker-1-id", "worker-2-id", "worker-3-id"]);
        assert.equal(workers.mandatory, false);
    });

    it("creates and changes one node at a time, protects every node, and leaves bootstrap and template settings of existing nodes alone", () => {
        vms().forEach((vm, index) => {
            const earlierNodes = vm.dependencies.filter((urn) => urn.includes(vmType));
            assert.deepEqual(earlierNodes, index === 0 ? [] : [`${siteUrn}$${vmType}::${nodeNames[index - 1]}`], `${vm.name} waits for the node before it, and only for it`);
            assert.equal(vm.protect, true);
            for (const property of ["clone", "extraConfig", "guestId", "firmware", "scsiType", "networkInterfaces"]) {
                assert.ok(vm.ignoreChanges?.includes(property), `${vm.name} ignores changes of ${property}`);
            }
            for (const property of ["numCpus", "memory", "disks", "disks[*].size"]) {
                assert.ok(!vm.ignoreChanges?.includes(property), `${vm.name} applies changes of ${property}`);
            }
        });
    });

    it("changes a size in place, node after node: the same nodes, only CPU, memory and disk differ, and the chain holds", async () => {
        const resized = await planSite(
            { ...stackSite, vsphere: { ...stackSite.vsphere, workers: { ...stackSite.vsphere.workers, cpus: 12, memoryMiB: 49152, diskGiB: 150 } } },
            { vspherePassword: "not-a-password", objectStoreSecretAccessKey: "k1", objectStoreBackupSecretAccessKey: "k2" },
            "onprem-esx",
        );
        const before = new Map(vms().map((vm) => [vm.urn, vm]));
        const after = resourcesOfType(resized, vmType);
        assert.deepEqual(after.map((vm) => vm.urn), [...before.keys()], "no node is renamed (and so replaced)");
        for (const vm of after) {
            const old = before.get(vm.urn)!;
            const changed = Object.keys(vm.inputs).filter((key) => key !== "extraConfig" && JSON.stringify(vm.inputs[key]) !== JSON.stringify(old.inputs[key]));
            assert.deepEqual(changed.sort(), vm.name.startsWith("worker") ? ["disks", "memory", "numCpus"] : [], vm.name);
            assert.deepEqual((vm.inputs as Json).clone, (old.inputs as Json).clone, "nothing that forces a replacement changes");
            assert.deepEqual(vm.dependencies, old.dependencies);
        }
        assert.equal(((after[3]!.inputs as Json).disks as Json[])[0]!.size, 150);
    });

    it("refuses a boot disk smaller than the template's, naming the node", () => {
        const node = { name: "site-v-worker-1", resourceName: "worker-1", role: "agent" as const, size: { cpus: 2, memoryMiB: 4096, diskGiB: 20 } };
        const template = [{ label: "Hard disk 1", size: 40, thinProvisioned: true, eagerlyScrub: false, unitNumber: 0 }];
        assert.throws(() => cloneDisks(node, template), /site-v-worker-1: diskGiB 20 is smaller than the template's boot disk \(40 GB\)/);
        assert.equal(cloneDisks({ ...node, size: { ...node.size, diskGiB: 40 } }, template)[0]!.size, 40);
        assert.throws(() => cloneDisks(node, []), /site-v-worker-1: the template has no disk to clone/);
    });

    it("places volumes by the site's storage policy or its datastore, and refuses neither", () => {
        assert.deepEqual(volumePlacement({ storagePolicy: "imaging-gold" }), { storagePolicyName: "imaging-gold" });
        assert.deepEqual(volumePlacement({ datastoreUrl: "ds:///vmfs/volumes/abc-123/" }), { datastoreUrl: "ds:///vmfs/volumes/abc-123/" });
        assert.throws(() => volumePlacement({}), /the default StorageClass needs a storage policy or a datastore URL/);
    });

    it("waits for the API's /readyz through the virtual address, bounded by the configured minutes, before the Kubernetes provider", () => {
        const readiness = resource(plan, commandType, "api-readiness");
        const inputs = readiness.inputs as Json;
        assert.equal(inputs.environment.IMAGING_API_URL, "https://10.30.40.10:6443");
        assert.equal(inputs.environment.IMAGING_API_TIMEOUT_MINUTES, "20");
        assert.equal(inputs.environment.IMAGING_API_CLIENT_KEY, "[secret]");
        assert.match(inputs.environment.IMAGING_API_CA, /plan-certificate-rke2-server-ca[\s\S]*plan-certificate-rke2-root/);
        assert.match(inputs.create, /--cacert "\$dir\/ca\.crt" --cert "\$dir\/client\.crt" --key "\$dir\/client\.key" "\$IMAGING_API_URL\/readyz"/);
        assert.match(inputs.create, /IMAGING_API_TIMEOUT_MINUTES \* 60/);
        assert.deepEqual(inputs.triggers, nodeNames.map((name) => `${name}-id`));
        for (const name of nodeNames) {
            assert.ok(readiness.dependencies.includes(`${siteUrn}$${vmType}::${name}`), `the wait starts after ${name}`);
        }
        const provider = resource(plan, kubernetesProviderType, "stmarys-pacs");
        assert.ok(provider.dependencies.includes(readiness.urn), "the Kubernetes provider depends on the wait");
        assert.deepEqual((provider.inputs as Json).kubeconfig, "[secret]");
    });

    it("sends every platform resource, each Helm release among them, through the provider that waits for the API", () => {
        const provider = resource(plan, kubernetesProviderType, "stmarys-pacs");
        const kubernetesResources = plan.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:"));
        assert.ok(resourcesOfType(plan, "kubernetes:helm.sh/v3:Release").length >= 8);
        assert.ok(kubernetesResources.length > 100);
        const elsewhere = kubernetesResources.filter((r) => r.provider !== provider.urn).map((r) => r.urn);
        assert.deepEqual(elsewhere, []);
        assert.deepEqual(resourcesOfType(plan, kubernetesProviderType).map((r) => r.urn), [provider.urn], "no other way to the cluster");
    });

    it("never holds the vCenter password, or any user data, in plain text", () => {
        const vsphereProvider = resource(plan, "pulumi:providers:vsphere", "vsphere");
        assert.equal((vsphereProvider.inputs as Json).password, "[secret]");
        assert.deepEqual(vsphereProvider.additionalSecretOutputs, ["password"]);
        assert.equal((vsphereProvider.inputs as Json).allowUnverifiedSsl, "false");
        for (const vm of vms()) {
            assert.ok(Object.values((vm.inputs as Json).extraConfig).every((value) => value === "[secret]"), vm.name);
        }
        const joinPassword = resource(plan, "random:index/randomPassword:RandomPassword", "join-password");
        assert.equal(joinPassword.protect, true, "nodes added later join with it");
        assert.ok(!JSON.stringify(plan).includes("UkVQTEFDRS13aXRoLXB1bHVtaS1jb25maWctc2V0LS1zZWNyZXQ="), "the stack file's secure value never appears");
    });

    it("fills the contract: the gateway on its fixed pool address, the CSI storage class, egress to the API and nodes by address", () => {
        const gateway = resource(plan, "kubernetes:helm.sh/v3:Release", "imaging-gateway").inputs as Json;
        assert.equal(gateway.values.service.type, "LoadBalancer");
        assert.deepEqual(gateway.values.service.annotations, { [kubeVipLoadBalancerIpsAnnotation]: "10.30.40.225" });
        assert.equal(kubeVipLoadBalancerIpsAnnotation, "kube-vip.io/loadbalancerIPs");
        const claims = resourcesOfType(plan, "kubernetes:postgresql.cnpg.io/v1:Cluster").map((c) => (c.inputs as Json).spec.storage.storageClass);
        assert.deepEqual(claims, [vsphereStorageClassName]);
        const policies = resourcesOfType(plan, "kubernetes:networking.k8s.io/v1:NetworkPolicy").map((p) => p.inputs as Json);
        const blocks = (name: string) => policies.find((p) => p.metadata.name === name)!.spec.egress.flatMap((rule: Json) => (rule.to ?? []).map((peer: Json) => peer.ipBlock?.cidr));
        assert.deepEqual(blocks("cert-manager-to-api-egress"), ["10.30.40.10/32", "10.30.40.11/32", "10.30.40.12/32", "10.30.40.13/32"]);
        assert.deepEqual(blocks("prometheus-to-nodes-egress"), ["10.30.40.11/32", "10.30.40.12/32", "10.30.40.13/32", "10.30.40.21/32", "10.30.40.22/32", "10.30.40.23/32"]);
    });
});

// ---------------------------------------------------------------------------
// What each VM really gets: the site kind's builder under mocks of the test's own
// that keep the secrets' values (the plan masks them).
// ---------------------------------------------------------------------------
async function extraConfigSent(site: Json, secrets: Record<string, string>): Promise<Record<string, Json>> {
    const sent: Record<string, Json> = {};
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                if (args.type === vmType) {
                    sent[args.name] = unwrapped(args.inputs.extraConfig) as Json;
                }
                return { id: `${args.name}-id`, state: { ...args.inputs, ...computed(args.type, args.name) } };
            },
            call: (args) => planStandIns[args.token]!(args.inputs),
        },
        project,
        "vsphere-guestinfo",
        false,
    );
    await pulumi.runtime.runInPulumiStack(async () => {
        siteContract({
            config: parseSiteConfig(site),
            secrets: Object.fromEntries(Object.entries(secrets).map(([key, value]) => [key, pulumi.secret(value)])) as SiteSecrets,
        });
    });
    await pulumi.runtime.disconnect();
    return sent;
}

const gunzip = (text: string) => zlib.gunzipSync(Buffer.from(text, "base64")).toString("utf8");

describe("each node's guestinfo, decoded", function () {
    this.timeout(120000);
    let stackSite: Json;
    let sent: Record<string, Json>;
    const secrets = { vspherePassword: "vcenter-password-value", objectStoreSecretAccessKey: "k1", objectStoreBackupSecretAccessKey: "k2" };
    before(async () => {
        stackSite = YAML.parse(fs.readFileSync(path.join(projectDir, "Pulumi.onprem-esx.yaml"), "utf8")).config[`${project}:site`];
        sent = await extraConfigSent(stackSite, secrets);
    });
    const userData = (name: string) => gunzip(sent[name]!["guestinfo.userdata"]);
    const metadata = (name: string) => YAML.parse(gunzip(sent[name]!["guestinfo.metadata"]));

    it("gives every VM gzip+base64 metadata and user data under the VMware datasource's keys", () => {
        assert.deepEqual(Object.keys(sent), nodeNames);
        for (const name of nodeNames) {
            assert.equal(sent[name]!["guestinfo.metadata.encoding"], "gzip+base64");
            assert.equal(sent[name]!["guestinfo.userdata.encoding"], "gzip+base64");
            assert.match(userData(name), /^#cloud-config\n/);
            assert.ok(sent[name]!["guestinfo.userdata"].length < 64 * 1024, "within vSphere's 64 KiB per guestinfo value");
        }
        assert.equal(gunzip(gzipBase64("round trip")), "round trip");
    });

    it("names each node, gives it its static address on the subnet with the router and DNS, and redacts the user data", () => {
        const addresses = [...stackSite.vsphere.addresses.controlPlane, ...stackSite.vsphere.addresses.workers];
        nodeNames.forEach((name, index) => {
            const meta = metadata(name);
            assert.equal(meta["instance-id"], `stmarys-pacs-${name}`);
            assert.equal(meta["local-hostname"], `stmarys-pacs-${name}`);
            assert.deepEqual(meta.redact, ["userdata", "vendordata"]);
            assert.deepEqual(meta.network, {
                version: 2,
                ethernets: {
                    nic0: {
                        match: { name: "e*" },
                        dhcp4: false,
                        addresses: [`${addresses[index]}/24`],
                        routes: [{ to: "default", via: "10.30.40.1" }],
                        nameservers: { addresses: ["10.30.0.53", "10.30.0.54"], search: ["stmarys.example"] },
                    },
                },
            });
            const config = YAML.parse(YAML.parse(userData(name).replace(/^#cloud-config\n/, "")).write_files.find((f: Json) => f.path === "/etc/rancher/rke2/config.yaml").content);
            assert.equal(config["node-ip"], addresses[index]);
            assert.equal(config["node-name"], `stmarys-pacs-${name}`);
            assert.equal(config["cloud-provider-name"], "rancher-vsphere");
        });
    });

    it("asks DHCP when the site's addresses are dynamic", async () => {
        const dhcp = await extraConfigSent({ ...stackSite, vsphere: { ...stackSite.vsphere, addresses: { type: "dhcp", subnet: "10.30.40.0/24" } } }, secrets);
        const meta = YAML.parse(gunzip(dhcp["worker-1"]!["guestinfo.metadata"]));
        assert.deepEqual(meta.network.ethernets.nic0, { match: { name: "e*" }, dhcp4: true });
        assert.ok(!("node-ip" in YAML.parse(YAML.parse(gunzip(dhcp["worker-1"]!["guestinfo.userdata"]).slice("#cloud-config\n".length)).write_files[0].content)));
    });

    it("starts the cluster on cp-1 with the CAs and joins the rest through the API address with the secure token", () => {
        const files = (name: string) => (YAML.parse(userData(name).slice("#cloud-config\n".length)).write_files as Json[]).map((f) => f.path);
        assert.ok(files("cp-1").includes("/var/lib/rancher/rke2/server/tls/server-ca.key"));
        for (const name of nodeNames.slice(1)) {
            assert.ok(!files(name).some((file) => file.includes("/server/tls/")), `${name} never receives a CA key`);
        }
        const configOf = (name: string) => YAML.parse((YAML.parse(userData(name).slice("#cloud-config\n".length)).write_files as Json[])[0]!.content);
        const token = configOf("cp-1").token as string;
        const root = computed("tls:index/selfSignedCert:SelfSignedCert", "rke2-root").certPem;
        assert.equal(token, `K10${rootCaHash(root)}::server:join-password-of-join-password`);
        for (const name of nodeNames.slice(1)) {
            assert.equal(configOf(name).server, "https://10.30.40.10:9345");
            assert.equal(configOf(name).token, token);
        }
        assert.ok(!userData("worker-1").includes(secrets.vspherePassword), "the vCenter password is not in a worker's user data");
    });

    it("has the first server apply kube-vip, the vSphere CPI and CSI and the default StorageClass, with the vCenter password in their Secrets only", () => {
        const manifestsDir = "/var/lib/rancher/rke2/server/manifests/";
        const written = (name: string) => YAML.parse(userData(name).slice("#cloud-config\n".length)).write_files as Json[];
        const manifests = Object.fromEntries(written("cp-1").filter((f) => f.path.startsWith(manifestsDir)).map((f) => [f.path.slice(manifestsDir.length), f.content as string]));
        assert.deepEqual(Object.keys(manifests).sort(), [
            "imaging-admin-binding.yaml",
            "kube-vip-cloud-provider.yaml",
            "kube-vip.yaml",
            "vsphere-cloud-provider.yaml",
            "vsphere-credentials.yaml",
            "vsphere-storage-class.yaml",
        ]);
        const documents = (file: string) => YAML.parseAllDocuments(manifests[file]!).map((d) => d.toJSON() as Json);
        const daemonSets = documents("kube-vip.yaml").filter((d) => d.kind === "DaemonSet");
        const env = Object.fromEntries((daemonSets[0]!.spec.template.spec.containers[0].env as Json[]).map((e) => [e.name, e.value]));
        assert.equal(env.address, stackSite.vsphere.apiAddress);
        const pool = documents("kube-vip-cloud-provider.yaml").find((d) => d.kind === "ConfigMap" && d.metadata.name === "kubevip");
        assert.ok(pool && Object.values(pool.data).includes(stackSite.vsphere.loadBalancer.pool), JSON.stringify(pool?.data));
        const storageClass = documents("vsphere-storage-class.yaml").find((d) => d.kind === "StorageClass");
        assert.equal(storageClass?.metadata.name, "vsphere");
        for (const [file, content] of Object.entries(manifests) as [string, string][]) {
            assert.equal(content.includes(secrets.vspherePassword), file === "vsphere-credentials.yaml", file);
        }
        for (const name of nodeNames.slice(1)) {
            assert.ok(!written(name).some((f) => f.path.startsWith(manifestsDir)), `${name} applies no manifests`);
        }
    });

    it("hands an air-gapped site's registry, a pinned vCenter thumbprint and a datastore to the first server's add-ons", async () => {
        const thumbprint = Array.from({ length: 20 }, (_, i) => (i * 13).toString(16).toUpperCase().padStart(2, "0")).join(":");
        const site = {
            ...stackSite,
            vsphere: {
                ...stackSite.vsphere,
                thumbprint,
                volumes: { datastoreUrl: "ds:///vmfs/volumes/abc-123/" },
                install: { source: "mirror", artifactsUrl: "https://artifacts.hospital.example/rke2", registry: "registry.hospital.example:5000" },
            },
        };
        const airGapped = await extraConfigSent(site, secrets);
        const manifestsDir = "/var/lib/rancher/rke2/server/manifests/";
        const files = YAML.parse(gunzip(airGapped["cp-1"]!["guestinfo.userdata"]).slice("#cloud-config\n".length)).write_files as Json[];
        const documents = (file: string) => YAML.parseAllDocuments(files.find((f) => f.path === `${manifestsDir}${file}`)!.content).map((d) => d.toJSON() as Json);
        const images = [...documents("kube-vip.yaml"), ...documents("kube-vip-cloud-provider.yaml")].filter((d) => d.spec?.template).map((d) => d.spec.template.spec.containers[0].image as string);
        assert.ok(images.length > 0 && images.every((image) => image.startsWith("registry.hospital.example:5000/")), images.join(", "));
        for (const name of nodeNames) {
            const written = YAML.parse(gunzip(airGapped[name]!["guestinfo.userdata"]).slice("#cloud-config\n".length)).write_files as Json[];
            const config = YAML.parse(written.find((f) => f.path === "/etc/rancher/rke2/config.yaml")!.content);
            // A server option only (RKE2's agent takes no such key).
            assert.equal(config["system-default-registry"], name.startsWith("cp-") ? "registry.hospital.example:5000" : undefined, name);
        }
        const cloudConfig = documents("vsphere-cloud-provider.yaml").find((d) => d.kind === "ConfigMap" && d.metadata.name === "vsphere-cloud-config");
        assert.equal(YAML.parse(cloudConfig!.data["vsphere.yaml"]).global.thumbprint, thumbprint);
        assert.deepEqual(documents("vsphere-storage-class.yaml").find((d) => d.kind === "StorageClass")!.parameters, { datastoreurl: "ds:///vmfs/volumes/abc-123/" });
    });

    it("#real passes cloud-init's schema check for every node, and the check fails on broken user data", function () {
        const directory = fs.mkdtempSync(path.join(os.tmpdir(), "vsphere-user-data-"));
        try {
            const check = (name: string, text: string) => {
                const target = path.join(directory, `${name}.yaml`);
                fs.writeFileSync(target, text);
                return spawnSync("cloud-init", ["schema", "--config-file", target], { encoding: "utf8" });
            };
            for (const name of nodeNames) {
                const result = check(name, userData(name));
                assert.equal(result.status, 0, `${name}: ${result.stdout}${result.stderr}`);
                assert.match(result.stdout, /Valid cloud-config/);
            }
            const broken = userData("worker-1").replace('permissions: "0600"', "permissions: 600");
            assert.notEqual(broken, userData("worker-1"));
            const refused = check("broken", broken);
            assert.equal(refused.status, 1, refused.stdout);
            assert.match(refused.stdout + refused.stderr, /permissions: 600 is not of type 'string'/);
        } finally {
            fs.rmSync(directory, { recursive: true, force: true });
        }
    });
});
