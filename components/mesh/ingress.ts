// What the ingress gateway serves: HTTPS to Orthanc's web interface, REST API and
// DICOMweb (TLS ends at the gateway), plain HTTP redirected, and DICOM passed
// through as raw TCP to Orthanc's own TLS port so that TLS runs from the modality
// to Orthanc, which checks the client certificate. DICOM clients send no SNI, so
// the DICOM route matches on the port alone.
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { safeguardProtection } from "../security/safeguard";

// TLS 1.2 suites with forward secrecy (ECDHE) and authenticated encryption (GCM,
// ChaCha20-Poly1305) only; TLS 1.3 has nothing else. Names as Envoy (BoringSSL) spells them.
export const webCipherSuites = [
    "ECDHE-ECDSA-AES256-GCM-SHA384",
    "ECDHE-RSA-AES256-GCM-SHA384",
    "ECDHE-ECDSA-AES128-GCM-SHA256",
    "ECDHE-RSA-AES128-GCM-SHA256",
    "ECDHE-ECDSA-CHACHA20-POLY1305",
    "ECDHE-RSA-CHACHA20-POLY1305",
];

// Browsers that once reached the site over HTTPS refuse plain HTTP to it for a year.
// No includeSubDomains: the hospital's other hosts under the same domain are not ours.
export const strictTransportSecurity = "max-age=31536000";

export interface HttpsRoute {
    // Name of the VirtualService, in the backend's namespace.
    name: string;
    hostname: string;
    namespace: pulumi.Input<string>;
    serviceHost: pulumi.Input<string>;
    servicePort: number;
    /**
     * Paths under the same host that another service answers (the sign-in
     * service under /keycloak/), matched before the host's own route.
     * @default []
     */
    pathRoutes?: PathRoute[];
}

export interface PathRoute {
    /** A path prefix ending in '/'. */
    prefix: string;
    serviceHost: pulumi.Input<string>;
    servicePort: number;
}

// Orthanc's administrative and write routes, refused at the gateway to every
// client outside the networks named: a fence in front of the roles' rights, so
// that a stolen session or a mis-mapped group cannot write from just any network
// that reaches the public name.
export interface AdminRoutesArgs {
    /** The web port the routes arrive on (the HTTPS listener). */
    port: number;
    /** Networks that may still use them; empty: none, the routes are refused to all. */
    allowedFrom: string[];
    /** Other hosts on the same listener, whose routes are not Orthanc's. */
    otherHosts: pulumi.Input<string>[];
    writeMethods: string[];
    /** POST paths that only read. */
    readOnlyPostPaths: string[];
    administrativePaths: string[];
    /**
     * Path prefixes (ending in '/') the rule leaves alone: another service's
     * routes on the same host, whose writes (a sign-in form's POST) are not Orthanc's.
     * @default []
     */
    openPathPrefixes?: string[];
}

export interface IngressRoutesArgs {
    gatewayNamespace: string;
    gatewaySelector: Record<string, string>;
    // kubernetes.io/tls Secret in the gateway's namespace.
    webCertificateSecretName: string;
    https: HttpsRoute[];
    dicom: { port: number; namespace: pulumi.Input<string>; serviceHost: string; servicePort: number };
    // The gateway release: it waits for istiod (whose webhook validates these
    // objects) and for the gateway's namespace.
    gateway: pulumi.Resource;
    adminRoutes: AdminRoutesArgs;
}

export class IngressRoutes extends pulumi.ComponentResource {
    constructor(name: string, args: IngressRoutesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:mesh:IngressRoutes", name, {}, opts);
        const childOpts = { parent: this, dependsOn: [args.gateway] };
        // "<namespace>/<host>": only a VirtualService in that namespace may bind that
        // host to the gateway, so no other namespace can attach routes to it.
        const hostnames = args.https.map((route) => pulumi.interpolate`${route.namespace}/${route.hostname}`);
        const gatewayRef = `${args.gatewayNamespace}/${name}`;

        new CustomResource(
            name,
            {
                apiVersion: "networking.istio.io/v1",
                kind: "Gateway",
                metadata: { name, namespace: args.gatewayNamespace },
                spec: {
                    selector: args.gatewaySelector,
                    servers: [
                        { port: { number: 80, name: "http", protocol: "HTTP" }, hosts: hostnames, tls: { httpsRedirect: true } },
                        {
                            port: { number: 443, name: "https", protocol: "HTTPS" },
                            hosts: hostnames,
                            tls: {
                                mode: "SIMPLE",
                                credentialName: args.webCertificateSecretName,
                                minProtocolVersion: "TLSV1_2",
                                cipherSuites: webCipherSuites,
                            },
                        },
                        // DICOM clients send no SNI: any host, but only from Orthanc's namespace.
                        { port: { number: args.dicom.port, name: "tcp-dicom-tls", protocol: "TCP" }, hosts: [pulumi.interpolate`${args.dicom.namespace}/*`] },
                    ],
                },
            },
            childOpts,
        );

        for (const route of args.https) {
            const securityHeaders = { response: { set: { "Strict-Transport-Security": strictTransportSecurity } } };
            const pathRoutes = (route.pathRoutes ?? []).map((pathRoute) => {
                if (!pathRoute.prefix.startsWith("/") || !pathRoute.prefix.endsWith("/")) {
                    // A prefix without its slash would also take /keycloak-other/... away from Orthanc.
                    throw new Error(`path route prefix ${JSON.stringify(pathRoute.prefix)} must start and end with '/'`);
                }
                return {
                    match: [{ uri: { prefix: pathRoute.prefix } }],
                    route: [{ destination: { host: pathRoute.serviceHost, port: { number: pathRoute.servicePort } } }],
                    headers: securityHeaders,
                };
            });
            new CustomResource(
                route.name,
                {
                    apiVersion: "networking.istio.io/v1",
                    kind: "VirtualService",
                    metadata: { name: route.name, namespace: route.namespace },
                    spec: {
                        hosts: [route.hostname],
                        gateways: [gatewayRef],
                        http: [
                            ...pathRoutes,
                            {
                                route: [{ destination: { host: route.serviceHost, port: { number: route.servicePort } } }],
                                headers: securityHeaders,
                            },
                        ],
                    },
                },
                childOpts,
            );
        }

        new CustomResource(
            `${name}-dicom`,
            {
                apiVersion: "networking.istio.io/v1",
                kind: "VirtualService",
                metadata: { name: `${name}-dicom`, namespace: args.dicom.namespace },
                spec: {
                    hosts: ["*"],
                    gateways: [gatewayRef],
                    tcp: [
                        {
                            match: [{ port: args.dicom.port }],
                            route: [{ destination: { host: args.dicom.serviceHost, port: { number: args.dicom.servicePort } } }],
                        },
                    ],
                },
            },
            childOpts,
        );

        restrictAdminRoutes(`${name}-admin-routes`, args, childOpts);

        this.registerOutputs({});
    }
}

// A DENY policy: it holds whatever ALLOW policies say. Only on the HTTPS port, since
// DENY rules on TCP traffic (DICOM) ignore HTTP fields and would refuse everything.
// otherHosts, not hosts: a Host header with a port appended would slip past a host
// match, while here it can only make the rule apply to more requests.
function restrictAdminRoutes(name: string, args: IngressRoutesArgs, opts: pulumi.CustomResourceOptions): void {
    const admin = args.adminRoutes;
    const scope = {
        ports: [String(admin.port)],
        ...(admin.otherHosts.length > 0 ? { notHosts: admin.otherHosts } : {}),
    };
    const open = (admin.openPathPrefixes ?? []).map((prefix) => `${prefix}*`);
    const notPaths = (paths: string[]) => (paths.length > 0 ? { notPaths: paths } : {});
    new CustomResource(
        name,
        {
            apiVersion: "security.istio.io/v1",
            kind: "AuthorizationPolicy",
            metadata: { name: "orthanc-admin-routes", namespace: args.gatewayNamespace },
            spec: {
                selector: { matchLabels: args.gatewaySelector },
                action: "DENY",
                rules: [
                    {
                        ...(admin.allowedFrom.length > 0 ? { from: [{ source: { notIpBlocks: admin.allowedFrom } }] } : {}),
                        to: [
                            { operation: { ...scope, methods: admin.writeMethods, ...notPaths(open) } },
                            { operation: { ...scope, methods: ["POST"], notPaths: [...admin.readOnlyPostPaths, ...open] } },
                            { operation: { ...scope, paths: admin.administrativePaths } },
                        ],
                    },
                ],
            },
        },
        { ...opts, ...safeguardProtection },
    );
}
