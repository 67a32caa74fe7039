// The Debian packages whose programs the tests run for real. One list: the
// installer that `npm test` runs and the conformance test's own check read it.
export interface DebianPackage {
    name: string;
    // What the tests use it for, shown when it is missing.
    usedFor: string;
}

export const testPackages: readonly DebianPackage[] = [
    { name: "orthanc", usedFor: "the DICOM server the conformance test and the benchmark run" },
    { name: "orthanc-postgresql", usedFor: "Orthanc's index and storage in PostgreSQL" },
    { name: "orthanc-dicomweb", usedFor: "the DICOMweb plugin the generated configuration loads" },
    { name: "postgresql", usedFor: "the database server Orthanc connects to over TLS" },
    { name: "dcmtk", usedFor: "the modality side: img2dcm, dcmodify, echoscu, storescu" },
    { name: "openssl", usedFor: "the test's certificate authorities and keys" },
    { name: "prometheus", usedFor: "promtool, which checks the alert rules and dashboard queries" },
    { name: "python3", usedFor: "Orthanc's liveness check, which the container runs with its own Python" },
    { name: "nginx", usedFor: "the Prometheus query proxy's generated configuration, served for real" },
    { name: "cloud-init", usedFor: "cloud-init schema, which checks the user data of on-prem nodes" },
    { name: "curl", usedFor: "the vSphere site's wait for its API, run against a local HTTPS server" },
    { name: "mtail", usedFor: "the audit-metrics sidecar's program, run over the audit file the real Orthanc writes" },
];

export function packageNames(packages: readonly DebianPackage[] = testPackages): string[] {
    return packages.map((p) => p.name);
}

// What to type when the tests cannot install for themselves.
export function installCommand(names: string[], asRoot: boolean): string {
    return `${asRoot ? "" : "sudo "}apt-get update && ${asRoot ? "" : "sudo "}apt-get install -y --no-install-recommends ${names.join(" ")}`;
}
