import { strict as assert } from "assert";
import { buildOrthancConfig, type OrthancConfigInput } from "../components/orthanc/config";
import { buildRequestFilterLua } from "../components/orthanc/request-filter";
import { signInSections } from "../components/orthanc/sign-in";

const signIn = {
    authServiceUrl: "http://orthanc-auth:8000/",
    authServiceUsername: "orthanc",
    keycloak: { url: "https://pacs.example/keycloak/", realm: "imaging", clientId: "orthanc" },
};

const base: OrthancConfigInput = {
    name: "site-a-orthanc",
    aeTitle: "SITE_A",
    database: { host: "orthanc-db-rw.imaging.svc", port: 5432, database: "orthanc" },
    storage: { kind: "volume" },
    concurrentJobs: 2,
    sharedDatabase: false,
    signIn,
};

describe("orthanc.json builder", () => {
    it("requires client certificates on the DICOM TLS port", () => {
        const config = buildOrthancConfig(base);
        assert.equal(config.DicomTlsEnabled, true);
        assert.equal(config.DicomTlsRemoteCertificateRequired, true);
        assert.match(String(config.DicomTlsCertificate), /tls\.crt$/);
        assert.match(String(config.DicomTlsPrivateKey), /tls\.key$/);
        assert.match(String(config.DicomTlsTrustedCertificates), /ca\.crt$/);
        assert.equal(config.DicomAet, "SITE_A");
    });

    it("carries no secret, only placeholders", () => {
        const text = JSON.stringify(buildOrthancConfig(base));
        // No literal password-like value: every credential is a ${VAR}.
        assert.match(text, /\$\{ORTHANC_DB_PASSWORD\}/);
        assert.match(text, /"WebServicePassword":"\$\{ORTHANC_AUTH_SERVICE_PASSWORD\}"/);
        assert.doesNotMatch(text, /"(orthanc|admin|password)"\s*:\s*"(orthanc|admin|password)"/i);
    });

    it("indexes in PostgreSQL over verified TLS, files elsewhere", () => {
        const pg = buildOrthancConfig(base).PostgreSQL as Record<string, unknown>;
        assert.equal(pg.EnableIndex, true);
        assert.equal(pg.EnableStorage, false);
        assert.match(String(pg.ConnectionUri), /^postgresql:\/\/\$\{ORTHANC_DB_USER\}:\$\{ORTHANC_DB_PASSWORD\}@orthanc-db-rw\.imaging\.svc:5432\/orthanc\?/);
        assert.match(String(pg.ConnectionUri), /sslmode=verify-full/);
        assert.match(String(pg.ConnectionUri), /sslrootcert=\/etc\/orthanc\/tls\/postgres\/ca\.crt/);
    });

    it("locks the database and keeps jobs with a single server", () => {
        const config = buildOrthancConfig(base);
        assert.equal((config.PostgreSQL as Record<string, unknown>).Lock, true);
        assert.equal(config.SaveJobs, true);
    });

    it("drops the lock and persisted jobs when servers share the database", () => {
        const config = buildOrthancConfig({ ...base, sharedDatabase: true });
        assert.equal((config.PostgreSQL as Record<string, unknown>).Lock, false);
        assert.equal(config.SaveJobs, false);
        assert.equal(config.DatabaseServerIdentifier, "${POD_NAME}");
    });

    it("stores on the volume when the site has no object store", () => {
        const config = buildOrthancConfig(base);
        assert.equal(config.StorageDirectory, "/var/lib/orthanc/db");
        assert.equal(config.AwsS3Storage, undefined);
    });

    it("stores in S3-compatible storage with keys from the environment", () => {
        const config = buildOrthancConfig({
            ...base,
            storage: { kind: "s3", bucket: "pacs", region: "eu-central-1", endpoint: "https://minio.example", rootPath: "orthanc", withAccessKey: true },
        });
        assert.deepEqual(config.AwsS3Storage, {
            BucketName: "pacs",
            Region: "eu-central-1",
            RootPath: "orthanc",
            StorageStructure: "flat",
            Endpoint: "https://minio.example",
            VirtualAddressing: false,
            AccessKey: "${ORTHANC_S3_ACCESS_KEY}",
            SecretKey: "${ORTHANC_S3_SECRET_KEY}",
        });
        assert.equal(config.StorageDirectory, undefined);
    });

    it("uses the cloud identity on AWS S3 without keys", () => {
        const config = buildOrthancConfig({
            ...base,
            storage: { kind: "s3", bucket: "pacs", region: "eu-central-1", rootPath: "orthanc", withAccessKey: false },
        });
        const s3 = config.AwsS3Storage as Record<string, unknown>;
        assert.equal(s3.AccessKey, undefined);
        assert.equal(s3.Endpoint, undefined);
    });

    it("stores in Azure Blob with the connection string from the environment", () => {
        const config = buildOrthancConfig({ ...base, storage: { kind: "azureBlob", container: "dicom", rootPath: "orthanc" } });
        const azure = config.AzureBlobStorage as Record<string, unknown>;
        assert.equal(azure.ConnectionString, "${ORTHANC_AZURE_CONNECTION_STRING}");
        assert.equal(azure.ContainerName, "dicom");
        assert.equal(azure.CreateContainerIfNotExists, false);
    });

    it("turns on DICOMweb and the hardening switches", () => {
        const config = buildOrthancConfig(base);
        assert.equal((config.DicomWeb as Record<string, unknown>).Enable, true);
        assert.equal(config.ExecuteLuaEnabled, false);
        assert.equal(config.RestApiWriteToFileSystemEnabled, false);
        assert.equal(config.DicomCheckCalledAet, true);
        assert.equal(config.OverwriteInstances, false);
        assert.equal(config.StorageCompression, false);
    });

    it("confines the metrics user in the Lua filter it loads", () => {
        const config = buildOrthancConfig(base);
        assert.deepEqual(config.LuaScripts, ["/etc/orthanc/request-filter.lua"]);
        const lua = buildRequestFilterLua("metrics");
        assert.match(lua, /function IncomingHttpRequestFilter\(method, uri, ip, username, httpHeaders\)/);
        assert.throws(() => buildRequestFilterLua('x" or true --'), /must be lowercase/);
    });

    it("hands authentication to the plugin and keeps no users", () => {
        const config = buildOrthancConfig(base);
        const sections = signInSections(signIn);
        for (const [key, value] of Object.entries(sections)) {
            assert.deepEqual(config[key], value, key);
        }
        assert.equal(config.AuthenticationEnabled, false);
        assert.equal("RegisteredUsers" in config, false);
    });

    it("has the filter check the metrics password, since Orthanc does not", () => {
        const lua = buildRequestFilterLua("metrics");
        assert.match(lua, /local metricsPassword = os\.getenv\("ORTHANC_METRICS_PASSWORD"\)/);
        assert.match(lua, /if isMetricsPath\(uri\) then\n\s+return method == "GET" and isMetricsCaller\(httpHeaders\)/);
        assert.match(lua, /if claimsMetricsUser\(username, httpHeaders\) then return false end/);
    });
});
