// A bounded wait, on the machine running `pulumi up`, until the new cluster's API
// answers /readyz through its virtual address with the certificate of the CA the
// program made. The Kubernetes provider depends on it, so no platform resource is
// sent to an API that is not there yet, and a cluster that never comes up fails
// the update after the configured minutes instead of hanging.
//
// RKE2's CIS profile turns anonymous access off, so the probe authenticates with
// the program's admin client certificate (any authenticated user may read /readyz).
// The certificate, key and CA reach curl as files in a private temporary directory,
// removed when the script ends; the key travels as a secret environment value and
// is never printed.
import * as pulumi from "@pulumi/pulumi";
// Submodules: the package root loads the remote half too (see FACTS: lazy loading, tsc cost).
import { Command } from "@pulumi/command/local";
import type { Provider as CommandProvider } from "@pulumi/command/provider";
import { kubernetesApiPort } from "./config-file";

export interface ApiReadinessArgs {
    /** The API's virtual address. */
    apiAddress: string;
    /** The CA bundle the API server's certificate chains to. */
    caBundlePem: pulumi.Input<string>;
    /** The admin client certificate and key (secret). */
    clientCertificatePem: pulumi.Input<string>;
    clientKeyPem: pulumi.Input<string>;
    /** How long to wait, in minutes, before failing the update. */
    timeoutMinutes: number;
    /** Values whose change makes the wait run again (e.g. the nodes' IDs: a replaced node waits too). */
    triggers: pulumi.Input<unknown>[];
    /** The command provider (default providers are disabled). */
    provider: CommandProvider;
}

/** Seconds between two probes. */
export const probeIntervalSeconds = 10;

// POSIX sh, so that any machine with curl runs it. Each failed probe prints one
// line to stderr (attempt, minutes left, curl's reason), which `pulumi up` shows
// under the resource while it waits.
export const readinessScript = `set -eu
umask 077
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf '%s' "$IMAGING_API_CA" > "$dir/ca.crt"
printf '%s' "$IMAGING_API_CLIENT_CERT" > "$dir/client.crt"
printf '%s' "$IMAGING_API_CLIENT_KEY" > "$dir/client.key"
deadline=$(( $(date +%s) + IMAGING_API_TIMEOUT_MINUTES * 60 ))
attempt=0
while :; do
  attempt=$((attempt + 1))
  if curl --silent --show-error --fail --max-time 10 --cacert "$dir/ca.crt" --cert "$dir/client.crt" --key "$dir/client.key" "$IMAGING_API_URL/readyz" >/dev/null 2>"$dir/error"; then
    echo "the Kubernetes API at $IMAGING_API_URL is ready (attempt $attempt)"
    exit 0
  fi
  now=$(date +%s)
  if [ "$now" -ge "$deadline" ]; then
    echo "the Kubernetes API at $IMAGING_API_URL did not answer /readyz within $IMAGING_API_TIMEOUT_MINUTES minutes: $(cat "$dir/error")" >&2
    exit 1
  fi
  echo "waiting for $IMAGING_API_URL/readyz (attempt $attempt, $(( (deadline - now + 59) / 60 )) min left): $(cat "$dir/error")" >&2
  sleep ${probeIntervalSeconds}
done
`;

export function apiReadiness(name: string, args: ApiReadinessArgs, opts: pulumi.CustomResourceOptions): Command {
    return new Command(
        name,
        {
            create: readinessScript,
            interpreter: ["/bin/sh", "-c"],
            environment: {
                IMAGING_API_URL: `https://${args.apiAddress}:${kubernetesApiPort}`,
                IMAGING_API_CA: args.caBundlePem,
                IMAGING_API_CLIENT_CERT: args.clientCertificatePem,
                IMAGING_API_CLIENT_KEY: pulumi.secret(args.clientKeyPem),
                IMAGING_API_TIMEOUT_MINUTES: String(args.timeoutMinutes),
            },
            // Progress goes to stderr; both streams reach the operator's terminal.
            logging: "stdoutAndStderr",
            triggers: args.triggers,
        },
        { ...opts, provider: args.provider },
    );
}
