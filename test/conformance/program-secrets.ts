// What the program itself writes into the Secrets it declares, for the test to
// stand in with: the plan keeps each Secret's keys but masks every value. One
// entry per Secret, keyed by its name, saying how the program makes each value;
// a planned Secret with a masked value and no entry here stops the test, and so
// does an entry whose keys differ from the planned Secret's.
import * as crypto from "crypto";
import { authServiceClientName } from "../../components/identity/auth-service";
import { orthancMetricsUser } from "../../components/orthanc/orthanc";
import type { Plan } from "../../tools/plan/evaluate";
import { plannedPostgresCluster } from "./cloudnative-pg";
import type { GeneratedOrthanc } from "./generated-orthanc";
import { kinds, type KubernetesObject } from "./plan-objects";
import { createCa, type CertificateAuthority } from "./pki";
import * as fs from "fs";

export interface ProgramSecretContext {
    generated: GeneratedOrthanc;
    // A directory of its own for a CA or key the entry makes.
    directory(name: string): string;
}

type SecretContent = (context: ProgramSecretContext) => Promise<Record<string, string>> | Record<string, string>;

export const programSecrets: Record<string, SecretContent> = {
    // components/orthanc/orthanc.ts: the fixed metrics user, RandomPassword of 32.
    "orthanc-metrics": () => ({ username: orthancMetricsUser, password: randomAlphanumeric(32) }),
    // components/identity/auth-service.ts: the account Orthanc's authorization plugin calls the
    // auth service with, RandomPassword of 32.
    "orthanc-auth-client": () => ({ username: authServiceClientName, password: randomAlphanumeric(32) }),
    // components/postgres/cluster.ts: the Cluster's owner (CloudNativePG requires it), RandomPassword of 32.
    "orthanc-db-owner": ({ generated }) => ({ username: plannedPostgresCluster(generated.plan).owner, password: randomAlphanumeric(32) }),
    // components/certificates/site-ca.ts: a self-signed RSA 4096 root, kept as a kubernetes.io/tls Secret.
    "imaging-site-ca": async ({ generated, directory }) => {
        const ca = await createCa(directory("imaging-site-ca"), `${generated.site.name} imaging CA`, { kind: "rsa", bits: 4096 });
        return { "tls.crt": read(ca, "certificate"), "tls.key": read(ca, "key") };
    },
};

// The Secret holding the site CA's certificate and key (SiteCertificateAuthority).
export function siteCaSecret(plan: Plan): KubernetesObject {
    const components = plan.resources.filter((r) => r.type === "imaging:certificates:SiteCertificateAuthority");
    if (components.length !== 1) {
        throw new Error(`expected one SiteCertificateAuthority in the plan, found ${components.length}`);
    }
    const secrets = plan.resources
        .filter((r) => r.parent === components[0].urn)
        .map((r) => r.inputs as unknown as KubernetesObject)
        .filter((object) => object.apiVersion === kinds.secret[0] && object.kind === kinds.secret[1]);
    if (secrets.length !== 1) {
        throw new Error(`expected the SiteCertificateAuthority to declare one Secret, found ${secrets.length}`);
    }
    return secrets[0];
}

// Alphanumeric, like the program's RandomPassword and RandomString with special: false.
export function randomAlphanumeric(length: number): string {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    return Array.from(crypto.randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join("");
}

function read(ca: CertificateAuthority, file: keyof CertificateAuthority): string {
    return fs.readFileSync(ca[file], "utf8");
}
