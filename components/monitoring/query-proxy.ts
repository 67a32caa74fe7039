// An authenticating reverse proxy in front of Prometheus' query API, for the
// site's existing monitoring (Zabbix, checkMK) to run PromQL. Generated
// credentials; the proxy pod gets only their bcrypt hash. A ClusterIP Service;
// exposure beyond the cluster is the ingress gateway's job.
import { configChecksum, configChecksumAnnotation } from "../kubernetes/config-checksum";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { generatedUsername } from "../security/generated-username";
import { Deployment } from "@pulumi/kubernetes/apps/v1";
import { ConfigMap, Secret, Service, ServiceAccount } from "@pulumi/kubernetes/core/v1";
import { appLabels, selectorLabels } from "../kubernetes/labels";
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../kubernetes/security";
import { buildQueryProxyNginxConf, healthPath } from "./nginx-config";

// The nginx user of the nginx-unprivileged image.
const nginxUid = 101;
// The port nginx listens on inside the pod (unprivileged: above 1024).
export const queryProxyListenPort = 8080;
const listenPort = queryProxyListenPort;
const paths = {
    configDirectory: "/etc/nginx/query-proxy",
    configFile: "nginx.conf",
    htpasswdDirectory: "/etc/nginx/query-proxy-auth",
    htpasswdFile: "htpasswd",
} as const;

export interface PrometheusQueryProxyArgs {
    namespace: pulumi.Input<string>;
    image: string;
    // Prometheus as host:port, e.g. "kps-prometheus.monitoring.svc:9090".
    upstream: string;
    // What creates that Service (the kube-prometheus-stack release): nginx resolves
    // the upstream once at start and exits if the name does not exist yet.
    prometheus: pulumi.Resource;
}

export class PrometheusQueryProxy extends pulumi.ComponentResource {
    readonly serviceName: pulumi.Output<string>;
    readonly port = 9090;
    readonly username: pulumi.Output<string>;
    readonly password: pulumi.Output<string>;
    // kubernetes.io/basic-auth Secret with the same credentials, for in-cluster clients.
    readonly credentialsSecretName: pulumi.Output<string>;

    constructor(name: string, args: PrometheusQueryProxyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:monitoring:PrometheusQueryProxy", name, {}, opts);
        const labels = appLabels(name, "monitoring");
        const selector = selectorLabels(name);

        // A generated user name too: no guessable account in front of the site's metrics.
        const password = new random.RandomPassword(`${name}-password`, { length: 32, special: false }, { parent: this });
        this.username = generatedUsername(`${name}-user`, "promql", { parent: this });
        this.password = pulumi.secret(password.result);

        this.credentialsSecretName = new Secret(
            `${name}-credentials`,
            {
                metadata: { name: `${name}-credentials`, namespace: args.namespace, labels },
                type: "kubernetes.io/basic-auth",
                stringData: { username: this.username, password: this.password },
            },
            { parent: this },
        ).metadata.name;

        // Only the hash reaches the proxy. RandomPassword's bcryptHash is "$2a$"
        // (Go's bcrypt); nginx hands hashes it does not implement itself to the C
        // library's crypt(), and Debian's libcrypt (libxcrypt) verifies "$2a$"
        // bcrypt. The password is alphanumeric, so the $2a$/$2b$ difference
        // (8-bit characters) cannot matter.
        const htpasswd = new Secret(
            `${name}-htpasswd`,
            {
                metadata: { name: `${name}-htpasswd`, namespace: args.namespace, labels },
                type: "Opaque",
                stringData: { [paths.htpasswdFile]: pulumi.interpolate`${this.username}:${password.bcryptHash}\n` },
            },
            { parent: this },
        );

        const nginxConf = buildQueryProxyNginxConf({
            upstream: args.upstream,
            listenPort,
            htpasswdFile: `${paths.htpasswdDirectory}/${paths.htpasswdFile}`,
        });
        const config = new ConfigMap(
            `${name}-config`,
            {
                metadata: { name: `${name}-config`, namespace: args.namespace, labels },
                data: { [paths.configFile]: nginxConf },
            },
            { parent: this },
        );

        const serviceAccount = new ServiceAccount(
            name,
            // The proxy never calls the Kubernetes API.
            { metadata: { name, namespace: args.namespace, labels }, automountServiceAccountToken: false },
            { parent: this },
        );

        const probe = { httpGet: { path: healthPath, port: "http" }, periodSeconds: 10, timeoutSeconds: 2 };
        new Deployment(
            name,
            {
                metadata: { name, namespace: args.namespace, labels },
                spec: {
                    replicas: 1,
                    selector: { matchLabels: selector },
                    template: {
                        metadata: {
                            labels,
                            // nginx reads its configuration only at start; the htpasswd
                            // file it reads on every request, so a new password needs no restart.
                            annotations: { [configChecksumAnnotation]: configChecksum(nginxConf) },
                        },
                        spec: {
                            serviceAccountName: serviceAccount.metadata.name,
                            automountServiceAccountToken: false,
                            securityContext: restrictedPodSecurityContext(nginxUid, nginxUid),
                            containers: [
                                {
                                    name: "nginx",
                                    image: args.image,
                                    // Straight to nginx with our configuration: the image's
                                    // entrypoint scripts would try to rewrite files under /etc/nginx.
                                    command: ["nginx", "-e", "stderr", "-c", `${paths.configDirectory}/${paths.configFile}`],
                                    ports: [{ name: "http", containerPort: listenPort }],
                                    securityContext: restrictedContainerSecurityContext(),
                                    resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "128Mi" } },
                                    readinessProbe: probe,
                                    livenessProbe: { ...probe, failureThreshold: 6 },
                                    volumeMounts: [
                                        { name: "config", mountPath: paths.configDirectory, readOnly: true },
                                        { name: "htpasswd", mountPath: paths.htpasswdDirectory, readOnly: true },
                                        { name: "tmp", mountPath: "/tmp" },
                                    ],
                                },
                            ],
                            volumes: [
                                { name: "config", configMap: { name: config.metadata.name } },
                                { name: "htpasswd", secret: { secretName: htpasswd.metadata.name } },
                                { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
                            ],
                        },
                    },
                },
            },
            { parent: this, dependsOn: [args.prometheus] },
        );

        this.serviceName = new Service(
            name,
            {
                metadata: { name, namespace: args.namespace, labels },
                spec: {
                    type: "ClusterIP",
                    selector,
                    ports: [{ name: "http-query", port: this.port, targetPort: "http", appProtocol: "http" }],
                },
            },
            { parent: this },
        ).metadata.name;

        this.registerOutputs({
            serviceName: this.serviceName,
            port: this.port,
            username: this.username,
            password: this.password,
            credentialsSecretName: this.credentialsSecretName,
        });
    }
}
