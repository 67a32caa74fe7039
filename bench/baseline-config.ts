// The comparison point of the ingest benchmark: Orthanc as common Kubernetes
// examples configure it. DICOM files go into PostgreSQL (the storage plugin,
// large objects) instead of a volume, nothing is tuned, and the process gets no
// TCP_NODELAY. It keeps what the benchmark needs to reach it: ports, users, the
// database connection, and DICOM TLS with client certificates (the benchmark
// sends over TLS to both, so the difference measured is not TLS).
import type { OrthancJson } from "../components/orthanc/config";
import { debianPlugins } from "../test/conformance/localize";

const keptFromLocalized = [
    "Name",
    "DicomAet",
    "DicomPort",
    "HttpPort",
    "RemoteAccessAllowed",
    "AuthenticationEnabled",
    "RegisteredUsers",
    "DicomTlsEnabled",
    "DicomTlsCertificate",
    "DicomTlsPrivateKey",
    "DicomTlsTrustedCertificates",
    "DicomTlsRemoteCertificateRequired",
    // Unused with a database index; keeps Orthanc from writing into its working directory.
    "IndexDirectory",
];

export function baselineOrthancConfig(localized: OrthancJson): OrthancJson {
    const postgres = localized.PostgreSQL as OrthancJson;
    const config: OrthancJson = {
        ...Object.fromEntries(keptFromLocalized.filter((key) => key in localized).map((key) => [key, localized[key]])),
        PostgreSQL: { EnableIndex: true, EnableStorage: true, ConnectionUri: postgres.ConnectionUri },
    };
    return { ...config, Plugins: debianPlugins(config) };
}

// Neither the server nor the modality disables Nagle's algorithm.
export const baselineEnvironment: Record<string, string> = {};
