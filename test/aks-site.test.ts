// The plan of the committed AKS stack (Pulumi.azure.yaml): the cluster, its node
// pools, its storage account and the identities, as Azure would receive them,
// and how the platform is wired to them. Expected values are written out from
// the stack file and the AKS and Azure Storage documentation, not from the program.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import type { Plan, PlannedResource } from "../tools/plan/evaluate";
import { planStandIns } from "../stacks/sites/plan-stand-ins";
import { clusterEntry, kubeloginKubeconfig } from "../components/site/aks/kubeconfig";
import { containerSasWindow } from "../components/site/aks/container-sas";
import { aksSitePlanStandIns, planSasSignature } from "../stacks/sites/aks/plan-stand-ins";
import { planSite, planStack, projectDir, resource, resourcesOfType, types } from "./support/plan";

type Json = Record<string, any>;
const azure = {
    cluster: "azure-native:containerservice:ManagedCluster",
    agentPool: "azure-native:containerservice:AgentPool",
    storageAccount: "azure-native:storage:StorageAccount",
    blobService: "azure-native:storage:BlobServiceProperties",
    container: "azure-native:storage:BlobContainer",
    identity: "azure-native:managedidentity:UserAssignedIdentity",
    federated: "azure-native:managedidentity:FederatedIdentityCredential",
    roleAssignment: "azure-native:authorization:RoleAssignment",
    privateEndpoint: "azure-native:network:PrivateEndpoint",
    provider: "pulumi:providers:azure-native",
} as const;
const storageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
const sasInvoke = "azure-native:storage:listStorageAccountServiceSAS";

const inputs = (r: PlannedResource): Json => r.inputs as Json;
const stackSite = (): Json => YAML.parse(fs.readFileSync(path.join(projectDir, "Pulumi.azure.yaml"), "utf8")).config["imaging-platform:site"];

describe("AKS site: the committed azure stack's plan", () => {
    const site = stackSite();
    let plan: Plan;
    let cluster: Json;
    const sasRequests: Record<string, unknown>[] = [];
    before(async () => {
        // Records what the program asks Azure to sign, then answers as the plan does.
        const answer = planStandIns[sasInvoke];
        planStandIns[sasInvoke] = (args) => {
            sasRequests.push(args);
            return answer(args);
        };
        try {
            plan = await planStack("azure");
        } finally {
            planStandIns[sasInvoke] = answer;
        }
        cluster = inputs(resource(plan, azure.cluster, "cluster"));
    });

    it("names an explicit Azure provider with the site's subscription, tenant and region on every Azure resource", () => {
        const providers = resourcesOfType(plan, azure.provider);
        assert.equal(providers.length, 1);
        assert.deepEqual(
            { subscriptionId: inputs(providers[0]).subscriptionId, tenantId: inputs(providers[0]).tenantId, location: inputs(providers[0]).location },
            { subscriptionId: site.aks.subscriptionId, tenantId: site.aks.tenantId, location: site.aks.location },
        );
        const azureResources = plan.resources.filter((r) => r.custom && r.type.startsWith("azure-native:"));
        assert.ok(azureResources.length > 15);
        for (const r of azureResources) {
            assert.equal(r.provider, providers[0].urn, r.urn);
        }
    });

    it("spreads the system pool, reserved for system pods, and the autoscaled user pool over zones 1, 2 and 3", () => {
        const [system] = cluster.agentPoolProfiles;
        assert.equal(cluster.agentPoolProfiles.length, 1);
        assert.deepEqual(
            { mode: system.mode, zones: system.availabilityZones, taints: system.nodeTaints, vmSize: system.vmSize, count: system.count },
            { mode: "System", zones: ["1", "2", "3"], taints: ["CriticalAddonsOnly=true:NoSchedule"], vmSize: site.aks.systemPool.vmSize, count: site.aks.systemPool.count },
        );
        const user = inputs(resource(plan, azure.agentPool, "user"));
        assert.deepEqual(
            { mode: user.mode, zones: user.availabilityZones, autoscale: user.enableAutoScaling, min: user.minCount, max: user.maxCount, vmSize: user.vmSize, taints: user.nodeTaints },
            { mode: "User", zones: ["1", "2", "3"], autoscale: true, min: site.aks.userPool.minCount, max: site.aks.userPool.maxCount, vmSize: site.aks.userPool.vmSize, taints: undefined },
        );
        assert.equal(user.resourceName, cluster.resourceName, "the user pool belongs to the site's cluster");
    });

    it("runs Azure CNI overlay with Cilium enforcing network policy, in the configured ranges", () => {
        const network = cluster.networkProfile;
        assert.deepEqual(
            { plugin: network.networkPlugin, mode: network.networkPluginMode, policy: network.networkPolicy, dataplane: network.networkDataplane },
            { plugin: "azure", mode: "overlay", policy: "cilium", dataplane: "cilium" },
        );
        assert.deepEqual({ pod: network.podCidr, service: network.serviceCidr, dns: network.dnsServiceIP }, { pod: "10.244.0.0/16", service: "10.0.0.0/16", dns: "10.0.0.10" });
        const subnet = inputs(resource(plan, "azure-native:network:Subnet", "nodes"));
        assert.equal(subnet.addressPrefix, site.aks.network.nodeSubnetCidr);
        assert.equal(cluster.agentPoolProfiles[0].vnetSubnetID, "nodes-id");
    });

    it("runs Calico instead, on the Azure dataplane, when the site asks for it", async () => {
        const calico = await planSite({ ...site, aks: { ...site.aks, networkPolicy: "calico" } }, {}, "azure");
        const network = inputs(resource(calico, azure.cluster, "cluster")).networkProfile;
        assert.equal(network.networkPolicy, "calico");
        assert.ok(!("networkDataplane" in network), "no Cilium dataplane");
        assert.equal(network.networkPluginMode, "overlay");
    });

    it("turns on the OIDC issuer and workload identity", () => {
        assert.deepEqual(cluster.oidcIssuerProfile, { enabled: true });
        assert.deepEqual(cluster.securityProfile, { workloadIdentity: { enabled: true } });
    });

    it("lets only Entra ID identities in, through Azure RBAC, with the site's admin groups and no local accounts", () => {
        assert.deepEqual(cluster.aadProfile, { managed: true, enableAzureRBAC: true, tenantID: site.aks.tenantId, adminGroupObjectIDs: site.aks.adminGroupObjectIds });
        assert.equal(cluster.disableLocalAccounts, true);
        assert.equal(cluster.enableRBAC, true);
    });

    it("opens the API server to the authorized ranges alone", () => {
        assert.deepEqual(cluster.apiServerAccessProfile, { authorizedIPRanges: site.aks.authorizedIpRanges });
    });

    it("pins the Kubernetes minor and upgrades patches and node images automatically; the cluster is protected", () => {
        assert.equal(cluster.kubernetesVersion, "1.33");
        assert.deepEqual(cluster.autoUpgradeProfile, { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" });
        assert.equal(resource(plan, azure.cluster, "cluster").protect, true);
    });

    it("keeps the storage account private, TLS 1.2+, HTTPS only, with no public blobs and no public network, protected", () => {
        const accountResource = resource(plan, azure.storageAccount, "account");
        const account = inputs(accountResource);
        assert.deepEqual(
            {
                tls: account.minimumTlsVersion,
                https: account.enableHttpsTrafficOnly,
                publicBlobs: account.allowBlobPublicAccess,
                network: account.publicNetworkAccess,
                rules: account.networkRuleSet,
                sku: account.sku,
                protect: accountResource.protect,
            },
            { tls: "TLS1_2", https: true, publicBlobs: false, network: "Disabled", rules: { defaultAction: "Deny", bypass: "None" }, sku: { name: "Standard_ZRS" }, protect: true },
        );
        assert.match(account.accountName, /^[a-z0-9]{3,24}$/);
        const endpoint = inputs(resource(plan, azure.privateEndpoint, "blob"));
        assert.deepEqual(endpoint.privateLinkServiceConnections[0].groupIds, ["blob"]);
        assert.equal(endpoint.subnet.id, "private-endpoints-id");
    });

    it("versions blobs and keeps deleted blobs and containers for softDeleteDays; both containers private and protected", () => {
        const blobService = inputs(resource(plan, azure.blobService, "blob-service"));
        assert.deepEqual(
            { versioning: blobService.isVersioningEnabled, blobs: blobService.deleteRetentionPolicy, containers: blobService.containerDeleteRetentionPolicy },
            { versioning: true, blobs: { enabled: true, days: site.aks.softDeleteDays }, containers: { enabled: true, days: site.aks.softDeleteDays } },
        );
        for (const name of ["dicom", "backups"]) {
            const container = resource(plan, azure.container, name);
            assert.deepEqual({ name: inputs(container).containerName, access: inputs(container).publicAccess, protect: container.protect }, { name, access: "None", protect: true });
        }
    });

    it("binds each identity to exactly its service account, and grants it its own container, not the account", () => {
        const issuer = `https://${site.aks.location}.oic.prod-aks.azure.com/plan-tenant/plan-cluster/`;
        const expected = { orthanc: { subject: "system:serviceaccount:imaging:orthanc", container: "dicom" }, backups: { subject: "system:serviceaccount:imaging:orthanc-db", container: "backups" } };
        for (const [user, { subject, container }] of Object.entries(expected)) {
            const federated = inputs(resource(plan, azure.federated, user));
            assert.deepEqual({ subject: federated.subject, issuer: federated.issuer, audiences: federated.audiences }, { subject, issuer, audiences: ["api://AzureADTokenExchange"] }, user);
            const grant = resource(plan, azure.roleAssignment, user);
            assert.equal(inputs(grant).scope, `${container}-id`, `${user}: the container's ID is the whole scope`);
            assert.ok(grant.dependencies.includes(resource(plan, azure.container, container).urn), user);
            assert.ok(!grant.dependencies.includes(resource(plan, azure.container, container === "dicom" ? "backups" : "dicom").urn), `${user}: not the other container`);
            assert.equal(inputs(grant).principalId, `plan-principal-id-${user}`);
            assert.match(inputs(grant).roleDefinitionId, new RegExp(`^/subscriptions/${site.aks.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${storageBlobDataContributor}$`));
        }
    });

    it("gives the backups their workload identity, and Orthanc a SAS for its container alone, in a Secret", () => {
        const db = inputs(resource(plan, types.cnpgCluster, "orthanc-db"));
        assert.deepEqual(db.spec.serviceAccountTemplate.metadata.annotations, { "azure.workload.identity/client-id": "plan-client-id-backups" });
        assert.equal(db.spec.inheritedMetadata.labels["azure.workload.identity/use"], "true");
        const store = inputs(resourcesOfType(plan, types.barmanObjectStore)[0]);
        assert.deepEqual(store.spec.configuration.azureCredentials, { inheritFromAzureAD: true });
        assert.match(store.spec.configuration.destinationPath, /^https:\/\/[a-z0-9]+\.blob\.core\.windows\.net\/backups\//);
        const deployment = inputs(resource(plan, types.deployment, "orthanc"));
        assert.equal(deployment.metadata.annotations["secret.reloader.stakater.com/reload"], "orthanc-dicom-server-tls,object-store-credentials,orthanc-auth-client", "a renewed SAS restarts Orthanc");
        const secret = resource(plan, types.secret, "object-store-credentials");
        assert.deepEqual(inputs(secret).stringData, { AZURE_CONNECTION_STRING: "[secret]" });
        assert.equal(sasRequests.length, 1);
        const account = inputs(resource(plan, azure.storageAccount, "account")).accountName;
        const request = sasRequests[0];
        assert.deepEqual(
            { resource: request.canonicalizedResource, kind: request.resource, permissions: request.permissions, protocols: request.protocols, key: request.keyToSign },
            { resource: `/blob/${account}/dicom`, kind: "c", permissions: "rcwd", protocols: "https", key: "key1" },
        );
    });

    it("lets imaging reach the storage account and, for the backups' workload identity, Entra ID's token endpoint", () => {
        const entry = inputs(resource(plan, "kubernetes:networking.istio.io/v1:ServiceEntry", "object-store"));
        const account = inputs(resource(plan, azure.storageAccount, "account")).accountName;
        assert.deepEqual(entry.spec.hosts, [`${account}.blob.core.windows.net`, "login.microsoftonline.com"]);
    });

    it("puts the internal load balancer annotation on the gateway's Service", () => {
        const gateway = inputs(resource(plan, types.release, "imaging-gateway"));
        assert.deepEqual(gateway.values.service.annotations, {
            "service.beta.kubernetes.io/azure-load-balancer-internal": "true",
            "service.beta.kubernetes.io/azure-load-balancer-internal-subnet": "nodes",
        });
        assert.equal(gateway.values.service.type, "LoadBalancer");
    });

    it("reaches the cluster through its kubeconfig (secret) only once the cluster, both pools and the storage are ready", () => {
        const providers = resourcesOfType(plan, "pulumi:providers:kubernetes");
        assert.equal(providers.length, 1);
        const [k8s] = providers;
        assert.equal(inputs(k8s).kubeconfig, "[secret]");
        for (const [type, name] of [
            [azure.cluster, "cluster"],
            [azure.agentPool, "user"],
            [azure.privateEndpoint, "blob"],
            [azure.roleAssignment, "backups"],
            [azure.federated, "backups"],
        ]) {
            assert.ok(k8s.dependencies.includes(resource(plan, type, name).urn), `the Kubernetes provider waits for ${name} (${type})`);
        }
        const kubernetesResources = plan.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:"));
        assert.ok(kubernetesResources.length > 100);
        for (const r of kubernetesResources) {
            assert.equal(r.provider, k8s.urn, r.urn);
        }
    });

    it("lets Prometheus scrape the kubelets in the node subnet only", () => {
        const policy = resourcesOfType(plan, "kubernetes:networking.k8s.io/v1:NetworkPolicy")
            .map(inputs)
            .find((p) => p.spec.egress?.some((rule: Json) => rule.ports?.some((port: Json) => port.port === 10250) && rule.to?.some((peer: Json) => peer.ipBlock)));
        assert.ok(policy);
        const blocks = policy.spec.egress.flatMap((rule: Json) => (rule.to ?? []).filter((peer: Json) => peer.ipBlock).map((peer: Json) => peer.ipBlock.cidr));
        assert.deepEqual(blocks, [site.aks.network.nodeSubnetCidr]);
    });

    it("never shows the plan's SAS signature", () => {
        assert.ok(!JSON.stringify(plan).includes(planSasSignature));
    });
});

describe("AKS site: Orthanc's SAS window", () => {
    const day = 24 * 60 * 60 * 1000;
    it("keeps one SAS for a whole 90-day window, valid until the end of the next", () => {
        const first = containerSasWindow(Date.UTC(2026, 0, 1));
        assert.deepEqual(first, { start: "2026-01-01T00:00:00.000Z", expiry: "2026-06-30T00:00:00.000Z" });
        assert.deepEqual(containerSasWindow(Date.UTC(2026, 0, 1) + 89 * day), first);
        assert.deepEqual(containerSasWindow(Date.UTC(2026, 0, 1) + 90 * day), { start: "2026-04-01T00:00:00.000Z", expiry: "2026-09-28T00:00:00.000Z" });
    });

    it("always leaves at least 90 days and at most 180 after the run that issues it", () => {
        for (let offset = 0; offset < 400; offset += 7) {
            const now = Date.UTC(2026, 10, 23) + offset * day + 12345;
            const left = (Date.parse(containerSasWindow(now).expiry) - now) / day;
            assert.ok(left > 90 && left <= 180, `${new Date(now).toISOString()}: ${left} days`);
        }
    });
});

describe("AKS site: the kubeconfig", () => {
    it("takes the server and CA from AKS's user kubeconfig and signs in with kubelogin, unattended", () => {
        const answer = aksSitePlanStandIns["azure-native:containerservice:listManagedClusterUserCredentials"]({ resourceName: "site-a" }) as { kubeconfigs: { value: string }[] };
        const entry = clusterEntry(answer.kubeconfigs[0].value);
        assert.equal(entry.server, "https://site-a-plan.hcp.plan.azmk8s.io:443");
        const kubeconfig = JSON.parse(kubeloginKubeconfig({ name: "site-a", ...entry, tenantId: "t", login: "workloadidentity" }));
        assert.deepEqual(kubeconfig.clusters[0].cluster, { server: entry.server, "certificate-authority-data": entry.certificateAuthorityData });
        const exec = kubeconfig.users[0].user.exec;
        assert.equal(exec.command, "kubelogin");
        assert.deepEqual(exec.args.slice(0, 5), ["get-token", "--login", "workloadidentity", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"]);
        assert.equal(exec.interactiveMode, "Never");
        assert.equal(kubeconfig["current-context"], "site-a");
    });

    it("refuses a user kubeconfig without a cluster CA", () => {
        const broken = Buffer.from("clusters:\n- name: a\n  cluster:\n    server: https://a\n").toString("base64");
        assert.throws(() => clusterEntry(broken), /without a cluster server and certificate authority/);
    });
});
