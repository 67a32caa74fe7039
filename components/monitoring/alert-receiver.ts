// Where Alertmanager sends alerts: the site's own webhook (Zabbix, checkMK, a
// paging service). The URL often carries a token, so it lives in a Secret and
// reaches Alertmanager by reference, never through Helm values.
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { Secret } from "@pulumi/kubernetes/core/v1";

// Alertmanager selects AlertmanagerConfig objects carrying this label (stack-values.ts).
export const alertReceiverLabel = { key: "imaging-platform/alert-receiver", value: "true" } as const;

export interface AlertWebhookArgs {
    namespace: pulumi.Input<string>;
    url: pulumi.Input<string>;
    labels: Record<string, string>;
    // The release that installs the AlertmanagerConfig CRD.
    release: pulumi.Resource;
}

export function alertWebhook(name: string, args: AlertWebhookArgs, parent: pulumi.Resource): CustomResource {
    const secret = new Secret(
        name,
        {
            metadata: { name, namespace: args.namespace, labels: args.labels },
            type: "Opaque",
            stringData: { url: args.url },
        },
        { parent },
    );
    return new CustomResource(
        name,
        {
            apiVersion: "monitoring.coreos.com/v1alpha1",
            kind: "AlertmanagerConfig",
            metadata: {
                name,
                namespace: args.namespace,
                labels: { ...args.labels, [alertReceiverLabel.key]: alertReceiverLabel.value },
            },
            spec: {
                route: {
                    receiver: name,
                    // The chart's always-firing heartbeat and its inhibition helper are
                    // not incidents: a site that wants a dead man's switch routes them itself.
                    matchers: [{ name: "alertname", matchType: "!~", value: "Watchdog|InfoInhibitor" }],
                    groupBy: ["alertname", "namespace"],
                    groupWait: "30s",
                    groupInterval: "5m",
                    // A PACS problem still open after four hours is sent again.
                    repeatInterval: "4h",
                },
                receivers: [
                    {
                        name,
                        webhookConfigs: [{ urlSecret: { name: secret.metadata.name, key: "url" }, sendResolved: true }],
                    },
                ],
            },
        },
        { parent, dependsOn: [args.release] },
    );
}
