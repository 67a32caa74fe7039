// Grafana's admin account: a generated user name and password in a Secret that
// the grafana chart reads (admin.existingSecret), so the chart's well-known
// default account never exists.
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { generatedUsername } from "../security/generated-username";
import { Secret } from "@pulumi/kubernetes/core/v1";
import { grafanaAdminSecretKeys } from "./stack-values";

export interface GrafanaAdmin {
    secretName: string;
    secret: Secret;
    username: pulumi.Output<string>;
    password: pulumi.Output<string>;
}

export function grafanaAdmin(
    name: string,
    args: { namespace: pulumi.Input<string>; labels: Record<string, string> },
    parent: pulumi.Resource,
): GrafanaAdmin {
    // Alphanumeric: Grafana reads it from an environment variable, no quoting surprises.
    const password = new random.RandomPassword(`${name}-password`, { length: 32, special: false }, { parent });
    const username = generatedUsername(`${name}-user`, "admin", { parent });
    const secretName = name;
    const secret = new Secret(
        name,
        {
            metadata: { name: secretName, namespace: args.namespace, labels: args.labels },
            type: "Opaque",
            stringData: {
                [grafanaAdminSecretKeys.user]: username,
                [grafanaAdminSecretKeys.password]: password.result,
            },
        },
        { parent },
    );
    return { secretName, secret, username, password: pulumi.secret(password.result) };
}
