// Opening Grafana (not exposed outside the cluster: a port-forward) and the
// Prometheus query endpoint the site's own monitoring may use.
import { section, shell, word } from "../markdown";
import type { RunbookValues } from "../values";

export function monitoring(stack: string, values: RunbookValues): string {
    const g = values.grafana;
    const query = values.prometheusQuery.exposed
        ? [
              `The site's own monitoring reads PromQL at ${values.prometheusQuery.url} with the generated user ` +
                  "(`prometheusQuery.username`/`password`, secret outputs):",
              shell(
                  `pulumi stack output -s ${word(stack)} prometheusQuery --show-secrets --json > prometheus-query.json`,
                  `curl -sS --cacert ${word(values.siteName)}-site-ca.crt -u "$(jq -r .username prometheus-query.json):$(jq -r .password prometheus-query.json)" ${word(values.prometheusQuery.url)} --data-urlencode 'query=up'`,
                  "rm prometheus-query.json",
              ),
          ].join("\n\n")
        : `Only the cluster reaches the Prometheus query proxy (\`${values.prometheusQuery.service}\` in \`${g.namespace}\`): ${values.prometheusQuery.url}.`;
    return section(
        "Opening Grafana",
        `Grafana is not exposed outside the cluster: reach it through a port-forward and open ${g.url}. ` +
            "Its administrator is a secret output.",
        shell(`pulumi stack output -s ${word(stack)} grafana --show-secrets`, g.portForward),
        "The dashboards show Orthanc, PostgreSQL and the certificates; the alerts (\"backup too old\", \"certificate expiring\") are under Alerting.",
        query,
    );
}
