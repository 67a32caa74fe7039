// Orthanc's probes. Liveness asks only whether Orthanc's HTTP server answers,
// so that a database outage of two minutes does not restart every replica at
// once and a long index upgrade at start is not killed; readiness reads the
// metrics, which hold the index's statistics: without its database Orthanc gets
// no traffic, and is not restarted.
//
// Orthanc keeps no users of its own (single sign-on, sign-in.ts), and the
// authorization plugin would refuse a probe on any other route; the metrics path
// is the one it leaves to the Lua filter (request-filter.ts). Measured on
// Debian's Orthanc 1.10.1 with its PostgreSQL stopped: a request the Lua filter
// refuses is answered (403) within milliseconds, while /tools/metrics-prometheus,
// which reads the index's statistics (OrthancRestSystem.cpp,
// GetMetricsPrometheus), answers 503 or not at all until the database is back.
import type * as k8s from "@pulumi/kubernetes";
import { secretEnv } from "./paths";
import { metricsPath } from "./request-filter";

// Liveness: any HTTP answer counts, the filter's 403 above all: asking the
// metrics path without credentials keeps the probe free of secrets, of the
// database and of the auth service (the plugin asks it about any other route
// before refusing). Python is in the image (the image's own probe script is Python).
export const httpAnswersScript = [
    "import http.client, sys",
    "connection = http.client.HTTPConnection('127.0.0.1', int(sys.argv[1]), timeout=5)",
    `connection.request('GET', '${metricsPath}')`,
    "sys.exit(0 if connection.getresponse().status < 500 else 1)",
].join("\n");

// Readiness: the metrics as Prometheus reads them, with the metrics user's
// password from the container's environment (an exec probe runs with the
// container's environment), so no probe spec carries it. Only a 200 counts: the
// answer holds the index's statistics.
export const metricsAnswerScript = [
    "import base64, http.client, os, sys",
    `credentials = base64.b64encode((sys.argv[2] + ':' + os.environ['${secretEnv.metricsPassword}']).encode()).decode()`,
    "connection = http.client.HTTPConnection('127.0.0.1', int(sys.argv[1]), timeout=5)",
    `connection.request('GET', '${metricsPath}', headers={'Authorization': 'Basic ' + credentials})`,
    "sys.exit(0 if connection.getresponse().status == 200 else 1)",
].join("\n");

// Orthanc serves HTTP only once its index is open and upgraded: the start-up
// probe waits up to this long for a schema upgrade of a large index.
export const startupBudgetMinutes = 30;

type Probes = Pick<k8s.types.input.core.v1.Container, "startupProbe" | "readinessProbe" | "livenessProbe">;

// metricsUser: the user the readiness check reads the metrics as.
export function orthancProbes(httpPort: number, metricsUser: string): Probes {
    const httpAnswers = { exec: { command: ["python3", "-c", httpAnswersScript, String(httpPort)] } };
    const indexAnswers = ["python3", "-c", metricsAnswerScript, String(httpPort), metricsUser];
    const startupPeriodSeconds = 10;
    return {
        startupProbe: { ...httpAnswers, periodSeconds: startupPeriodSeconds, timeoutSeconds: 10, failureThreshold: (startupBudgetMinutes * 60) / startupPeriodSeconds },
        readinessProbe: { exec: { command: indexAnswers }, periodSeconds: 10, timeoutSeconds: 10, failureThreshold: 3 },
        livenessProbe: { ...httpAnswers, periodSeconds: 30, timeoutSeconds: 10, failureThreshold: 4 },
    };
}
