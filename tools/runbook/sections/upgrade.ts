// Upgrading the platform in a safe order: a reviewed change of the pins, the plan
// and preview, a backup first, then `pulumi up` and the health check; the site
// kind's Kubernetes separately, one minor at a time.
import { barmanCloudPluginName } from "../../../components/postgres/cluster";
import { section, shell, word } from "../markdown";
import type { RunbookValues } from "../values";

export function upgrade(stack: string, values: RunbookValues): string {
    const s = word(stack);
    const ns = word(values.orthanc.namespace);
    const v = values.versions;
    const pins = [
        "| component | version |",
        "| --- | --- |",
        `| Kubernetes | ${v.kubernetes} |`,
        ...Object.entries(v.charts).map(([chart, version]) => `| chart \`${chart}\` | ${version} |`),
        ...Object.entries(v.images).map(([image, reference]) => `| image \`${image}\` | \`${reference}\` |`),
    ].join("\n");
    const backup = values.postgres.hasBackups
        ? [
              `kubectl -n ${ns} apply -f - <<EOF`,
              "apiVersion: postgresql.cnpg.io/v1",
              "kind: Backup",
              "metadata:",
              `  name: ${values.postgres.cluster}-before-upgrade-$(date -u +%Y%m%d%H%M)`,
              "spec:",
              "  method: plugin",
              "  cluster:",
              `    name: ${values.postgres.cluster}`,
              "  pluginConfiguration:",
              `    name: ${barmanCloudPluginName}`,
              "EOF",
              `kubectl -n ${ns} get backups.postgresql.cnpg.io --sort-by=.metadata.creationTimestamp`,
          ]
        : [];
    return section(
        "Upgrading the platform",
        "What this site runs now (the `versions` output):",
        pins,
        [
            "In this order, one site at a time (a test site first):",
            "",
            "1. Change the pins in `components/versions.ts` in a pull request; review `npm run plan -- " + stack + "` (the diff of `.plan/" + stack + "/`) and `npm run parity`.",
            "2. Check the site is healthy (above)" + (values.postgres.hasBackups ? " and take a backup, which must reach `completed`:" : ": this site has no backups, so an upgrade that damages the database cannot be undone."),
            "3. `pulumi preview`, then `pulumi up`: the program orders the releases itself (operators and CRDs before what uses them).",
            "4. Check the site is healthy again, and test DICOM from the workstation.",
            "5. Kubernetes itself last and separately, one minor version per change" + kubernetesStep(values) + ".",
        ].join("\n"),
        shell(
            "kubectl get nodes",
            ...backup,
            `pulumi preview -s ${s} --diff`,
            `pulumi up -s ${s}`,
            `kubectl -n ${ns} rollout status deployment/${word(values.orthanc.service)} --timeout=300s`,
            `pulumi stack output -s ${s} versions --json`,
        ),
    );
}

function kubernetesStep(values: RunbookValues): string {
    switch (values.siteKind) {
        case "eks":
            return " (`eks.kubernetesVersion`; the add-on pins follow it)";
        case "aks":
            return " (`aks.kubernetesVersion`; AKS keeps the patch current by its upgrade channel)";
        case "vsphere":
        case "proxmox":
            return " (the RKE2 pin in `components/versions.ts`)";
        default:
            return " (the cluster's owners upgrade it: the program does not manage it)";
    }
}
