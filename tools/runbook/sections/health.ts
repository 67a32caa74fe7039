// Is the site healthy: the kubectl lines that show each part of the platform, and
// one HTTPS request through the gateway as a user would make it.
import { files } from "../files";
import { section, shell, word } from "../markdown";
import type { RunbookValues } from "../values";

export function health(values: RunbookValues): string {
    const ns = word(values.orthanc.namespace);
    const f = files(values);
    const backups = values.postgres.hasBackups
        ? [
              `kubectl -n ${ns} get scheduledbackups.postgresql.cnpg.io`,
              `kubectl -n ${ns} get backups.postgresql.cnpg.io --sort-by=.metadata.creationTimestamp`,
              `kubectl -n ${ns} get clusters.postgresql.cnpg.io ${word(values.postgres.cluster)} -o jsonpath='{.status.conditions[?(@.type=="ContinuousArchiving")].status}{"\\n"}'`,
          ]
        : [];
    return section(
        "Checking that the site is healthy",
        "Every line should show the object ready (`Running`, `Ready True`, `Cluster in healthy state`); " +
            "anything else is the place to look first.",
        shell(
            "kubectl get nodes",
            `kubectl -n ${ns} rollout status deployment/${word(values.orthanc.service)} --timeout=120s`,
            `kubectl -n ${ns} get clusters.postgresql.cnpg.io ${word(values.postgres.cluster)}`,
            ...backups,
            "kubectl get certificates.cert-manager.io -A",
            "kubectl get certificaterequests.cert-manager.io -A",
            `kubectl -n ${word(values.grafana.namespace)} get pods`,
            "kubectl get pods -A --field-selector=status.phase!=Running,status.phase!=Succeeded",
        ),
        values.postgres.hasBackups
            ? `The archiving line prints \`True\` while WAL reaches ${values.postgres.backupDestination}; the newest backup should be younger than \`postgres.backupSchedule\` says.`
            : `This site has no object store (${values.postgres.backupDestination}): nothing is backed up, and the database lives on its volumes only.`,
        `From a workstation, through the gateway as users reach it (the status \`403\` means TLS, the gateway and Orthanc answered, and Orthanc's authorization plugin refused a request without a token; see "Signing in"):`,
        shell(`curl -sS -o /dev/null -w '%{http_code}\\n' --cacert ${f.siteCa} ${word(values.webUrl)}/system`),
        "A `200` there means Orthanc answers anyone: take the site off the network, and look for the authorization plugin in the `orthanc` container's log.",
        ...gatewayNote(values),
    );
}

function gatewayNote(values: RunbookValues): string[] {
    if (values.gateway.type !== "NodePort" || values.gateway.nodePorts === undefined) {
        return [
            `\`${values.dicom.host}\` must resolve to the gateway's load balancer address:`,
            shell("kubectl get services -A --field-selector=spec.type=LoadBalancer", `getent hosts ${word(values.dicom.host)}`),
        ];
    }
    const ports = values.gateway.nodePorts;
    return [
        `The gateway listens on node ports (HTTPS ${ports.https}, DICOM ${ports.dicom}, HTTP ${ports.http}); ` +
            `\`${values.dicom.host}\` on port 443 and ${values.dicom.port} works where something maps those ports to them ` +
            "(on a laptop, `laptop/kind-cluster.yaml` does).",
    ];
}
