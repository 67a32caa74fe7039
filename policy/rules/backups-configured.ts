import { label, safeguards, type StackRule, type Violation } from "../support/rule";
import { field, list, objectName } from "../support/values";

const cluster = "kubernetes:postgresql.cnpg.io/v1:Cluster";
const scheduledBackup = "kubernetes:postgresql.cnpg.io/v1:ScheduledBackup";
const objectStore = "kubernetes:barmancloud.cnpg.io/v1:ObjectStore";
const barmanPlugin = "barman-cloud.cloudnative-pg.io";

function namespaceOf(inputs: Record<string, unknown>): unknown {
    return field(inputs, "metadata", "namespace");
}

/** Where the site has an object store, every database is backed up to it. */
export const rule: StackRule = {
    name: "backups-configured",
    description: "When the site has an object store, each PostgreSQL cluster archives its WAL there (barman-cloud plugin) and has a ScheduledBackup.",
    safeguard: safeguards.integrity,
    enforcement: "advisory",
    scope: "stack",
    check(resources) {
        // A site without an object store is warned about by the program itself (a laptop or a trial).
        if (!resources.some((r) => r.type === objectStore)) {
            return [];
        }
        const violations: Violation[] = [];
        for (const database of resources.filter((r) => r.type === cluster)) {
            const name = field(database.inputs, "metadata", "name");
            const archives = list(field(database.inputs, "spec", "plugins")).some(
                (plugin) => field(plugin, "name") === barmanPlugin && field(plugin, "isWALArchiver") === true,
            );
            if (!archives) {
                violations.push({ resource: label(database), message: `Cluster ${objectName(database.inputs)} archives no WAL: add the ${barmanPlugin} plugin with isWALArchiver true and its ObjectStore` });
            }
            const scheduled = resources.some(
                (r) => r.type === scheduledBackup && field(r.inputs, "spec", "cluster", "name") === name && namespaceOf(r.inputs) === namespaceOf(database.inputs),
            );
            if (!scheduled) {
                violations.push({ resource: label(database), message: `Cluster ${objectName(database.inputs)} has no ScheduledBackup: declare one whose spec.cluster.name is ${String(name)}` });
            }
        }
        return violations;
    },
};
