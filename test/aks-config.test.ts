// The AKS site's keys: the committed stack file is valid, and each bad value is
// refused before any resource with a message naming the key, the value and what
// is allowed. Messages are written out in full.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { parseSiteConfig } from "../stacks/config/load";
import { defaultStorageAccountName } from "../stacks/sites/aks/site";
import { projectDir } from "./support/plan";
import { problemsOf } from "./support/config-problems";

type Json = Record<string, any>;
const committed = (): Json => YAML.parse(fs.readFileSync(path.join(projectDir, "Pulumi.azure.yaml"), "utf8")).config["imaging-platform:site"];

// The committed site with some keys of `aks` (or of the site) changed; undefined removes a key.
function withAks(aks: Json, site: Json = {}): Json {
    const base = committed();
    const merged: Json = { ...base, ...site, aks: { ...base.aks, ...aks } };
    for (const [key, value] of Object.entries(aks)) {
        if (value === undefined) {
            delete merged.aks[key];
        }
    }
    return merged;
}
const network = (changes: Json): Json => ({ network: { ...committed().aks.network, ...changes } });


describe("AKS site configuration", () => {
    it("accepts the committed stack file and fills in the defaults", () => {
        const site = parseSiteConfig(committed());
        assert.ok(site.kind === "aks");
        assert.equal(site.aks.kubernetesVersion, "1.33");
        assert.equal(site.aks.upgradeChannel, "patch");
        assert.equal(site.aks.nodeOsUpgradeChannel, "NodeImage");
        assert.equal(site.aks.networkPolicy, "cilium");
        assert.deepEqual(
            { pod: site.aks.network.podCidr, service: site.aks.network.serviceCidr, dns: site.aks.network.dnsServiceIp },
            { pod: "10.244.0.0/16", service: "10.0.0.0/16", dns: "10.0.0.10" },
        );
        assert.equal(site.storageClass, "managed-csi-premium");
        const bare = parseSiteConfig(withAks({ systemPool: undefined, userPool: undefined, gateway: undefined, kubeloginMode: undefined }));
        assert.ok(bare.kind === "aks");
        assert.deepEqual(bare.aks.systemPool, { vmSize: "Standard_D4ds_v5", count: 3 });
        assert.deepEqual(bare.aks.userPool, { vmSize: "Standard_D8ds_v5", minCount: 3, maxCount: 6 });
        assert.equal(bare.aks.gateway.internal, true);
        assert.equal(bare.aks.kubeloginMode, "azurecli");
    });

    it("derives a storage account name Azure accepts, stable, and different per subscription", () => {
        const name = defaultStorageAccountName("a-very-long-site-name-indeed", "66666666-7777-8888-9999-000000000000", "imaging-x");
        assert.match(name, /^img[a-z0-9]{1,13}[0-9a-f]{8}$/);
        assert.ok(name.length <= 24);
        assert.equal(name, defaultStorageAccountName("a-very-long-site-name-indeed", "66666666-7777-8888-9999-000000000000", "imaging-x"));
        assert.notEqual(name, defaultStorageAccountName("a-very-long-site-name-indeed", "11111111-7777-8888-9999-000000000000", "imaging-x"));
    });

    const guid = "expected a GUID such as 00000000-0000-0000-0000-000000000000";
    const badValues: Array<[string, Json, string]> = [
        ["a tenant that is not a GUID", withAks({ tenantId: "contoso.onmicrosoft.com" }), `site.aks.tenantId: "contoso.onmicrosoft.com" is not allowed; ${guid}`],
        ["a subscription GUID with a letter out of range", withAks({ subscriptionId: "6666666g-7777-8888-9999-000000000000" }), `site.aks.subscriptionId: "6666666g-7777-8888-9999-000000000000" is not allowed; ${guid}`],
        ["an admin group that is not a GUID", withAks({ adminGroupObjectIds: ["aks-admins"] }), `site.aks.adminGroupObjectIds.0: "aks-admins" is not allowed; ${guid}`],
        ["no admin group", withAks({ adminGroupObjectIds: [] }), "site.aks.adminGroupObjectIds: [] is not allowed; expected at least one group object ID"],
        ["a location as the portal writes it", withAks({ location: "West Europe" }), `site.aks.location: "West Europe" is not allowed; expected one of: `],
        ["a region without availability zones", withAks({ location: "westcentralus" }), `site.aks.location: "westcentralus" is not allowed; expected one of: australiaeast,`],
        ["a Kubernetes version AKS no longer supports", withAks({ kubernetesVersion: "1.29" }), 'site.aks.kubernetesVersion: "1.29" is not allowed; expected one of: 1.32, 1.33, 1.34'],
        ["a Kubernetes patch version", withAks({ kubernetesVersion: "1.33.2" }), 'site.aks.kubernetesVersion: "1.33.2" is not allowed; expected one of: 1.32, 1.33, 1.34'],
        ["a VM size without the Standard_ prefix", withAks({ systemPool: { vmSize: "D4ds_v5" } }), 'site.aks.systemPool.vmSize: "D4ds_v5" is not allowed; expected an Azure VM size such as Standard_D4ds_v5'],
        ["a VM size in lowercase", withAks({ userPool: { vmSize: "standard_d8ds_v5" } }), 'site.aks.userPool.vmSize: "standard_d8ds_v5" is not allowed; expected an Azure VM size such as Standard_D4ds_v5'],
        ["a system pool smaller than the zones", withAks({ systemPool: { count: 2 } }), "site.aks.systemPool.count: 2 is not allowed; expected an integer from 3 to 100"],
        ["a user pool minimum above its maximum", withAks({ userPool: { minCount: 5, maxCount: 4 } }), "site.aks.userPool.minCount: 5 is not allowed; expected an integer <= aks.userPool.maxCount (4)"],
        ["an unknown upgrade channel", withAks({ upgradeChannel: "latest" }), 'site.aks.upgradeChannel: "latest" is not allowed; expected one of: patch, stable, rapid, none'],
        ["an unknown node OS channel", withAks({ nodeOsUpgradeChannel: "nodeimage" }), 'site.aks.nodeOsUpgradeChannel: "nodeimage" is not allowed; expected one of: NodeImage, SecurityPatch, Unmanaged, None'],
        ["an unknown kubelogin mode", withAks({ kubeloginMode: "devicecode" }), 'site.aks.kubeloginMode: "devicecode" is not allowed; expected one of: azurecli, spn, workloadidentity, msi'],
        ["no authorized ranges", withAks({ authorizedIpRanges: [] }), "site.aks.authorizedIpRanges: [] is not allowed; expected at least one network"],
        ["the API server open to every address", withAks({ authorizedIpRanges: ["0.0.0.0/0"] }), 'site.aks.authorizedIpRanges.0: "0.0.0.0/0" is not allowed; expected the networks of the operators and CI, not every address'],
        ["an authorized range with host bits", withAks({ authorizedIpRanges: ["203.0.113.7/24"] }), 'site.aks.authorizedIpRanges.0: "203.0.113.7/24" is not allowed; expected an IPv4 network in CIDR notation with no host bits set, such as 10.20.0.0/16'],
        ["an IPv6 VNet", withAks(network({ vnetCidr: "fd00::/48" })), 'site.aks.network.vnetCidr: "fd00::/48" is not allowed; expected an IPv4 network in CIDR notation with no host bits set, such as 10.20.0.0/16'],
        ["a node subnet outside the VNet", withAks(network({ nodeSubnetCidr: "10.43.0.0/22" })), 'site.aks.network.nodeSubnetCidr: "10.43.0.0/22" is not allowed; expected a network inside aks.network.vnetCidr (10.42.0.0/16)'],
        ["a private endpoint subnet overlapping the nodes'", withAks(network({ privateEndpointSubnetCidr: "10.42.3.0/27" })), 'site.aks.network.privateEndpointSubnetCidr: "10.42.3.0/27" is not allowed; expected a network that does not overlap aks.network.nodeSubnetCidr (10.42.0.0/22)'],
        ["a subnet below Azure's smallest", withAks(network({ privateEndpointSubnetCidr: "10.42.4.0/30" })), 'site.aks.network.privateEndpointSubnetCidr: "10.42.4.0/30" is not allowed; expected a prefix of /29 or shorter (Azure\'s smallest subnet)'],
        ["a pod range overlapping the VNet", withAks(network({ podCidr: "10.42.128.0/17" })), 'site.aks.network.podCidr: "10.42.128.0/17" is not allowed; expected a network that does not overlap aks.network.vnetCidr (10.42.0.0/16)'],
        ["a service range containing the VNet", withAks(network({ serviceCidr: "10.0.0.0/8", dnsServiceIp: "10.0.0.10" })), 'site.aks.network.serviceCidr: "10.0.0.0/8" is not allowed; expected a network that does not overlap aks.network.vnetCidr (10.42.0.0/16)'],
        ["a service range overlapping the pods'", withAks(network({ serviceCidr: "10.244.128.0/20", dnsServiceIp: "10.244.128.10" })), 'site.aks.network.serviceCidr: "10.244.128.0/20" is not allowed; expected a network that does not overlap aks.network.podCidr (10.244.0.0/16)'],
        ["a DNS address outside the service range", withAks(network({ dnsServiceIp: "10.1.0.10" })), 'site.aks.network.dnsServiceIp: "10.1.0.10" is not allowed; expected an address inside aks.network.serviceCidr (10.0.0.0/16) other than its first two and its last (the network, the kubernetes Service, the broadcast address)'],
        ["the kubernetes Service's own address for DNS", withAks(network({ dnsServiceIp: "10.0.0.1" })), 'site.aks.network.dnsServiceIp: "10.0.0.1" is not allowed; expected an address inside aks.network.serviceCidr (10.0.0.0/16) other than its first two and its last (the network, the kubernetes Service, the broadcast address)'],
        ["a DNS address that is not an address", withAks(network({ dnsServiceIp: "10.0.0.300" })), 'site.aks.network.dnsServiceIp: "10.0.0.300" is not allowed; expected an IPv4 address such as 10.0.0.10'],
        [
            "a node subnet too small for the pools",
            withAks({ ...network({ nodeSubnetCidr: "10.42.0.0/28" }), userPool: { minCount: 3, maxCount: 6 } }),
            'site.aks.network.nodeSubnetCidr: "10.42.0.0/28" is not allowed; expected room for 12 addresses (system pool 3 + user pool maxCount 6 + 2 upgrade surge nodes + the internal load balancer); it has 11 after Azure\'s 5 reserved',
        ],
        [
            "a pod range too small for a /24 per node",
            withAks({ ...network({ podCidr: "10.244.0.0/22" }) }),
            'site.aks.network.podCidr: "10.244.0.0/22" is not allowed; expected room for 11 node /24 blocks (Azure CNI overlay gives each node a /24); it has 4',
        ],
        ["a storage account name with capitals", withAks({ storageAccountName: "PacsArchive" }), 'site.aks.storageAccountName: "PacsArchive" is not allowed; expected a storage account name of 3 to 24 lowercase letters and digits'],
        ["a resource group name ending in a dot", withAks({ resourceGroupName: "imaging." }), `site.aks.resourceGroupName: "imaging." is not allowed; expected a resource group name of 1 to 90 letters, digits, '-', '_', '.', '(' or ')', not ending in '.'`],
        ["an unknown storage redundancy", withAks({ storageRedundancy: "LRS" }), 'site.aks.storageRedundancy: "LRS" is not allowed; expected one of: ZRS, GZRS, RAGZRS'],
        ["soft delete beyond a year", withAks({ softDeleteDays: 400 }), "site.aks.softDeleteDays: 400 is not allowed; expected an integer from 1 to 365"],
        ["an unknown key under aks", withAks({ nodeCount: 3 }), "site.aks.nodeCount: unknown key; expected one of: adminGroupObjectIds, "],
        [
            "node ports on an AKS site",
            withAks({}, { ingress: { ...committed().ingress, service: { type: "NodePort" } } }),
            'site.ingress.service.type: "NodePort" is not allowed; expected LoadBalancer on an AKS site (the gateway gets an Azure load balancer; aks.gateway.internal chooses internal or public)',
        ],
        ["an AKS site without its aks section", (({ aks, ...rest }) => rest)(committed()), "site.aks: missing; expected a mapping with keys from: "],
    ];

    for (const [what, raw, message] of badValues) {
        it(`refuses ${what}`, () => {
            const problems = problemsOf(raw);
            assert.ok(
                problems.some((problem) => problem.startsWith(message)),
                `expected a problem starting with:\n  ${message}\ngot:\n  ${problems.join("\n  ")}`,
            );
        });
    }

    it("names every problem of one run", () => {
        const problems = problemsOf(withAks({ tenantId: "x", ...network({ nodeSubnetCidr: "10.43.0.0/22" }), userPool: { minCount: 9, maxCount: 6 } }));
        assert.deepEqual(
            problems.map((problem) => problem.split(":")[0]).sort(),
            ["site.aks.network.nodeSubnetCidr", "site.aks.tenantId", "site.aks.userPool.minCount"].sort(),
        );
    });
});
