// Which secret reaches which Secret. The plan masks every secret value, so it
// cannot tell Orthanc's object-store key from the backups': a swap would hand a
// compromised Orthanc the key that deletes backups, and every plan-based test
// would pass. Here the platform runs under mocks of the test's own that keep
// what the SDK sends, with a distinct value for each secret key.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as tls from "@pulumi/tls";
import { parseSiteConfig } from "../stacks/config/load";
import type { SiteSecrets } from "../stacks/config/load";
import { Platform } from "../stacks/platform";
import { siteContract } from "../stacks/site";
import { localSiteWith, project } from "./support/plan";
import { unwrapped } from "./support/site-mocks";

type Json = Record<string, any>;

// Every Secret the program declares, by name, with its data as sent.
async function secretsSent(siteChanges: Record<string, unknown>, secrets: Record<string, string>): Promise<Record<string, Json>> {
    const sent: Record<string, Json> = {};
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                if (args.type === "kubernetes:core/v1:Secret") {
                    sent[args.inputs.metadata.name] = unwrapped(args.inputs.stringData) as Json;
                }
                return { id: `${args.name}-id`, state: args.inputs };
            },
            call: () => {
                throw new Error("no look-ups");
            },
        },
        project,
        "secret-routing",
        false,
    );
    await pulumi.runtime.runInPulumiStack(async () => {
        const site = {
            config: parseSiteConfig(localSiteWith(siteChanges)),
            secrets: Object.fromEntries(Object.entries(secrets).map(([key, value]) => [key, pulumi.secret(value)])) as SiteSecrets,
        };
        // The keys pass through the site kind's contract, as in index.ts.
        const contract = siteContract(site);
        new Platform(
            "platform",
            { settings: site.config, alertWebhookUrl: site.secrets.alertWebhookUrl, contract },
            { providers: [contract.provider, new random.Provider("random", {}), new tls.Provider("tls", {})] },
        );
    });
    await pulumi.runtime.disconnect();
    return sent;
}

describe("which secret reaches which Secret", () => {
    it("gives Orthanc its S3 key and the backups theirs, never the other's", async () => {
        const sent = await secretsSent(
            { objectStore: { type: "s3", bucket: "pacs-archive", region: "eu-central-1", accessKeyId: "orthanc-id", backupAccessKeyId: "backups-id" } },
            { objectStoreSecretAccessKey: "orthanc-secret", objectStoreBackupSecretAccessKey: "backups-secret" },
        );
        assert.deepEqual(sent["object-store-credentials"], { ACCESS_KEY_ID: "orthanc-id", ACCESS_SECRET_KEY: "orthanc-secret" });
        assert.deepEqual(sent["backup-object-store-credentials"], { ACCESS_KEY_ID: "backups-id", ACCESS_SECRET_KEY: "backups-secret" });
    });

    it("gives Orthanc its Azure connection string and the backups theirs", async () => {
        const sent = await secretsSent(
            { objectStore: { type: "azureBlob", storageAccount: "pacsarchive", container: "dicom" } },
            { objectStoreConnectionString: "orthanc-connection", objectStoreBackupConnectionString: "backups-connection" },
        );
        assert.deepEqual(sent["object-store-credentials"], { AZURE_CONNECTION_STRING: "orthanc-connection" });
        assert.deepEqual(sent["backup-object-store-credentials"], { AZURE_CONNECTION_STRING: "backups-connection" });
    });
});
