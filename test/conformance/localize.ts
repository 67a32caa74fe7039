// The one place where the conformance test departs from production. The generated
// orthanc.json is written for the orthancteam container on Kubernetes; here it
// runs on Debian's Orthanc on loopback. localizeOrthancConfig changes exactly the
// keys listed in localizedKeys and nothing else, so a reader sees what differs.
// One difference is not a key: the sections of the authorization plugin and of
// Orthanc Explorer 2 stay as planned, but Debian ships neither plugin, so its
// Orthanc ignores them (test/conformance/sign-in.test.ts says what that leaves unproven).
import type { OrthancJson } from "../../components/orthanc/config";
import { podEnv } from "../../components/orthanc/paths";
import { orthancPluginsDirectory } from "./required-tools";

// Every key the localization may change (a dotted path names a nested key), and why.
export const localizedKeys: Record<string, string> = {
    DicomPort: "a free loopback port instead of the Service's port",
    HttpPort: "a free loopback port instead of the Service's port",
    DicomTlsCertificate: "the same file in the local copy of its mount",
    DicomTlsPrivateKey: "the same file in the local copy of its mount",
    DicomTlsTrustedCertificates: "the same file in the local copy of its mount",
    "Authorization.WebServicePassword": "${VAR} placeholder filled from the container's environment (the image's envsubst)",
    DatabaseServerIdentifier: "${POD_NAME} filled from the container's environment (the image's envsubst)",
    "PostgreSQL.ConnectionUri":
        "${VAR} placeholders filled; hostaddr added for the test cluster's loopback address and the port changed, " +
        "while the host name stays, so that verify-full still checks it against the server certificate; " +
        "sslrootcert the same file in the local copy of its mount",
    LuaScripts: "the same file in the local copy of its mount",
    StorageDirectory: "the local copy of its mount",
    IndexDirectory: "added: a temporary directory, so Orthanc writes nothing into its working directory",
    Plugins: "added: Debian's plugin files; the orthancteam image enables plugins from their configuration sections instead",
};

// Every variable of Orthanc's process environment the localization may change, and why.
export const localizedVariables: Record<string, string> = {
    [podEnv.auditFile]: "the same file in the local copy of its mount (the audit emptyDir)",
};

// The container's environment for Orthanc's process: as Kubernetes sets it, but
// for the variables in localizedVariables.
export function localizeProcessEnvironment(variables: Record<string, string>, mounts: Record<string, string>): Record<string, string> {
    const local = { ...variables };
    if (podEnv.auditFile in local) {
        local[podEnv.auditFile] = toLocalPath(local[podEnv.auditFile], mounts);
    }
    return local;
}

export interface LocalOrthancEnvironment {
    dicomPort: number;
    httpPort: number;
    // Where the database cluster's read-write Service is reached here.
    postgres: { address: string; port: number };
    // The container's environment, as Kubernetes would set it (container-environment.ts).
    variables: Record<string, string>;
    // Where each mount of the container lives on this machine, keyed by its path
    // in the container (local-mounts.ts).
    mounts: Record<string, string>;
    indexDirectory: string;
}

export function localizeOrthancConfig(generated: OrthancJson, environment: LocalOrthancEnvironment): OrthancJson {
    // The image runs envsubst over the whole file, keys included.
    const config = substituteVariables(generated, environment.variables) as OrthancJson;
    // First: it refuses a configuration that stores in an object store.
    const plugins = debianPlugins(config);
    const local = (containerPath: unknown) => toLocalPath(containerPath, environment.mounts);
    const postgres = config.PostgreSQL as OrthancJson;
    return {
        ...config,
        DicomPort: environment.dicomPort,
        HttpPort: environment.httpPort,
        DicomTlsCertificate: local(config.DicomTlsCertificate),
        DicomTlsPrivateKey: local(config.DicomTlsPrivateKey),
        DicomTlsTrustedCertificates: local(config.DicomTlsTrustedCertificates),
        LuaScripts: (config.LuaScripts as string[]).map(local),
        StorageDirectory: local(config.StorageDirectory),
        IndexDirectory: environment.indexDirectory,
        PostgreSQL: { ...postgres, ConnectionUri: localConnectionUri(postgres.ConnectionUri as string, environment) },
        Plugins: plugins,
    };
}

// Same user, password, database, host name and TLS mode; the connection goes to
// the test cluster's address and port, and the CA file is the mount's local copy.
function localConnectionUri(generated: string, environment: LocalOrthancEnvironment): string {
    const uri = new URL(generated);
    uri.searchParams.set("hostaddr", environment.postgres.address);
    uri.port = String(environment.postgres.port);
    const rootCertificate = uri.searchParams.get("sslrootcert");
    if (rootCertificate !== null) {
        uri.searchParams.set("sslrootcert", toLocalPath(rootCertificate, environment.mounts));
    }
    // libpq reads percent-encoding, but a plain path is easier to read in a log.
    return uri.toString().replace(/%2F/g, "/");
}

// The plugin files Debian installs for each section the configuration enables.
export function debianPlugins(config: OrthancJson): string[] {
    const plugins: string[] = [];
    const postgres = config.PostgreSQL as OrthancJson | undefined;
    if (postgres?.EnableIndex === true) {
        plugins.push(`${orthancPluginsDirectory}/libOrthancPostgreSQLIndex.so`);
    }
    if (postgres?.EnableStorage === true) {
        plugins.push(`${orthancPluginsDirectory}/libOrthancPostgreSQLStorage.so`);
    }
    if ((config.DicomWeb as OrthancJson | undefined)?.Enable === true) {
        plugins.push(`${orthancPluginsDirectory}/libOrthancDicomWeb.so`);
    }
    for (const section of ["AwsS3Storage", "AzureBlobStorage"]) {
        if (section in config) {
            throw new Error(`${section}: Debian packages no such plugin; the conformance stack must store on a volume`);
        }
    }
    return plugins;
}

// A container path becomes the same file under the local copy of its mount; the
// longest matching mount wins, as with nested volume mounts.
function toLocalPath(containerPath: unknown, mounts: Record<string, string>): string {
    if (typeof containerPath !== "string") {
        throw new Error(`expected a path, got ${JSON.stringify(containerPath)}`);
    }
    const mount = Object.keys(mounts)
        .filter((dir) => containerPath === dir || containerPath.startsWith(`${dir}/`))
        .sort((a, b) => b.length - a.length)[0];
    if (mount === undefined) {
        throw new Error(`${containerPath} is on no mounted volume`);
    }
    return mounts[mount] + containerPath.slice(mount.length);
}

const placeholderPattern = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

function substituteVariables(value: unknown, variables: Record<string, string>): unknown {
    if (typeof value === "string") {
        return value.replace(placeholderPattern, (_, name: string) => {
            // envsubst would silently write an empty string; the test wants to know.
            if (!(name in variables)) {
                throw new Error(`no value for \${${name}}`);
            }
            return variables[name];
        });
    }
    if (Array.isArray(value)) {
        return value.map((item) => substituteVariables(item, variables));
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(
            Object.entries(value).map(([key, inner]) => [substituteVariables(key, variables), substituteVariables(inner, variables)]),
        );
    }
    return value;
}

export function placeholdersIn(value: unknown): string[] {
    return [...JSON.stringify(value).matchAll(placeholderPattern)].map((match) => match[1]);
}

// The plan cannot compute the site CA's certificate (no provider runs): it writes a
// stand-in wherever the certificate goes, as into the ConfigMap of trusted client
// CAs. In the local copy of a ConfigMap the stand-in becomes the test's site CA,
// as the real certificate would; everything else in the ConfigMap stays as planned.
export interface ComputedValue {
    standIn: string;
    value: string;
}

export function withComputedValues(text: string, computed: ComputedValue[]): string {
    return computed.reduce((result, { standIn, value }) => result.split(standIn.trim()).join(value.trim()), text);
}
