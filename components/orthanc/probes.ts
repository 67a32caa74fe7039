// Orthanc's probes. Liveness asks only whether Orthanc's HTTP server answers:
// the image's test-aliveness.py reads /changes, which queries the index, so a
// database outage of two minutes would restart every replica at once, and a
// long index upgrade at start would be killed. That script stays the readiness
// check: without its database Orthanc should get no traffic, not be restarted.
// It reads the credentials from the configuration inside the container, so no
// probe spec carries any.
import type * as k8s from "@pulumi/kubernetes";

// Any HTTP answer counts, 401 included: /system needs credentials, and asking
// without them keeps the probe free of secrets and of the database. Python is
// in the image (the image's own probe script is Python).
export const httpAnswersScript = [
    "import http.client, sys",
    "connection = http.client.HTTPConnection('127.0.0.1', int(sys.argv[1]), timeout=5)",
    "connection.request('GET', '/system')",
    "sys.exit(0 if connection.getresponse().status < 500 else 1)",
].join("\n");

export const indexAnswersCommand = ["/probes/test-aliveness.py"];

// Orthanc serves HTTP only once its index is open and upgraded: the start-up
// probe waits up to this long for a schema upgrade of a large index.
export const startupBudgetMinutes = 30;

type Probes = Pick<k8s.types.input.core.v1.Container, "startupProbe" | "readinessProbe" | "livenessProbe">;

export function orthancProbes(httpPort: number): Probes {
    const httpAnswers = { exec: { command: ["python3", "-c", httpAnswersScript, String(httpPort)] } };
    const startupPeriodSeconds = 10;
    return {
        startupProbe: { ...httpAnswers, periodSeconds: startupPeriodSeconds, timeoutSeconds: 10, failureThreshold: (startupBudgetMinutes * 60) / startupPeriodSeconds },
        readinessProbe: { exec: { command: indexAnswersCommand }, periodSeconds: 10, timeoutSeconds: 10, failureThreshold: 3 },
        livenessProbe: { ...httpAnswers, periodSeconds: 30, timeoutSeconds: 10, failureThreshold: 4 },
    };
}
