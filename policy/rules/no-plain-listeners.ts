import { safeguards, type ResourceRule } from "../support/rule";
import { field, list, objectName } from "../support/values";

// What the ingress gateway may listen on, from outside the cluster.
const statusPort = 15021; // the load balancer's health check; carries no data
const dicomTlsPort = 11112; // DICOM TLS, passed through to Orthanc, which terminates it

function gatewayServerProblems(server: unknown, index: number): string[] {
    const port = field(server, "port", "number");
    const protocol = String(field(server, "port", "protocol") ?? "").toUpperCase();
    const at = `servers[${index}] (port ${String(port)} ${protocol})`;
    if (port === 80) {
        return field(server, "tls", "httpsRedirect") === true ? [] : [`${at} serves plain HTTP: set tls.httpsRedirect to true so port 80 only redirects to 443`];
    }
    if (port === 443) {
        const mode = field(server, "tls", "mode");
        return protocol === "HTTPS" && (mode === "SIMPLE" || mode === "MUTUAL") ? [] : [`${at}: serve HTTPS with tls.mode SIMPLE or MUTUAL and a credentialName`];
    }
    if (port === dicomTlsPort) {
        // TCP here is TLS passthrough: Orthanc holds the server certificate and checks the modality's.
        return protocol === "TCP" || protocol === "TLS" ? [] : [`${at}: DICOM must be TLS, passed through as TCP or TLS, not ${protocol}`];
    }
    return [`${at} is not one of the platform's listeners: only 80 (redirect), 443 (HTTPS) and ${dicomTlsPort} (DICOM TLS) may face outside the cluster`];
}

function exposedServiceProblems(ports: unknown, allowed: number[], what: string): string[] {
    return list(ports)
        .map((port) => field(port, "port"))
        .filter((port) => typeof port === "number" && !allowed.includes(port))
        .map((port) => `${what} exposes port ${String(port)} outside the cluster: remove it, or reach it through the gateway on 443`);
}

/** Nothing outside the cluster reaches a plain-text listener. */
export const rule: ResourceRule = {
    name: "no-plain-listener-outside",
    description: `Only the ingress gateway faces outside the cluster, on 80 (redirect to HTTPS only), 443 (HTTPS) and ${dicomTlsPort} (DICOM TLS); no other Service is a LoadBalancer or NodePort.`,
    safeguard: safeguards.transmission,
    enforcement: "mandatory",
    scope: "resource",
    check(resource) {
        if (resource.type === "kubernetes:networking.istio.io/v1:Gateway" || resource.type === "kubernetes:networking.istio.io/v1beta1:Gateway") {
            return list(field(resource.inputs, "spec", "servers")).flatMap(gatewayServerProblems).map((problem) => `Gateway ${objectName(resource.inputs)} ${problem}`);
        }
        if (resource.type === "kubernetes:helm.sh/v3:Release" && resource.inputs.chart === "gateway") {
            return exposedServiceProblems(field(resource.inputs, "values", "service", "ports"), [statusPort, 80, 443, dicomTlsPort], `the ${resource.name} gateway's Service`);
        }
        if (resource.type === "kubernetes:core/v1:Service") {
            const serviceType = field(resource.inputs, "spec", "type");
            if (serviceType === "LoadBalancer" || serviceType === "NodePort") {
                return [`Service ${objectName(resource.inputs)} is a ${serviceType}: make it a ClusterIP and route to it through the ingress gateway`];
            }
        }
        return [];
    },
};
