// The localization is the conformance test's only departure from production:
// it must change exactly the keys localize.ts documents, and leave nothing of
// the container behind (no placeholder, no container path).
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { OrthancJson } from "../../components/orthanc/config";
import { containerPaths } from "../../components/orthanc/paths";
import { containerEnvironment } from "./container-environment";
import { loadGeneratedOrthanc, type GeneratedOrthanc } from "./generated-orthanc";
import { localizedKeys, localizedVariables, localizeOrthancConfig, localizeProcessEnvironment, placeholdersIn, type LocalOrthancEnvironment } from "./localize";
import { SecretStandIns } from "./secret-stand-ins";

describe("localizeOrthancConfig (the conformance test's departures from production)", () => {
    let generated: GeneratedOrthanc;
    let environment: LocalOrthancEnvironment;
    let localized: OrthancJson;
    // Only a Secret with certificates would write here; the environment reads none.
    const secretFiles = fs.mkdtempSync(path.join(os.tmpdir(), "imaging-localize-"));

    before(async () => {
        generated = await loadGeneratedOrthanc();
        const secrets = new SecretStandIns(generated, secretFiles);
        environment = {
            dicomPort: 14242,
            httpPort: 18042,
            postgres: { address: "127.0.0.1", port: 15432 },
            variables: await containerEnvironment(generated.container, {
                plan: generated.plan,
                pod: { name: "orthanc-test", namespace: generated.namespace },
                secret: (namespace, name) => secrets.data(namespace, name),
            }),
            // Every mount of the container, as the plan has them.
            mounts: Object.fromEntries(generated.mounts.map((mount) => [mount.mountPath, `/scratch${mount.mountPath}`])),
            indexDirectory: "/scratch/index",
        };
        localized = localizeOrthancConfig(generated.config, environment);
    });

    after(() => fs.rmSync(secretFiles, { recursive: true, force: true }));

    it("changes exactly the documented keys", () => {
        const changed = changedKeys(generated.config, localized);
        const documented = (key: string) => Object.keys(localizedKeys).some((k) => key === k || key.startsWith(`${k}.`));
        assert.deepEqual(changed.filter((key) => !documented(key)), [], "changed but not in localizedKeys");
        const touched = Object.keys(localizedKeys).filter((k) => changed.some((key) => key === k || key.startsWith(`${k}.`)));
        assert.deepEqual(touched.sort(), Object.keys(localizedKeys).sort(), "documented but not changed");
    });

    it("has a value for every placeholder from the container's environment", () => {
        // Otherwise the image's envsubst would write an empty string in production.
        const set = new Set((generated.container.env ?? []).map((variable) => variable.name));
        const missing = placeholdersIn(generated.config).filter((name) => !set.has(name));
        assert.deepEqual(missing, []);
        assert.deepEqual(placeholdersIn(localized), []);
    });

    it("refers to no container path any more", () => {
        const text = JSON.stringify(localized);
        for (const dir of Object.values(containerPaths).filter((value) => value.startsWith("/"))) {
            assert.ok(!text.includes(`"${dir}`) && !text.includes(`=${dir}`), `${dir} is still referenced`);
        }
    });

    it("keeps the database connection verified: sslmode=verify-full against the mounted CA", () => {
        const generatedUri = new URL((generated.config.PostgreSQL as OrthancJson).ConnectionUri as string);
        const localUri = new URL((localized.PostgreSQL as OrthancJson).ConnectionUri as string);
        assert.equal(localUri.searchParams.get("sslmode"), "verify-full");
        assert.equal(localUri.searchParams.get("sslmode"), generatedUri.searchParams.get("sslmode"));
        assert.equal(localUri.searchParams.get("sslrootcert"), `/scratch${containerPaths.postgresCaDirectory}/ca.crt`);
        assert.equal(localUri.pathname, generatedUri.pathname);
        // The name verify-full checks stays; only the address and port are the test's.
        assert.equal(localUri.hostname, generatedUri.hostname);
        assert.equal(localUri.searchParams.get("hostaddr"), "127.0.0.1");
        assert.equal(localUri.port, "15432");
    });

    it("changes exactly the documented variables of Orthanc's environment, and points the audit file into its mount's copy", () => {
        const local = localizeProcessEnvironment(environment.variables, environment.mounts);
        const changed = Object.keys(environment.variables).filter((name) => local[name] !== environment.variables[name]);
        assert.deepEqual(changed.sort(), Object.keys(localizedVariables).sort());
        assert.deepEqual(Object.keys(local).sort(), Object.keys(environment.variables).sort());
        assert.equal(local.ORTHANC_AUDIT_FILE, `/scratch${containerPaths.auditDirectory}/${containerPaths.auditFile}`);
    });

    it("loads Debian's plugin for each section the configuration enables", () => {
        assert.deepEqual(localized.Plugins, [
            "/usr/share/orthanc/plugins/libOrthancPostgreSQLIndex.so",
            "/usr/share/orthanc/plugins/libOrthancDicomWeb.so",
        ]);
    });
});

// Dotted paths of the keys whose values differ (nested objects are compared key
// by key, arrays and scalars as a whole); added and removed keys included.
function changedKeys(before: unknown, after: unknown, prefix = ""): string[] {
    if (isObject(before) && isObject(after)) {
        const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
        return keys.flatMap((key) => changedKeys(before[key], after[key], prefix ? `${prefix}.${key}` : key));
    }
    return JSON.stringify(before) === JSON.stringify(after) ? [] : [prefix];
}

function isObject(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}
