// The stack outputs the runbook is written from, read by their documented names
// (README "Stack outputs"). A missing output is an error naming it: a runbook with
// a gap would send an operator to the wrong place. A value the source cannot know
// yet (the plan's "[computed]") is written as what it is.
import { maskedSecret, unknownValue } from "../plan/masking";

export const knownAfterUp = "(known after pulumi up)";

/** What the runbook needs from a site's outputs; every string is the site's own value or says why it is not known. */
export interface RunbookValues {
    siteName: string;
    siteKind: string;
    webUrl: string;
    dicom: { host: string; port: string; aeTitle: string };
    orthanc: { namespace: string; service: string; httpPort: string; dicomPort: string };
    postgres: { cluster: string; host: string; backupDestination: string; backupObjectStore: string; hasBackups: boolean };
    grafana: { namespace: string; service: string; url: string; portForward: string };
    prometheusQuery: { hostname: string; url: string; service: string; exposed: boolean };
    /** The realm people sign in at: "platform" (the platform's Keycloak) or "keycloak" (the hospital's). */
    signIn: { provider: string; url: string; realm: string };
    gateway: { type: string; nodePorts?: Record<string, string> };
    infrastructure: { cluster: string; location: string; group: string; console: string };
    versions: { charts: Record<string, string>; images: Record<string, string>; kubernetes: string };
    /** Names of the enrolled modalities (keys of modalityCertificates), or undefined when not known yet. */
    modalities?: string[];
}

export class OutputsError extends Error {
    constructor(readonly lines: string[]) {
        super(lines.join("\n"));
        this.name = "OutputsError";
    }
}

export function runbookValues(outputs: Record<string, unknown>): RunbookValues {
    const missing: string[] = [];
    const text = (key: string): string => {
        const value = lookup(outputs, key);
        if (value === undefined || value === null || (typeof value === "object" && value !== null)) {
            missing.push(key);
            return "";
        }
        if (value === unknownValue) {
            return knownAfterUp;
        }
        return String(value);
    };
    const map = (key: string): Record<string, string> => {
        const value = lookup(outputs, key);
        if (value === null || typeof value !== "object" || Array.isArray(value)) {
            missing.push(key);
            return {};
        }
        return Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, inner === unknownValue ? knownAfterUp : String(inner)]));
    };
    const nodePorts = lookup(outputs, "ingress.service.nodePorts");
    const certificates = lookup(outputs, "modalityCertificates");
    const values: RunbookValues = {
        siteName: text("siteName"),
        siteKind: text("siteKind"),
        webUrl: text("webUrl"),
        dicom: { host: text("dicom.host"), port: text("dicom.port"), aeTitle: text("dicom.aeTitle") },
        orthanc: {
            namespace: text("orthanc.namespace"),
            service: text("orthanc.service"),
            httpPort: text("orthanc.httpPort"),
            dicomPort: text("orthanc.dicomPort"),
        },
        postgres: {
            cluster: text("postgres.cluster"),
            host: text("postgres.host"),
            backupDestination: text("postgres.backupDestination"),
            backupObjectStore: text("postgres.backupObjectStore"),
            hasBackups: !String(lookup(outputs, "postgres.backupObjectStore")).startsWith("none"),
        },
        grafana: {
            namespace: text("grafana.namespace"),
            service: text("grafana.service"),
            url: text("grafana.url"),
            portForward: text("grafana.portForward"),
        },
        prometheusQuery: {
            hostname: text("prometheusQuery.hostname"),
            url: text("prometheusQuery.url"),
            service: text("prometheusQuery.service"),
            exposed: String(lookup(outputs, "prometheusQuery.url")).startsWith("https://"),
        },
        signIn: { provider: text("signIn.provider"), url: text("signIn.url"), realm: text("signIn.realm") },
        gateway: {
            type: text("ingress.service.type"),
            ...(nodePorts !== null && typeof nodePorts === "object" ? { nodePorts: Object.fromEntries(Object.entries(nodePorts).map(([k, v]) => [k, String(v)])) } : {}),
        },
        infrastructure: {
            cluster: text("infrastructure.cluster"),
            location: text("infrastructure.location"),
            group: text("infrastructure.group"),
            console: text("infrastructure.console"),
        },
        versions: { charts: map("versions.charts"), images: map("versions.images"), kubernetes: text("versions.kubernetes") },
        ...(certificates !== null && typeof certificates === "object" ? { modalities: Object.keys(certificates).sort() } : {}),
    };
    if (missing.length > 0) {
        throw new OutputsError(
            missing.map((key) => `the outputs have no ${key}: a stack deployed before this version lacks it (run pulumi up, or write the runbook from the plan)`),
        );
    }
    const secret = secretsWhereValuesBelong(values);
    if (secret.length > 0) {
        throw new OutputsError(secret.map((key) => `${key} is a secret in the outputs: the runbook writes only public values`));
    }
    return values;
}

function lookup(outputs: Record<string, unknown>, key: string): unknown {
    let value: unknown = outputs;
    for (const part of key.split(".")) {
        if (value === null || typeof value !== "object") {
            return undefined;
        }
        value = (value as Record<string, unknown>)[part];
    }
    return value;
}

// Every value the runbook prints is public; a masked one means the outputs are not what the README documents.
function secretsWhereValuesBelong(values: RunbookValues, prefix = ""): string[] {
    return Object.entries(values).flatMap(([key, value]) => {
        const where = prefix ? `${prefix}.${key}` : key;
        if (value === maskedSecret) return [where];
        if (value !== null && typeof value === "object" && !Array.isArray(value)) return secretsWhereValuesBelong(value as unknown as RunbookValues, where);
        return [];
    });
}
