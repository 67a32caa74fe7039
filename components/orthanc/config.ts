// Builds Orthanc's orthanc.json from typed inputs. Every choice that matters for a
// PACS (who may connect, how DICOM is secured, where files go) is made here, in one
// place, and the result carries no secret: secrets are ${VAR} placeholders that
// the orthancteam image fills from environment variables at start.
import { containerPaths, placeholder, podEnv, ports, secretEnv } from "./paths";
import { signInSections, type OrthancSignIn } from "./sign-in";

export interface OrthancDatabase {
    host: string;
    port: number;
    database: string;
}

export type OrthancStorage =
    | { kind: "volume" }
    | { kind: "s3"; bucket: string; region: string; endpoint?: string; rootPath: string; withAccessKey: boolean }
    | { kind: "azureBlob"; container: string; rootPath: string };

export interface OrthancConfigInput {
    // Shown in Orthanc Explorer and in logs, so operators know which site they are on.
    name: string;
    aeTitle: string;
    database: OrthancDatabase;
    storage: OrthancStorage;
    concurrentJobs: number;
    // Several replicas share one database: no exclusive lock, no persisted jobs.
    sharedDatabase: boolean;
    // Single sign-on: the authorization plugin decides every call (sign-in.ts), and
    // Orthanc keeps no users of its own.
    signIn: OrthancSignIn;
}

// Debian's (and so the orthancteam image's) bundle of public CAs.
export const systemCaBundle = "/etc/ssl/certs/ca-certificates.crt";

export interface OrthancJson {
    [key: string]: unknown;
}

export function buildOrthancConfig(input: OrthancConfigInput): OrthancJson {
    return {
        Name: input.name,
        ...dicomNetwork(input.aeTitle),
        ...dicomTls(),
        ...http(input.signIn),
        ...hardening(),
        ...jobs(input),
        DatabaseServerIdentifier: placeholder(podEnv.podName),
        PostgreSQL: postgres(input.database, input.sharedDatabase),
        DicomWeb: dicomWeb(),
        ...storage(input.storage),
    };
}

function dicomNetwork(aeTitle: string): OrthancJson {
    return {
        DicomAet: aeTitle,
        DicomPort: ports.dicom,
        // Refuse associations addressed to another AE title: a modality configured
        // for a different archive must fail loudly, not store here.
        DicomCheckCalledAet: true,
        // Any modality holding a certificate from the trusted CA may echo and store;
        // the client certificate, not the AE title, is the credential.
        DicomAlwaysAllowEcho: true,
        DicomAlwaysAllowStore: true,
        UnknownSopClassAccepted: false,
        // A resent instance (after a dropped association) is kept once.
        OverwriteInstances: false,
    };
}

function dicomTls(): OrthancJson {
    return {
        DicomTlsEnabled: true,
        DicomTlsCertificate: `${containerPaths.dicomServerTlsDirectory}/tls.crt`,
        DicomTlsPrivateKey: `${containerPaths.dicomServerTlsDirectory}/tls.key`,
        DicomTlsTrustedCertificates: `${containerPaths.dicomTrustedCaDirectory}/ca.crt`,
        DicomTlsRemoteCertificateRequired: true,
    };
}

function http(signIn: OrthancSignIn): OrthancJson {
    return {
        HttpPort: ports.http,
        // Reached only through the mesh; the authorization plugin decides every call.
        RemoteAccessAllowed: true,
        // No RegisteredUsers: with its authentication off Orthanc would not check them,
        // and the break-glass administrator is Keycloak's. The Lua filter checks the
        // metrics user's password instead (request-filter.ts).
        ...signInSections(signIn),
        LuaScripts: [`${containerPaths.configDirectory}/${containerPaths.requestFilterFile}`],
        // Outgoing HTTPS (DICOMweb peers, webhooks) verifies servers against the
        // system's CA bundle, named here rather than left to the image's default.
        HttpsVerifyPeers: true,
        HttpsCACertificates: systemCaBundle,
    };
}

function hardening(): OrthancJson {
    return {
        // No Lua sent over REST; the configured LuaScripts still load.
        ExecuteLuaEnabled: false,
        RestApiWriteToFileSystemEnabled: false,
        DeidentifyLogs: true,
        MetricsEnabled: true,
        // Measured: compression costs 2 to 4 times the ingest throughput in CPU.
        StorageCompression: false,
    };
}

function jobs(input: OrthancConfigInput): OrthancJson {
    return {
        ConcurrentJobs: input.concurrentJobs,
        // Orthanc's documentation: persisted jobs must be off when servers share a database.
        SaveJobs: !input.sharedDatabase,
    };
}

function postgres(database: OrthancDatabase, sharedDatabase: boolean): OrthancJson {
    const credentials = `${placeholder(secretEnv.databaseUser)}:${placeholder(secretEnv.databasePassword)}`;
    // verify-full: the server certificate must chain to the cluster's CA and name this host.
    const tls = `sslmode=verify-full&sslrootcert=${containerPaths.postgresCaDirectory}/ca.crt`;
    return {
        EnableIndex: true,
        EnableStorage: false,
        ConnectionUri: `postgresql://${credentials}@${database.host}:${database.port}/${database.database}?${tls}`,
        Lock: !sharedDatabase,
        MaximumConnectionRetries: 10,
        ConnectionRetryInterval: 5,
    };
}

function dicomWeb(): OrthancJson {
    return {
        Enable: true,
        Root: "/dicom-web/",
        EnableWado: true,
        WadoRoot: "/wado",
        // TLS ends at the ingress gateway; links Orthanc writes must still say https.
        Ssl: true,
    };
}

function storage(storage: OrthancStorage): OrthancJson {
    switch (storage.kind) {
        case "volume":
            return { StorageDirectory: containerPaths.storageDirectory };
        case "s3":
            return {
                AwsS3Storage: {
                    BucketName: storage.bucket,
                    Region: storage.region,
                    RootPath: storage.rootPath,
                    StorageStructure: "flat",
                    ...(storage.endpoint ? { Endpoint: storage.endpoint, VirtualAddressing: false } : {}),
                    ...(storage.withAccessKey
                        ? { AccessKey: placeholder(secretEnv.s3AccessKey), SecretKey: placeholder(secretEnv.s3SecretKey) }
                        : {}),
                },
            };
        case "azureBlob":
            return {
                AzureBlobStorage: {
                    ConnectionString: placeholder(secretEnv.azureConnectionString),
                    ContainerName: storage.container,
                    RootPath: storage.rootPath,
                    StorageStructure: "flat",
                    // The container is the site's; the program must not create one elsewhere by typo.
                    CreateContainerIfNotExists: false,
                },
            };
    }
}
