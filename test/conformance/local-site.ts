// The parts of a site that every Orthanc in a run shares: a scratch directory,
// the certificates, a PostgreSQL cluster with the application's role, and the
// values Kubernetes would inject.
import type { GeneratedOrthanc } from "./generated-orthanc";
import { freeLoopbackPort } from "./free-port";
import { createTestPki, type TestPki } from "./pki";
import { startPostgres, type PostgresServer } from "./postgres-server";
import { assertRequiredTools } from "./required-tools";
import { ScratchDirectory } from "./scratch-directory";
import type { Teardown } from "./teardown";
import { credentialsFrom, generateInjectedValues, type TestCredentials } from "./test-secrets";

export interface LocalSite {
    scratch: ScratchDirectory;
    pki: TestPki;
    postgres: PostgresServer;
    // Values of the Deployment's valueFrom variables (Secrets, pod name).
    injectedValues: Record<string, string>;
    credentials: TestCredentials;
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
    const pki = await createTestPki(scratch.path("pki"));
    const postgres = await startPostgres(scratch, await freeLoopbackPort(), pki.server);
    teardown.add("PostgreSQL", () => postgres.stop());

    const injectedValues = generateInjectedValues(generated.injectedVariables);
    const credentials = credentialsFrom(injectedValues);
    await postgres.createLoginRole(credentials.database.username, credentials.database.password);
    return { scratch, pki, postgres, injectedValues, credentials };
}
