// The parts of a site that every Orthanc in a run shares, all made from the plan:
// a scratch directory, the stand-ins of the Secrets (secret-stand-ins.ts), the
// PostgreSQL cluster as CloudNativePG would run the plan's Cluster, and the
// orthanc container's environment as Kubernetes would set it.
import { cloudNativePgDefaults, caSecretName, hbaConf, identConf, plannedPostgresCluster, serverSecretName } from "./cloudnative-pg";
import { containerEnvironment } from "./container-environment";
import { freeLoopbackPort } from "./free-port";
import type { GeneratedOrthanc } from "./generated-orthanc";
import type { Credentials } from "./orthanc-rest";
import { createCa, type CertificateAuthority } from "./pki";
import { kinds, kubernetesObjects } from "./plan-objects";
import { startPostgres, type PostgresServer } from "./postgres-server";
import { siteCaSecret } from "./program-secrets";
import { assertRequiredTools } from "./required-tools";
import { ScratchDirectory } from "./scratch-directory";
import { SecretStandIns } from "./secret-stand-ins";
import type { Teardown } from "./teardown";
import { bearerOf } from "./unsigned-token";

// Who the tests act as on Orthanc's REST API. The plan's Orthanc keeps no users of
// its own: people sign in through the realm, and the authorization plugin (not in
// Debian) asks the auth service about their tokens. Here nothing decides, so every
// request the request filter lets through is served; the person's token names them
// in the audit lines.
export const conformancePerson = "conformance-admin";

export interface TestCredentials {
    // The Authorization header of conformancePerson.
    person: string;
    // What Prometheus scrapes with (the ServiceMonitor's basicAuth).
    metrics: Credentials;
    // The database owner of the Cluster's bootstrap.
    database: Credentials;
}

export interface LocalSite {
    scratch: ScratchDirectory;
    generated: GeneratedOrthanc;
    secrets: SecretStandIns;
    postgres: PostgresServer;
    // Every variable of the orthanc container, as Kubernetes would set it.
    environment: Record<string, string>;
    credentials: TestCredentials;
    // The site CA, the root modalities trust for Orthanc's server certificate.
    siteCa: CertificateAuthority;
    // The modality CA, which enrols modalities: the test's stand-in for the
    // program's ModalityCertificateAuthority, whose key no Secret holds.
    modalityCa: CertificateAuthority;
}

// Set to keep the scratch directory (logs, configuration) for a look after the run.
const keepFilesVariable = "KEEP_CONFORMANCE_FILES";

export async function startLocalSite(name: string, generated: GeneratedOrthanc, teardown: Teardown): Promise<LocalSite> {
    assertRequiredTools();
    const scratch = ScratchDirectory.create(`imaging-${name}`);
    teardown.add("scratch directory", () => {
        if (process.env[keepFilesVariable]) {
            console.log(`kept ${scratch.root}`);
        } else {
            scratch.remove();
        }
    });
    const secrets = new SecretStandIns(generated, scratch.path("secrets"));

    const cluster = plannedPostgresCluster(generated.plan);
    const [serverTls, clientCa] = await Promise.all([
        secrets.required(cluster.namespace, serverSecretName(cluster)),
        secrets.required(cluster.namespace, caSecretName(cluster)),
    ]);
    const postgres = await startPostgres(scratch, {
        port: await freeLoopbackPort(),
        tls: { certificatePem: serverTls["tls.crt"], keyPem: serverTls["tls.key"], clientCaPem: clientCa["ca.crt"] },
        hba: hbaConf(cluster),
        ident: identConf,
        settings: cloudNativePgDefaults.settings,
    });
    teardown.add("PostgreSQL", () => postgres.stop());

    const environment = await containerEnvironment(generated.container, {
        plan: generated.plan,
        pod: { name: `orthanc-conformance-${process.pid}`, namespace: generated.namespace },
        secret: (namespace, secretName) => secrets.data(namespace, secretName),
    });
    const basicAuth = async (namespace: string, secretName: string): Promise<Credentials> => {
        const data = await secrets.required(namespace, secretName);
        return { username: data.username, password: data.password };
    };
    const credentials: TestCredentials = {
        person: bearerOf(conformancePerson),
        metrics: await basicAuth(generated.namespace, metricsScrapeSecret(generated)),
        database: await basicAuth(cluster.namespace, cluster.ownerSecretName),
    };
    // CloudNativePG's bootstrap.initdb: the owner's role with the Secret's password.
    await postgres.createLoginRole(credentials.database.username, credentials.database.password);

    const siteCaObject = siteCaSecret(generated.plan);
    const siteCa = await secrets.ca(siteCaObject.metadata.namespace ?? "", siteCaObject.metadata.name);
    // components/certificates/modality-ca.ts: a self-signed RSA 4096 root made by the tls provider.
    const modalityCa = await createCa(scratch.path("modality-ca"), `${generated.site.name} imaging modality CA`, { kind: "rsa", bits: 4096 });
    return { scratch, generated, secrets, postgres, environment, credentials, siteCa, modalityCa };
}

// The Secret the ServiceMonitor of Orthanc's namespace scrapes with, as
// prometheus-operator reads it; the metrics user of the configuration must be its user.
function metricsScrapeSecret(generated: GeneratedOrthanc): string {
    interface Endpoint {
        basicAuth?: { username?: { name?: string }; password?: { name?: string } };
    }
    const names = kubernetesObjects(generated.plan, ...kinds.serviceMonitor)
        .filter((monitor) => monitor.metadata.namespace === generated.namespace)
        .flatMap((monitor) => ((monitor.spec as { endpoints?: Endpoint[] } | undefined)?.endpoints ?? []))
        .flatMap((endpoint) => [endpoint.basicAuth?.username?.name, endpoint.basicAuth?.password?.name])
        .filter((name): name is string => name !== undefined);
    const unique = [...new Set(names)];
    if (unique.length !== 1) {
        throw new Error(`expected one basic-auth Secret for scraping in ${generated.namespace}, found ${unique.join(", ") || "none"}`);
    }
    return unique[0];
}
