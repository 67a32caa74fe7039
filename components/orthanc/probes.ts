// Orthanc's probes. Liveness asks only whether Orthanc's HTTP server answers:
// the image's test-aliveness.py reads /changes, which queries the index, so a
// database outage of two minutes would restart every replica at once, and a
// long index upgrade at start would be killed. That script stays the readiness
// check: without its database Orthanc should get no traffic, not be restarted.
// It reads the credentials from the configuration inside the container, so no
// probe spec carries any.
//
// With single sign-on Orthanc has no users of its own for that script, and the
// authorization plugin would refuse it; the probes then use the metrics path,
// the one route the plugin leaves to the Lua filter (sign-in.ts,
// request-filter.ts). Measured on Debian's Orthanc 1.10.1 with its PostgreSQL
// stopped: a request the Lua filter refuses is answered (403) within
// milliseconds, while /tools/metrics-prometheus, which reads the index's
// statistics (OrthancRestSystem.cpp, GetMetricsPrometheus), answers 503 or not
// at all until the database is back.
import type * as k8s from "@pulumi/kubernetes";
import { secretEnv } from "./paths";
import { metricsPath } from "./request-filter";

// Any HTTP answer counts, 401 included: /system needs credentials, and asking
// without them keeps the probe free of secrets and of the database. Python is
// in the image (the image's own probe script is Python).
export function httpAnswersScriptFor(path: string): string {
    return [
        "import http.client, sys",
        "connection = http.client.HTTPConnection('127.0.0.1', int(sys.argv[1]), timeout=5)",
        `connection.request('GET', '${path}')`,
        "sys.exit(0 if connection.getresponse().status < 500 else 1)",
    ].join("\n");
}

export const httpAnswersScript = httpAnswersScriptFor("/system");

export const indexAnswersCommand = ["/probes/test-aliveness.py"];

// Single sign-on's readiness: the metrics as Prometheus reads them, with the
// metrics user's password from the container's environment (an exec probe runs
// with the container's environment), so no probe spec carries it. Only a 200
// counts: the answer holds the index's statistics.
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

export interface OrthancProbeOptions {
    /**
     * Single sign-on: the user the metrics are read with, by the readiness check.
     * Liveness then asks the metrics path without credentials: the plugin leaves
     * it unchecked, so the answer (the Lua filter's 403) depends neither on the
     * database nor on the auth service, whereas the plugin asks the auth service
     * about /system before refusing it.
     * @default absent: Orthanc's basic authentication (test-aliveness.py, /system)
     */
    signInMetricsUser?: string;
}

export function orthancProbes(httpPort: number, options: OrthancProbeOptions = {}): Probes {
    const metricsUser = options.signInMetricsUser;
    const httpAnswers = {
        exec: { command: ["python3", "-c", metricsUser === undefined ? httpAnswersScript : httpAnswersScriptFor(metricsPath), String(httpPort)] },
    };
    const indexAnswers = metricsUser === undefined ? indexAnswersCommand : ["python3", "-c", metricsAnswerScript, String(httpPort), metricsUser];
    const startupPeriodSeconds = 10;
    return {
        startupProbe: { ...httpAnswers, periodSeconds: startupPeriodSeconds, timeoutSeconds: 10, failureThreshold: (startupBudgetMinutes * 60) / startupPeriodSeconds },
        readinessProbe: { exec: { command: indexAnswers }, periodSeconds: 10, timeoutSeconds: 10, failureThreshold: 3 },
        livenessProbe: { ...httpAnswers, periodSeconds: 30, timeoutSeconds: 10, failureThreshold: 4 },
    };
}
