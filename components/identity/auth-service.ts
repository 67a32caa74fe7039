// The orthanc-team auth service (orthanc-team/orthanc-auth-service): Orthanc's
// authorization plugin asks it, for each token it sees, who the person is and
// which permissions they hold. It verifies the token against the Keycloak realm's
// public key and maps the realm roles to permissions with the file built here.
import { configChecksum, configChecksumAnnotation } from "../kubernetes/config-checksum";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { Deployment } from "@pulumi/kubernetes/apps/v1";
import { ConfigMap, Secret, Service, ServiceAccount } from "@pulumi/kubernetes/core/v1";
import { PodDisruptionBudget } from "@pulumi/kubernetes/policy/v1";
import { appLabels, selectorLabels } from "../kubernetes/labels";
import type { ContainerResources } from "../kubernetes/resources";
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../kubernetes/security";
import { spreadAcrossNodesAndZones } from "../kubernetes/spreading";
import { platformRoles, realmRoleNames, rolePermissions } from "./roles";

// The port uvicorn listens on (the image's CMD).
export const authServicePort = 8000;
// The one account Orthanc's plugin calls the service with (the service's USERS).
export const authServiceClientName = "orthanc";

const paths = {
    configDirectory: "/etc/imaging-auth-service",
    permissionsFile: "permissions.json",
    anonymousProfileFile: "anonymous-profile.json",
} as const;

// Any unprivileged user: the image (python:3.11 based) sets none, and its files
// are world-readable.
const serviceUid = 65532;

/** The auth service's role file: each realm role with its permissions, every label. */
export function authServicePermissions(): { roles: Record<string, { "authorized-labels": string[]; permissions: string[] }>; "available-labels": string[] } {
    return {
        roles: Object.fromEntries(
            platformRoles.map((role) => [realmRoleNames[role], { "authorized-labels": ["*"], permissions: [...rolePermissions[role]] }]),
        ),
        // Labels restrict nothing on this platform: every role sees every study.
        "available-labels": [],
    };
}

/**
 * What a request without a token (or with one the service cannot decode) gets:
 * nothing. The image's own anonymous-profile.json grants "upload", so anyone who
 * reaches Orthanc could store instances; this file replaces it.
 */
export function anonymousProfile(): Record<string, unknown> {
    return { name: "Anonymous", "user-id": null, "authorized-labels": [], permissions: [], groups: [], validity: 60 };
}

export interface AuthServiceArgs {
    namespace: pulumi.Input<string>;
    image: string;
    /**
     * The Keycloak realm's URL as pods reach it (its JSON carries the realm's
     * public key), e.g. http://keycloak.imaging.svc.cluster.local:8080/keycloak/realms/imaging/.
     */
    realmUrl: pulumi.Input<string>;
    /** @default 2 (the plugin asks on every request that is not cached: one replica down stops every sign-in) */
    replicas?: number;
    /** @default requests 50m CPU and 128Mi, limit 256Mi */
    resources?: ContainerResources;
    /** What must exist before the pods start (the mesh's control plane: pods started before it run without a sidecar). */
    podsWaitFor?: pulumi.Input<pulumi.Resource>[];
}

export class AuthService extends pulumi.ComponentResource {
    readonly serviceName: pulumi.Output<string>;
    readonly port = authServicePort;
    readonly podSelector: Record<string, string>;
    /** Its service account, the mesh identity callers and policies name. */
    readonly serviceAccountName: string;
    /** The account Orthanc's plugin uses (WebServiceUsername). */
    readonly clientUsername = authServiceClientName;
    /** Its password (WebServicePassword), secret. */
    readonly clientPassword: pulumi.Output<string>;
    /** A Secret with the client's password under the key "password", for Orthanc's pods. */
    readonly clientSecretName: pulumi.Output<string>;

    constructor(name: string, args: AuthServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:identity:AuthService", name, {}, opts);
        const labels = appLabels(name, "identity");
        this.podSelector = selectorLabels(name);

        const clientPassword = new random.RandomPassword(`${name}-client-password`, { length: 32, special: false }, { parent: this });
        // Signs the service's own resource tokens (instant links); never leaves the pod.
        const signingKey = new random.RandomPassword(`${name}-signing-key`, { length: 48, special: false }, { parent: this });
        this.clientPassword = pulumi.secret(clientPassword.result);

        const serviceSecret = new Secret(
            `${name}-secrets`,
            {
                metadata: { name: `${name}-secrets`, namespace: args.namespace, labels },
                type: "Opaque",
                stringData: {
                    USERS: pulumi.secret(pulumi.jsonStringify({ [authServiceClientName]: clientPassword.result })),
                    SECRET_KEY: pulumi.secret(signingKey.result),
                },
            },
            { parent: this },
        );
        this.clientSecretName = new Secret(
            `${name}-client`,
            {
                metadata: { name: `${name}-client`, namespace: args.namespace, labels },
                type: "kubernetes.io/basic-auth",
                stringData: { username: authServiceClientName, password: this.clientPassword },
            },
            { parent: this },
        ).metadata.name;

        const files = {
            [paths.permissionsFile]: JSON.stringify(authServicePermissions(), null, 2),
            [paths.anonymousProfileFile]: JSON.stringify(anonymousProfile(), null, 2),
        };
        const config = new ConfigMap(`${name}-config`, { metadata: { name: `${name}-config`, namespace: args.namespace, labels }, data: files }, { parent: this });

        const serviceAccount = new ServiceAccount(
            name,
            // The service never calls the Kubernetes API.
            { metadata: { name, namespace: args.namespace, labels }, automountServiceAccountToken: false },
            { parent: this },
        );
        this.serviceAccountName = name;

        // Every route of the service asks for the client's password, and its
        // unauthenticated /docs page says nothing about health: an open port is the check.
        const probe = { tcpSocket: { port: "http" }, periodSeconds: 10, timeoutSeconds: 2 };
        const replicas = args.replicas ?? 2;
        new Deployment(
            name,
            {
                metadata: { name, namespace: args.namespace, labels },
                spec: {
                    replicas,
                    selector: { matchLabels: this.podSelector },
                    template: {
                        metadata: {
                            labels,
                            // The service reads its files only at start.
                            annotations: { [configChecksumAnnotation]: configChecksum(JSON.stringify(files)) },
                        },
                        spec: {
                            serviceAccountName: serviceAccount.metadata.name,
                            automountServiceAccountToken: false,
                            securityContext: restrictedPodSecurityContext(serviceUid, serviceUid),
                            topologySpreadConstraints: spreadAcrossNodesAndZones(this.podSelector),
                            containers: [
                                {
                                    name: "auth-service",
                                    image: args.image,
                                    ports: [{ name: "http", containerPort: authServicePort }],
                                    env: [
                                        { name: "ENABLE_KEYCLOAK", value: "true" },
                                        { name: "KEYCLOAK_URI", value: args.realmUrl },
                                        // API keys and the role editor need a Keycloak admin client: not offered.
                                        { name: "ENABLE_KEYCLOAK_API_KEYS", value: "false" },
                                        { name: "PERMISSIONS_FILE_PATH", value: `${paths.configDirectory}/${paths.permissionsFile}` },
                                        { name: "ANONYMOUS_PROFILE_FILE_PATH", value: `${paths.configDirectory}/${paths.anonymousProfileFile}` },
                                        { name: "USERS", valueFrom: { secretKeyRef: { name: serviceSecret.metadata.name, key: "USERS" } } },
                                        { name: "SECRET_KEY", valueFrom: { secretKeyRef: { name: serviceSecret.metadata.name, key: "SECRET_KEY" } } },
                                        // Python writes no bytecode beside the read-only sources.
                                        { name: "PYTHONDONTWRITEBYTECODE", value: "1" },
                                    ],
                                    securityContext: restrictedContainerSecurityContext(),
                                    resources: args.resources ?? { requests: { cpu: "50m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
                                    readinessProbe: probe,
                                    livenessProbe: { ...probe, failureThreshold: 6 },
                                    volumeMounts: [
                                        { name: "config", mountPath: paths.configDirectory, readOnly: true },
                                        { name: "tmp", mountPath: "/tmp" },
                                    ],
                                },
                            ],
                            volumes: [
                                { name: "config", configMap: { name: config.metadata.name } },
                                { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
                            ],
                        },
                    },
                },
            },
            { parent: this, dependsOn: args.podsWaitFor },
        );
        if (replicas > 1) {
            new PodDisruptionBudget(
                name,
                { metadata: { name, namespace: args.namespace, labels }, spec: { maxUnavailable: 1, selector: { matchLabels: this.podSelector } } },
                { parent: this },
            );
        }

        this.serviceName = new Service(
            name,
            {
                metadata: { name, namespace: args.namespace, labels },
                spec: { type: "ClusterIP", selector: this.podSelector, ports: [{ name: "http", port: authServicePort, targetPort: "http", appProtocol: "http" }] },
            },
            { parent: this },
        ).metadata.name;

        this.registerOutputs({ serviceName: this.serviceName, port: this.port, clientSecretName: this.clientSecretName });
    }
}
