// Helpers for the monitoring tests: evaluate the Monitoring component alone under
// the recording mocks, and run promtool on what it plans.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import * as random from "@pulumi/random";
import { Provider } from "@pulumi/kubernetes/provider";
import { Monitoring, type MonitoringArgs } from "../../components/monitoring/monitoring";
import { evaluateProgram, type Plan } from "../../tools/plan/evaluate";
import { project } from "./plan";

export const monitoringArgs: MonitoringArgs = {
    namespace: "monitoring",
    retention: "21d",
    prometheusStorageSize: "50Gi",
    alertmanagerStorageSize: "2Gi",
    grafanaStorageSize: "5Gi",
    storageClass: "fast-ssd",
    orthanc: {
        namespace: "imaging",
        serviceName: "orthanc",
        metricsSecretName: "orthanc-metrics",
        podSelector: { "app.kubernetes.io/name": "orthanc" },
        auditMetricsPort: "audit-metrics",
    },
    postgres: { namespace: "imaging", clusterName: "orthanc-db", backupMaxAgeHours: 26 },
    audit: { privilegedUsers: ["break-glass", "(ambiguous)"] },
    istio: { controlPlaneNamespace: "istio-system" },
    certManager: { namespace: "cert-manager" },
};

export const monitoringTypes = {
    serviceMonitor: "kubernetes:monitoring.coreos.com/v1:ServiceMonitor",
    podMonitor: "kubernetes:monitoring.coreos.com/v1:PodMonitor",
    prometheusRule: "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
} as const;

// The component with explicit providers, as index.ts passes them; its outputs
// become the stack outputs so the tests can see how they are masked.
export function planMonitoring(args: MonitoringArgs = monitoringArgs): Promise<Plan> {
    return evaluateProgram(
        { project, stack: "monitoring-test", stackConfig: { config: {}, secretKeys: [] } },
        () => {
            const providers = [new Provider("k8s", {}), new random.Provider("random", {})];
            const monitoring = new Monitoring("monitoring", args, { providers });
            return {
                namespace: monitoring.namespace,
                grafana: monitoring.grafana,
                prometheusQuery: monitoring.prometheusQuery,
            };
        },
    );
}

// promtool comes from the Debian package "prometheus" (npm test installs it).
export function promtoolPath(): string {
    for (const dir of (process.env.PATH ?? "").split(path.delimiter).concat("/usr/bin")) {
        const candidate = path.join(dir, "promtool");
        if (dir && fs.existsSync(candidate)) {
            return candidate;
        }
    }
    throw new Error("promtool not found: npm test installs it (Debian package prometheus); by hand: apt-get install prometheus");
}

export interface PromtoolResult {
    status: number | null;
    output: string;
}

// Runs promtool on files written to a fresh directory, then removes it.
export function promtool(args: string[], files: Record<string, string>): PromtoolResult {
    const binary = promtoolPath();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "imaging-promtool-"));
    try {
        for (const [name, text] of Object.entries(files)) {
            fs.writeFileSync(path.join(dir, name), text);
        }
        const result = spawnSync(binary, args, { cwd: dir, encoding: "utf8", timeout: 60_000 });
        if (result.error) {
            throw result.error;
        }
        return { status: result.status, output: `${result.stdout}${result.stderr}` };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

// A Prometheus rules file (groups:) of every rule group in the plan's PrometheusRule objects.
export function rulesFileFromPlan(plan: Plan): string {
    const groups = plan.resources
        .filter((r) => r.type === monitoringTypes.prometheusRule)
        .flatMap((r) => (r.inputs as { spec: { groups: unknown[] } }).spec.groups);
    if (groups.length === 0) {
        throw new Error("the plan has no PrometheusRule groups");
    }
    return YAML.stringify({ groups });
}
