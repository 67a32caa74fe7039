// The steps only one kind of site has: its cloud's CLI and console, vCenter, the
// Proxmox web interface. A runbook carries its own kind's section and no other.
import { section, shell, word } from "../markdown";
import type { RunbookValues } from "../values";

/** The title of each kind's own section: the tests check that each appears on its kind's runbook only. */
export const siteKindTitles: Record<string, string> = {
    eks: "AWS: the EKS cluster",
    aks: "Azure: the AKS cluster",
    vsphere: "vSphere: the cluster's VMs",
    proxmox: "Proxmox: the cluster's VMs",
    existing: "The site's own cluster",
};

export function siteKindSection(values: RunbookValues): string {
    const i = values.infrastructure;
    const title = siteKindTitles[values.siteKind] ?? `The ${values.siteKind} site`;
    switch (values.siteKind) {
        case "eks":
            return section(
                title,
                `The cluster \`${i.cluster}\` in ${i.location}; its page in the AWS console: ${i.console}`,
                shell(
                    `aws eks describe-cluster --region ${word(i.location)} --name ${word(i.cluster)} --query 'cluster.{status:status,version:version,endpoint:endpoint}'`,
                    `aws eks list-nodegroups --region ${word(i.location)} --cluster-name ${word(i.cluster)}`,
                    `aws eks list-addons --region ${word(i.location)} --cluster-name ${word(i.cluster)}`,
                    `aws eks list-insights --region ${word(i.location)} --cluster-name ${word(i.cluster)}`,
                ),
                "The insights list what blocks the next Kubernetes minor; read them before raising `eks.kubernetesVersion`.",
            );
        case "aks":
            return section(
                title,
                `The cluster \`${i.cluster}\` in the resource group \`${i.group}\` (${i.location}); its page in the Azure portal: ${i.console}`,
                shell(
                    `az aks show --resource-group ${word(i.group)} --name ${word(i.cluster)} --query '{state:provisioningState,power:powerState.code,version:currentKubernetesVersion}'`,
                    `az aks nodepool list --resource-group ${word(i.group)} --cluster-name ${word(i.cluster)} --output table`,
                    `az aks get-upgrades --resource-group ${word(i.group)} --name ${word(i.cluster)} --output table`,
                ),
            );
        case "vsphere":
            return section(
                title,
                `The nodes are VMs in the folder \`${i.group}\` of ${i.location}, named after \`${i.cluster}\`; vCenter: ${i.console}. ` +
                    "DRS anti-affinity rules keep the control-plane VMs apart: do not move them onto one host by hand.",
                "With `govc` (`GOVC_URL` pointing at vCenter):",
                shell(`export GOVC_URL=${word(i.console.replace(/\/ui\/$/, ""))}`, `govc ls ${word(`/${i.location.split(" / ")[0]}/vm/${i.group}`)}`),
            );
        case "proxmox":
            return section(
                title,
                `The nodes are VMs named after \`${i.cluster}\` on the Proxmox nodes ${i.location}; the web interface: ${i.console}. ` +
                    "Each control-plane VM runs on a Proxmox node of its own: do not migrate two onto one node.",
                "On any Proxmox node (`qm list` shows that node's VMs, `pvesh` the whole cluster's):",
                shell(`qm list | grep ${word(i.cluster)}`, "pvesh get /cluster/resources --type vm --output-format json-pretty"),
            );
        default:
            return section(
                title,
                "The program lays the platform on a cluster that existed before; the cluster's nodes, upgrades and backups are its owners'.",
            );
    }
}
