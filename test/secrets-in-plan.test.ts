// No secret reaches the plan's files: not the values the site's secret config
// holds, not the stand-ins for what the program generates (passwords, their
// bcrypt hashes, private keys), and every credential output is marked secret.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { writePlan } from "../tools/plan/artifacts";
import type { Plan } from "../tools/plan/evaluate";
import { activeDirectory, entraId } from "./support/identity-upstreams";
import { generatedSecretStandIns, localSiteWith, planSite, planStack } from "./support/plan";

// Secret config values, each one unmistakable in any file it leaks into.
const canaries = {
    objectStoreSecretAccessKey: "canary-access-key-5f1c",
    alertWebhookUrl: "https://alerts.example/canary-webhook-9d2e",
    objectStoreConnectionString: "DefaultEndpointsProtocol=https;AccountKey=canary-account-key-77ab",
    objectStoreBackupSecretAccessKey: "canary-backup-key-3a90",
    objectStoreBackupConnectionString: "DefaultEndpointsProtocol=https;AccountKey=canary-backup-account-key-b1c4",
    identityOidcClientSecret: "canary-oidc-client-secret-61d8",
    identityLdapBindPassword: "canary-ldap-bind-password-0e27",
};

function filesUnder(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const file = path.join(dir, entry.name);
        return entry.isDirectory() ? filesUnder(file) : [file];
    });
}

function writtenText(plan: Plan): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "imaging-secrets-"));
    try {
        writePlan(plan, dir);
        const files = filesUnder(dir);
        assert.ok(files.length > 20, `only ${files.length} files written`);
        return files.map((file) => fs.readFileSync(file, "utf8")).join("\n");
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

// Every output leaf whose key names a credential, with its path.
function credentialOutputs(value: unknown, at = ""): [string, unknown][] {
    if (value === null || typeof value !== "object") {
        return [];
    }
    return Object.entries(value).flatMap(([key, inner]) =>
        /password|username|secret|token|key$/i.test(key) && typeof inner !== "object"
            ? [[`${at}${key}`, inner] as [string, unknown]]
            : credentialOutputs(inner, `${at}${key}.`),
    );
}

// The local site signing people in through the hospital's directory or identity provider.
function planWithUpstream(upstream: Record<string, unknown>, secrets: Record<string, string>): Promise<Plan> {
    const roleGroups = { viewer: ["PACS Viewers"], technologist: ["PACS Technologists"], admin: ["PACS Admins"] };
    return planSite(localSiteWith({ identity: { provider: "platform", upstream, roleGroups } }), secrets);
}

describe("secrets and the plan", () => {
    const variants: Array<[string, () => Promise<Plan>]> = [
        ["stack local", () => planStack("local")],
        [
            "local with an S3 store and an alert webhook",
            () =>
                planSite(localSiteWith({ objectStore: { type: "s3", bucket: "pacs-archive", region: "eu-central-1", accessKeyId: "orthanc", backupAccessKeyId: "backups" } }), {
                    objectStoreSecretAccessKey: canaries.objectStoreSecretAccessKey,
                    objectStoreBackupSecretAccessKey: canaries.objectStoreBackupSecretAccessKey,
                    alertWebhookUrl: canaries.alertWebhookUrl,
                }),
        ],
        [
            "local with an Azure Blob store",
            () =>
                planSite(localSiteWith({ objectStore: { type: "azureBlob", storageAccount: "pacsarchive", container: "dicom" } }), {
                    objectStoreConnectionString: canaries.objectStoreConnectionString,
                    objectStoreBackupConnectionString: canaries.objectStoreBackupConnectionString,
                }),
        ],
        [
            "local brokering to Entra ID",
            () => planWithUpstream(entraId, { identityOidcClientSecret: canaries.identityOidcClientSecret }),
        ],
        [
            "local federating Active Directory over LDAP",
            () => planWithUpstream(activeDirectory, { identityLdapBindPassword: canaries.identityLdapBindPassword }),
        ],
    ];
    for (const [label, evaluate] of variants) {
        describe(label, () => {
            let plan: Plan;
            before(async () => {
                plan = await evaluate();
            });

            it("writes no secret value into any file of the plan", () => {
                const text = writtenText(plan);
                for (const secret of [...generatedSecretStandIns, ...Object.values(canaries)]) {
                    assert.ok(!text.includes(secret), `${secret} appears in the plan`);
                }
            });

            it("keeps every generated name secret in Pulumi's state, not only in the outputs", () => {
                const generated = plan.resources.filter((r) => r.type === "random:index/randomString:RandomString");
                assert.deepEqual(generated.map((r) => r.name).sort(), ["keycloak-admin-user", "monitoring-grafana-admin-user", "prometheus-query-user"]);
                for (const r of generated) {
                    assert.deepEqual(r.additionalSecretOutputs, ["result"], r.name);
                }
            });

            it("marks every credential output secret", () => {
                const credentials = credentialOutputs(plan.outputs);
                assert.ok(credentials.length >= 6, `only ${credentials.map(([at]) => at).join(", ")}`);
                for (const [at, value] of credentials) {
                    assert.equal(value, "[secret]", `output ${at}`);
                }
            });
        });
    }

    it("would see a leak (the scan can fail)", async () => {
        const plan = await planStack("local");
        plan.resources[0].inputs.leaked = `${generatedSecretStandIns[0]}keycloak-admin`;
        assert.ok(writtenText(plan).includes(generatedSecretStandIns[0]));
    });
});
