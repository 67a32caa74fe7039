// Generated stand-ins for what Kubernetes injects into the Orthanc container
// (Secrets and the pod name), fresh for every run so nothing reusable is written down.
import * as crypto from "crypto";
import { podEnv, secretEnv } from "../../components/orthanc/paths";

// The role the test's PostgreSQL creates, as CloudNativePG's bootstrap owner.
const databaseOwner = "orthanc";

export interface TestCredentials {
    admin: { username: string; password: string };
    metricsPassword: string;
    database: { username: string; password: string };
}

// One value for every injected variable of the Deployment.
export function generateInjectedValues(injectedVariables: string[]): Record<string, string> {
    const known: Record<string, string> = {
        [podEnv.podName]: "orthanc-conformance-0",
        [secretEnv.adminUser]: `admin-${randomAlphanumeric(8).toLowerCase()}`,
        [secretEnv.databaseUser]: databaseOwner,
    };
    // Passwords and any variable added later: alphanumeric, like the program's RandomPassword.
    return Object.fromEntries(injectedVariables.map((name) => [name, known[name] ?? randomAlphanumeric(32)]));
}

export function credentialsFrom(values: Record<string, string>): TestCredentials {
    const get = (name: string) => {
        const value = values[name];
        if (value === undefined) {
            throw new Error(`the Deployment does not inject ${name}`);
        }
        return value;
    };
    return {
        admin: { username: get(secretEnv.adminUser), password: get(secretEnv.adminPassword) },
        metricsPassword: get(secretEnv.metricsPassword),
        database: { username: get(secretEnv.databaseUser), password: get(secretEnv.databasePassword) },
    };
}

function randomAlphanumeric(length: number): string {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    return Array.from(crypto.randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join("");
}
