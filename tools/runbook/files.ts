// The local file names the runbook's steps share, so that a file one step writes
// is the file the next step reads.
import type { RunbookValues } from "./values";

export function files(values: RunbookValues) {
    const site = values.siteName;
    return {
        siteCa: `${site}-site-ca.crt`,
        kubeconfig: `${site}-kubeconfig.yaml`,
        workstationKey: `${site}-workstation.key`,
        workstationCsr: `${site}-workstation.csr`,
        workstationCertificate: `${site}-workstation.crt`,
        testImage: "runbook-test.dcm",
        clusterBefore: `${values.postgres.cluster}-before-restore.yaml`,
        recoveryPatch: `${values.postgres.cluster}-recovery-patch.yaml`,
        recoveryManifest: `${values.postgres.cluster}-recovery.yaml`,
    };
}

// The test workstation is enrolled like a modality, under this name and AE title.
export const workstation = { name: "runbook-workstation", aeTitle: "RUNBOOK_TEST" } as const;
