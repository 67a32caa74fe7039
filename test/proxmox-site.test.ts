// The Proxmox site kind: its configuration's checks (each bad value with the
// message a hospital team reads), the plan of the committed proxmox stack (the
// VMs, their sizes and placement on Proxmox nodes, one node changed at a time,
// the wait for the API before any platform release, the API token and SSH key
// never plain, the contract), and what each node's cloud-init snippet really
// holds: read from the values the program sends, secrets unwrapped, and checked
// with cloud-init's own schema.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import { parseSiteConfig, type SiteSecrets } from "../stacks/config/load";
import { siteContract } from "../stacks/site";
import { proxmoxPlacement } from "../components/site/proxmox/proxmox-site";
import { rke2Nodes } from "../components/site/rke2/nodes";
import { providerPlugins } from "../components/versions";
import type { Plan } from "../tools/plan/evaluate";
import { planSite, planStack, project, projectDir, resource, resourcesOfType } from "./support/plan";
import { problemsOf } from "./support/config-problems";
import { computed, unwrapped } from "./support/site-mocks";

type Json = Record<string, any>;

const vmType = "proxmoxve:index/vmLegacy:VmLegacy";
const fileType = "proxmoxve:index/fileLegacy:FileLegacy";
const commandType = "command:local:Command";
const kubernetesProviderType = "pulumi:providers:kubernetes";

const validProxmox = {
    endpoint: "https://pve.hospital.example:8006/",
    nodes: ["pve1", "pve2", "pve3"],
    template: { vmId: 9000, node: "pve1" },
    datastore: "ceph-vm",
    addresses: {
        type: "static",
        subnet: "10.40.40.0/24",
        gateway: "10.40.40.1",
        dnsServers: ["10.40.0.53"],
        controlPlane: ["10.40.40.11", "10.40.40.12", "10.40.40.13"],
        workers: ["10.40.40.21", "10.40.40.22", "10.40.40.23"],
    },
    apiAddress: "10.40.40.10",
    loadBalancer: { pool: "10.40.40.224/28", gatewayAddress: "10.40.40.225" },
    storageClass: "ceph-rbd",
};
const valid = { name: "site-p", kind: "proxmox", ingress: { hostname: "pacs.site-p.example" }, objectStore: { type: "none" }, proxmox: validProxmox };
const withProxmox = (changes: Record<string, unknown>, top: Record<string, unknown> = {}) => ({ ...valid, ...top, proxmox: { ...validProxmox, ...changes } });
const withAddresses = (changes: Record<string, unknown>) => withProxmox({ addresses: { ...validProxmox.addresses, ...changes } });

describe("Proxmox site configuration", () => {
    it("accepts the smallest site and fills the documented defaults", () => {
        const site = parseSiteConfig(valid);
        assert.equal(site.kind, "proxmox");
        if (site.kind !== "proxmox") return;
        assert.equal(site.proxmox.insecure, false);
        assert.deepEqual(site.proxmox.ssh, { user: "root" });
        assert.equal(site.proxmox.snippetsDatastore, "local");
        assert.equal(site.proxmox.bridge, "vmbr0");
        assert.equal(site.proxmox.vlanId, undefined);
        assert.deepEqual(site.proxmox.controlPlane, { count: 3, cpus: 4, memoryMiB: 8192, diskGiB: 60 });
        assert.deepEqual(site.proxmox.workers, { count: 3, cpus: 8, memoryMiB: 32768, diskGiB: 100 });
        assert.deepEqual(site.proxmox.install, { source: "upstream" });
        assert.equal(site.proxmox.readinessTimeoutMinutes, 20);
        assert.equal(site.objectStore, undefined, "none reads as no store");
    });

    it("accepts one Proxmox node for one control-plane VM, with DHCP", () => {
        const site = parseSiteConfig(withProxmox({ nodes: ["pve1"], controlPlane: { count: 1 }, addresses: { type: "dhcp", subnet: "10.40.40.0/24" } }));
        assert.equal(site.kind === "proxmox" && site.proxmox.nodes.length, 1);
    });

    const badValues: Array<[string, Record<string, unknown>, string]> = [
        [
            "fewer Proxmox nodes than control-plane VMs",
            withProxmox({ nodes: ["pve1", "pve2"] }),
            'site.proxmox.nodes: ["pve1","pve2"] is not allowed; expected at least 3 distinct Proxmox nodes, one per control-plane VM (proxmox.controlPlane.count is 3): two control-plane VMs on one node would lose etcd\'s majority with that node',
        ],
        [
            "a Proxmox node named twice",
            withProxmox({ nodes: ["pve1", "pve2", "pve3", "pve2"] }),
            'site.proxmox.nodes.3: "pve2" is not allowed; expected a Proxmox node of its own (proxmox.nodes.1 is pve2 too)',
        ],
        ["no Proxmox node", withProxmox({ nodes: [] }), "site.proxmox.nodes: [] is not allowed; expected at least one Proxmox node"],
        [
            "two control-plane VMs",
            withProxmox({ controlPlane: { count: 2 }, addresses: { ...validProxmox.addresses, controlPlane: ["10.40.40.11", "10.40.40.12"] } }),
            "site.proxmox.controlPlane.count: 2 is not allowed; expected 1 or 3 (etcd needs a majority: 2 control-plane nodes survive the loss of neither, 3 survive one)",
        ],
        [
            "the API address inside the LoadBalancer pool",
            withProxmox({ apiAddress: "10.40.40.230" }),
            'site.proxmox.apiAddress: "10.40.40.230" is not allowed; expected an address outside proxmox.loadBalancer.pool 10.40.40.224/28 (the pool would hand it to a Service too)',
        ],
        [
            "a node address outside the subnet",
            withAddresses({ workers: ["10.40.40.21", "10.40.41.22", "10.40.40.23"] }),
            'site.proxmox.addresses.workers.1: "10.40.41.22" is not allowed; expected an address inside proxmox.addresses.subnet 10.40.40.0/24',
        ],
        [
            "a worker without an address",
            withAddresses({ workers: ["10.40.40.21", "10.40.40.22"] }),
            'site.proxmox.addresses.workers: ["10.40.40.21","10.40.40.22"] is not allowed; expected 3 addresses, one per node (proxmox.workers.count is 3)',
        ],
        [
            "the gateway address outside the pool",
            withProxmox({ loadBalancer: { pool: "10.40.40.224/28", gatewayAddress: "10.40.40.200" } }),
            'site.proxmox.loadBalancer.gatewayAddress: "10.40.40.200" is not allowed; expected an address inside proxmox.loadBalancer.pool 10.40.40.224/28',
        ],
        [
            "an API endpoint over plain http",
            withProxmox({ endpoint: "http://pve.hospital.example:8006/" }),
            'site.proxmox.endpoint: "http://pve.hospital.example:8006/" is not allowed; expected the Proxmox VE API\'s https:// URL such as https://pve.hospital.example:8006/',
        ],
        [
            "a template VM ID below Proxmox's range",
            withProxmox({ template: { vmId: 99, node: "pve1" } }),
            "site.proxmox.template.vmId: 99 is not allowed; expected an integer from 100 to 999999999",
        ],
        [
            "a VLAN tag out of range",
            withProxmox({ vlanId: 4095 }),
            "site.proxmox.vlanId: 4095 is not allowed; expected an integer from 1 to 4094",
        ],
        [
            "a NodePort gateway Service",
            withProxmox({}, { ingress: { hostname: "pacs.site-p.example", service: { type: "NodePort" } } }),
            'site.ingress.service.type: "NodePort" is not allowed; expected LoadBalancer on a proxmox site (the gateway gets proxmox.loadBalancer.gatewayAddress from the pool)',
        ],
        [
            "an Azure store",
            withProxmox({}, { objectStore: { type: "azureBlob", storageAccount: "pacsarchive", container: "dicom" } }),
            'site.objectStore.type: "azureBlob" is not allowed; expected s3 (an S3-compatible store the hospital runs: MinIO, Ceph RGW, StorageGRID, ECS) or none on a proxmox site',
        ],
        [
            "a vsphere key on a proxmox site",
            { ...valid, vsphere: {} },
            "site.vsphere: unknown key; expected one of: certificates, egress, identity, ingress, kind, monitoring, name, objectStore, orthanc, postgres, proxmox",
        ],
    ];

    for (const [label, raw, message] of badValues) {
        it(`refuses ${label}`, () => {
            assert.deepEqual(problemsOf(JSON.parse(JSON.stringify(raw))), [message]);
        });
    }

    it("refuses a proxmox stack without the API token and SSH key, naming both secret keys", async () => {
        await assert.rejects(planSite(valid, {}), (error: Error) => {
            assert.match(error.message, /imaging-platform:proxmoxApiToken: missing; expected a secret because site\.kind is proxmox/);
            assert.match(error.message, /imaging-platform:proxmoxSshPrivateKey: missing; expected a secret because site\.kind is proxmox/);
            return true;
        });
    });
});

describe("placement on Proxmox nodes", () => {
    const size = { cpus: 4, memoryMiB: 8192, diskGiB: 60 };
    const nodes = (controlPlane: number, workers: number) =>
        rke2Nodes({ siteName: "s", controlPlane: { count: controlPlane, ...size }, workers: { count: workers, ...size } });

    it("puts each control-plane VM on a node of its own and the workers round-robin", () => {
        assert.deepEqual(proxmoxPlacement(nodes(3, 4), ["a", "b", "c"]), ["a", "b", "c", "a", "b", "c", "a"]);
        assert.deepEqual(proxmoxPlacement(nodes(1, 3), ["a", "b"]), ["a", "a", "b", "a"]);
    });

    it("refuses to put two control-plane VMs on one node", () => {
        assert.throws(() => proxmoxPlacement(nodes(3, 1), ["a", "b"]), /s-cp-3: fewer Proxmox nodes than control-plane VMs/);
    });

    it("refuses a site without Proxmox nodes", () => {
        assert.throws(() => proxmoxPlacement(nodes(1, 1), []), /expected at least one Proxmox node/);
    });
});

const siteUrn = "urn:pulumi:proxmox::imaging-platform::imaging:site:ProxmoxSite";
const nodeNames = ["cp-1", "cp-2", "cp-3", "worker-1", "worker-2", "worker-3"];

describe("the proxmox stack's plan", function () {
    this.timeout(120000);
    let plan: Plan;
    let stackSite: Json;
    before(async () => {
        plan = await planStack("proxmox");
        stackSite = YAML.parse(fs.readFileSync(path.join(projectDir, "Pulumi.proxmox.yaml"), "utf8")).config[`${project}:site`];
    });
    const vms = () => nodeNames.map((name) => resource(plan, vmType, name));

    it("clones three control-plane VMs and three workers from the template, sized per role, each control-plane VM on a Proxmox node of its own", () => {
        assert.deepEqual(resourcesOfType(plan, vmType).map((vm) => vm.name), nodeNames);
        const placed: string[] = [];
        for (const vm of vms()) {
            const role = vm.name.startsWith("cp-") ? stackSite.proxmox.controlPlane : stackSite.proxmox.workers;
            const inputs = vm.inputs as Json;
            assert.equal(inputs.name, `stjude-pacs-${vm.name}`);
            assert.deepEqual(inputs.clone, { vmId: 9000, nodeName: "pve1", datastoreId: "ceph-vm", full: true });
            assert.equal(inputs.cpu.cores, role.cpus);
            assert.deepEqual(inputs.memory, { dedicated: role.memoryMiB, floating: 0 });
            assert.deepEqual(inputs.disks, [{ interface: "scsi0", datastoreId: "ceph-vm", size: role.diskGiB, discard: "on", iothread: true }]);
            assert.deepEqual(inputs.networkDevices, [{ bridge: "vmbr0", model: "virtio", vlanId: 40 }]);
            placed.push(inputs.nodeName);
        }
        assert.deepEqual(placed, ["pve1", "pve2", "pve3", "pve1", "pve2", "pve3"]);
    });

    it("gives each VM its static address, router and DNS through Proxmox's cloud-init, and its user data as a snippet on its own node", () => {
        for (const [index, vm] of vms().entries()) {
            const inputs = vm.inputs as Json;
            const address = [...stackSite.proxmox.addresses.controlPlane, ...stackSite.proxmox.addresses.workers][index];
            assert.deepEqual(inputs.initialization.ipConfigs, [{ ipv4: { address: `${address}/24`, gateway: "10.40.40.1" } }]);
            assert.deepEqual(inputs.initialization.dns, { servers: ["10.40.0.53", "10.40.0.54"], domain: "stjude.example" });
            const snippet = resource(plan, fileType, `${vm.name}-user-data`);
            assert.equal(inputs.initialization.userDataFileId, `${vm.name}-user-data-id`);
            assert.deepEqual(snippet.inputs, {
                nodeName: inputs.nodeName,
                datastoreId: "local",
                contentType: "snippets",
                sourceRaw: { fileName: `stjude-pacs-${vm.name}-user-data.yaml`, data: "[secret]" },
            });
        }
    });

    it("hands Proxmox every search domain, space-separated, and none when the site has none", async () => {
        const secrets = { proxmoxApiToken: "t", proxmoxSshPrivateKey: "k", objectStoreSecretAccessKey: "a", objectStoreBackupSecretAccessKey: "b" };
        const withDomains = (searchDomains: string[]) => planSite({ ...stackSite, proxmox: { ...stackSite.proxmox, addresses: { ...stackSite.proxmox.addresses, searchDomains } } }, secrets, "proxmox");
        const dns = (plan: Plan) => (resource(plan, vmType, "cp-1").inputs as Json).initialization.dns;
        assert.deepEqual(dns(await withDomains(["stjude.example", "radiology.stjude.example"])), { servers: ["10.40.0.53", "10.40.0.54"], domain: "stjude.example radiology.stjude.example" });
        assert.deepEqual(dns(await withDomains([])), { servers: ["10.40.0.53", "10.40.0.54"] });
    });

    it("asks DHCP through Proxmox's cloud-init when the site's addresses are dynamic", async () => {
        const site = { ...stackSite, proxmox: { ...stackSite.proxmox, addresses: { type: "dhcp", subnet: "10.40.40.0/24" } } };
        const dynamic = await planSite(site, { proxmoxApiToken: "t", proxmoxSshPrivateKey: "k", objectStoreSecretAccessKey: "a", objectStoreBackupSecretAccessKey: "b" }, "proxmox");
        for (const name of nodeNames) {
            const initialization = (resource(dynamic, vmType, name).inputs as Json).initialization;
            assert.deepEqual(initialization.ipConfigs, [{ ipv4: { address: "dhcp" } }], name);
            assert.equal(initialization.dns, undefined, name);
        }
    });

    it("creates and changes one node at a time, protects every node, and leaves bootstrap and template inputs of existing nodes alone", () => {
        vms().forEach((vm, index) => {
            assert.equal(vm.protect, true, vm.name);
            assert.equal((vm.inputs as Json).migrate, true, `${vm.name} moves to a new Proxmox node instead of being re-created`);
            assert.deepEqual(vm.ignoreChanges, ["clone", "initialization"], vm.name);
            if (index > 0) {
                assert.ok(vm.dependencies.includes(`${siteUrn}$${vmType}::${nodeNames[index - 1]}`), `${vm.name} waits for ${nodeNames[index - 1]}`);
            }
        });
    });

    it("changes a size in place, node after node: the same VMs, only the cores differ", async () => {
        const site = { ...stackSite, proxmox: { ...stackSite.proxmox, workers: { ...stackSite.proxmox.workers, cpus: 16 } } };
        const resized = await planSite(site, { proxmoxApiToken: "t", proxmoxSshPrivateKey: "k", objectStoreSecretAccessKey: "a", objectStoreBackupSecretAccessKey: "b" }, "proxmox");
        for (const name of nodeNames) {
            const before = resource(plan, vmType, name);
            const after = resource(resized, vmType, name);
            assert.equal(after.urn, before.urn);
            const expected = name.startsWith("worker-") ? { ...(before.inputs as Json).cpu, cores: 16 } : (before.inputs as Json).cpu;
            assert.deepEqual((after.inputs as Json).cpu, expected, name);
            assert.deepEqual({ ...(after.inputs as Json), cpu: null }, { ...(before.inputs as Json), cpu: null }, name);
        }
    });

    it("waits for the API's /readyz through the virtual address before the Kubernetes provider, and sends every platform resource through it", () => {
        const readiness = resource(plan, commandType, "api-readiness");
        const inputs = readiness.inputs as Json;
        assert.equal(inputs.environment.IMAGING_API_URL, "https://10.40.40.10:6443");
        assert.equal(inputs.environment.IMAGING_API_TIMEOUT_MINUTES, "20");
        assert.equal(inputs.environment.IMAGING_API_CLIENT_KEY, "[secret]");
        assert.deepEqual(inputs.triggers, nodeNames.map((name) => `${name}-id`));
        for (const name of nodeNames) {
            assert.ok(readiness.dependencies.includes(`${siteUrn}$${vmType}::${name}`), `the wait starts after ${name}`);
        }
        const provider = resource(plan, kubernetesProviderType, "stjude-pacs");
        assert.ok(provider.dependencies.includes(readiness.urn), "the Kubernetes provider depends on the wait");
        assert.equal((provider.inputs as Json).kubeconfig, "[secret]");
        const kubernetesResources = plan.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:"));
        assert.ok(resourcesOfType(plan, "kubernetes:helm.sh/v3:Release").length >= 8);
        assert.deepEqual(kubernetesResources.filter((r) => r.provider !== provider.urn).map((r) => r.urn), []);
        assert.deepEqual(resourcesOfType(plan, kubernetesProviderType).map((r) => r.urn), [provider.urn], "no other way to the cluster");
    });

    it("asks for the pinned provider plugin, the version package.json pins exactly", () => {
        const manifest = JSON.parse(fs.readFileSync(path.join(projectDir, "package.json"), "utf8"));
        assert.equal(manifest.dependencies["@muhlba91/pulumi-proxmoxve"], providerPlugins.proxmoxve);
        const installed = JSON.parse(fs.readFileSync(require.resolve("@muhlba91/pulumi-proxmoxve/package.json"), "utf8"));
        assert.equal(installed.pulumi.version, providerPlugins.proxmoxve);
    });

    it("never holds the API token, the SSH key, or any user data in plain text, and verifies the API's certificate", () => {
        const proxmoxProvider = resource(plan, "pulumi:providers:proxmoxve", "proxmox");
        const inputs = proxmoxProvider.inputs as Json;
        assert.equal(inputs.apiToken, "[secret]");
        assert.equal(inputs.ssh, "[secret]");
        assert.equal(inputs.insecure, "false");
        assert.equal(inputs.endpoint, "https://pve.stjude.example:8006/");
        for (const name of nodeNames) {
            assert.equal((resource(plan, fileType, `${name}-user-data`).inputs as Json).sourceRaw.data, "[secret]");
        }
        assert.ok(!JSON.stringify(plan).includes("UkVQTEFDRS13aXRoLXB1bHVtaS1jb25maWctc2V0LS1zZWNyZXQ="), "the stack file's secure value never appears");
    });

    it("fills the contract: the gateway on its fixed pool address, the site's storage class, egress to the API and nodes by address", () => {
        const gateway = resource(plan, "kubernetes:helm.sh/v3:Release", "imaging-gateway").inputs as Json;
        assert.equal(gateway.values.service.type, "LoadBalancer");
        assert.equal(gateway.values.service.annotations["kube-vip.io/loadbalancerIPs"], "10.40.40.225");
        const claims = plan.resources.filter((r) => r.type === "kubernetes:core/v1:PersistentVolumeClaim");
        for (const claim of claims) {
            assert.equal((claim.inputs as Json).spec.storageClassName, "ceph-rbd", claim.urn);
        }
        const postgres = plan.resources.find((r) => r.type === "kubernetes:postgresql.cnpg.io/v1:Cluster");
        assert.equal((postgres?.inputs as Json).spec.storage.storageClass, "ceph-rbd");
    });
});

// What each snippet holds: the component run under mocks, the user data unwrapped.
async function userDataSent(site: Json, secrets: Record<string, string>): Promise<Record<string, string>> {
    const sent: Record<string, string> = {};
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                if (args.type === fileType) {
                    sent[args.name.replace(/-user-data$/, "")] = (unwrapped(args.inputs.sourceRaw) as Json).data;
                }
                return { id: `${args.name}-id`, state: { ...args.inputs, ...computed(args.type, args.name) } };
            },
            call: () => {
                throw new Error("a proxmox site makes no look-ups");
            },
        },
        project,
        "proxmox-user-data",
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

describe("each node's cloud-init snippet", function () {
    this.timeout(120000);
    let sent: Record<string, string>;
    const secrets = { proxmoxApiToken: "svc@pve!pulumi=token-value", proxmoxSshPrivateKey: "ssh-key-value", objectStoreSecretAccessKey: "k1", objectStoreBackupSecretAccessKey: "k2" };
    before(async () => {
        const stackSite = YAML.parse(fs.readFileSync(path.join(projectDir, "Pulumi.proxmox.yaml"), "utf8")).config[`${project}:site`];
        sent = await userDataSent(stackSite, secrets);
    });
    const config = (name: string) => YAML.parse((YAML.parse(sent[name]!).write_files as Json[]).find((file) => file.path === "/etc/rancher/rke2/config.yaml")!.content);

    it("starts the cluster on cp-1 and joins the rest through the API address, with no cloud provider and the node's own address", () => {
        assert.deepEqual(Object.keys(sent), nodeNames);
        assert.equal(config("cp-1").server, undefined);
        for (const name of nodeNames.slice(1)) {
            assert.equal(config(name).server, "https://10.40.40.10:9345", name);
        }
        for (const name of nodeNames) {
            assert.equal(config(name)["cloud-provider-name"], undefined, name);
            assert.match(config(name).token, /^K10[0-9a-f]{64}::server:join-password-of-join-password$/, name);
            assert.equal(config(name)["node-name"], `stjude-pacs-${name}`);
            // Proxmox's own user data would set it; the snippet replaces that.
            assert.equal(YAML.parse(sent[name]!).hostname, `stjude-pacs-${name}`, name);
        }
        assert.equal(config("worker-2")["node-ip"], "10.40.40.22");
        const files = (YAML.parse(sent["cp-1"]!).write_files as Json[]).map((file) => file.path);
        assert.ok(files.includes("/var/lib/rancher/rke2/server/manifests/kube-vip.yaml"));
        assert.ok(files.includes("/var/lib/rancher/rke2/server/manifests/kube-vip-cloud-provider.yaml"));
        assert.ok(!files.some((file) => /vsphere|csi/.test(file)), "no CSI is installed on Proxmox");
        assert.ok(!Object.values(sent).some((text) => text.includes("token-value") || text.includes("ssh-key-value")), "the Proxmox credentials never reach a VM");
    });

    it("pulls kube-vip from an air-gapped site's registry", async () => {
        const stackSite = YAML.parse(fs.readFileSync(path.join(projectDir, "Pulumi.proxmox.yaml"), "utf8")).config[`${project}:site`];
        const install = { source: "mirror", artifactsUrl: "https://artifacts.hospital.example/rke2", registry: "registry.hospital.example:5000" };
        const airGapped = await userDataSent({ ...stackSite, proxmox: { ...stackSite.proxmox, install } }, secrets);
        const written = YAML.parse(airGapped["cp-1"]!).write_files as Json[];
        const images = ["kube-vip.yaml", "kube-vip-cloud-provider.yaml"]
            .flatMap((file) => YAML.parseAllDocuments(written.find((f) => f.path === `/var/lib/rancher/rke2/server/manifests/${file}`)!.content).map((d) => d.toJSON() as Json))
            .filter((d) => d.spec?.template)
            .map((d) => d.spec.template.spec.containers[0].image as string);
        assert.ok(images.length > 0 && images.every((image) => image.startsWith("registry.hospital.example:5000/")), images.join(", "));
        for (const name of nodeNames) {
            const config = YAML.parse((YAML.parse(airGapped[name]!).write_files as Json[]).find((file) => file.path === "/etc/rancher/rke2/config.yaml")!.content);
            // A server option only (RKE2's agent takes no such key).
            assert.equal(config["system-default-registry"], name.startsWith("cp-") ? "registry.hospital.example:5000" : undefined, name);
        }
    });

    it("#real passes cloud-init's schema check for every node, and the check fails on broken user data", function () {
        const directory = fs.mkdtempSync(path.join(os.tmpdir(), "proxmox-user-data-"));
        try {
            const check = (name: string, text: string) => {
                const target = path.join(directory, `${name}.yaml`);
                fs.writeFileSync(target, text);
                return spawnSync("cloud-init", ["schema", "--config-file", target], { encoding: "utf8" });
            };
            for (const name of nodeNames) {
                const result = check(name, sent[name]!);
                assert.equal(result.status, 0, `${name}: ${result.stdout}${result.stderr}`);
                assert.match(result.stdout, /Valid cloud-config/);
            }
            const broken = sent["worker-1"]!.replace('permissions: "0600"', "permissions: 600");
            assert.notEqual(broken, sent["worker-1"]);
            const refused = check("broken", broken);
            assert.equal(refused.status, 1, refused.stdout);
            assert.match(refused.stdout + refused.stderr, /permissions: 600 is not of type 'string'/);
        } finally {
            fs.rmSync(directory, { recursive: true, force: true });
        }
    });
});
