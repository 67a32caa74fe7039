// Point-in-time recovery of the database from the Barman Cloud backups, the way
// CloudNativePG recovers: a Cluster of the same name bootstrapped with
// `recovery` from an external cluster that reads the site's ObjectStore
// (components/postgres/cluster.ts declares both). The live Cluster's own spec is
// kept (kubectl patch --local), so the restored cluster runs as the program made it.
import { barmanCloudPluginName } from "../../../components/postgres/cluster";
import { files } from "../files";
import { section, shell, word } from "../markdown";
import type { RunbookValues } from "../values";

export function restore(stack: string, values: RunbookValues): string {
    const p = values.postgres;
    if (!p.hasBackups) {
        return section(
            "Restoring the database to a point in time",
            `Not possible on this site: ${p.backupDestination}. Without an object store PostgreSQL is not backed up. ` +
                "Set `objectStore` in the stack file and run `pulumi up` before the site holds patient data.",
        );
    }
    const f = files(values);
    const ns = word(values.orthanc.namespace);
    const cluster = word(p.cluster);
    return section(
        "Restoring the database to a point in time",
        `CloudNativePG recovers the \`${p.cluster}\` cluster from the base backups and WAL in ${p.backupDestination} ` +
            `(the ObjectStore \`${p.backupObjectStore}\`) up to a moment you choose. It replaces the database: Orthanc is ` +
            "stopped first, and the DICOM files (in the object store or volume) are not touched. Choose a moment after a base " +
            "backup's end (the list below) and before the damage.",
        shell(
            `kubectl -n ${ns} get backups.postgresql.cnpg.io -o custom-columns=NAME:.metadata.name,PHASE:.status.phase,STARTED:.status.startedAt,STOPPED:.status.stoppedAt`,
            "RESTORE_TO=\"$(date -u -d '1 hour ago' '+%Y-%m-%d %H:%M:%S+00')\"   # change to the moment to restore to",
            `kubectl -n ${ns} scale deployment/${word(values.orthanc.service)} --replicas=0`,
            `kubectl -n ${ns} get clusters.postgresql.cnpg.io ${cluster} -o yaml > ${f.clusterBefore}`,
        ),
        `The recovery keeps the live Cluster's spec and changes only its bootstrap (\`${f.recoveryPatch}\`, the site's names): ` +
            "it reads the backups through an external cluster and does not archive until the program turns archiving back on.",
        shell(`cat > ${f.recoveryPatch} <<EOF`, recoveryPatch(values).trimEnd(), "EOF"),
        "Make the manifest, check it, then replace the cluster (deleting the Cluster deletes its volumes: the backups are what you restore from):",
        shell(
            `kubectl patch --local -f ${f.clusterBefore} --type merge --patch-file ${f.recoveryPatch} -o yaml > ${f.recoveryManifest}`,
            `grep -A12 'bootstrap:' ${f.recoveryManifest}`,
            `kubectl -n ${ns} delete clusters.postgresql.cnpg.io ${cluster} --wait=true`,
            `kubectl apply -f ${f.recoveryManifest}`,
            `kubectl -n ${ns} wait clusters.postgresql.cnpg.io/${cluster} --for=condition=Ready --timeout=60m`,
            `kubectl -n ${ns} scale deployment/${word(values.orthanc.service)} --replicas=1`,
        ),
        "Then let the program take the cluster back (it puts its own bootstrap and WAL archiving back; `replicas` of Orthanc too):",
        shell(`pulumi refresh -s ${word(stack)} --yes`, `pulumi up -s ${word(stack)}`, `kubectl -n ${ns} get clusters.postgresql.cnpg.io ${cluster} -o jsonpath='{.status.conditions[?(@.type=="ContinuousArchiving")]}{"\\n"}'`),
        `If archiving reports that the destination already holds WAL (the history before the restore is still under \`${p.cluster}\` in ` +
            `${p.backupDestination}), keep that history: have the storage administrator move it aside in the object store, then archiving resumes.`,
    );
}

// The merge patch on the live Cluster: server-set fields out, initdb out, the
// WAL archiver out (a recovered cluster must not write into the history it reads),
// recovery in. ${RESTORE_TO} is expanded by the shell's here-document.
function recoveryPatch(values: RunbookValues): string {
    const p = values.postgres;
    return [
        "metadata:",
        "  resourceVersion: null",
        "  uid: null",
        "  creationTimestamp: null",
        "  generation: null",
        "  managedFields: null",
        "status: null",
        "spec:",
        "  plugins: null",
        "  bootstrap:",
        "    initdb: null",
        "    recovery:",
        `      source: ${p.backupObjectStore}`,
        "      recoveryTarget:",
        '        targetTime: "${RESTORE_TO}"',
        "  externalClusters:",
        `    - name: ${p.backupObjectStore}`,
        "      plugin:",
        `        name: ${barmanCloudPluginName}`,
        "        parameters:",
        `          barmanObjectName: ${p.backupObjectStore}`,
        `          serverName: ${p.cluster}`,
        "",
    ].join("\n");
}
