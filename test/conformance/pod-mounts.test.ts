// How the conformance test reads the container's mounts from the plan: what the
// kubelet would put in each, and a loud stop at anything it cannot recreate.
import { strict as assert } from "assert";
import { loadGeneratedOrthanc, type GeneratedOrthanc } from "./generated-orthanc";
import { plannedMounts, selectedFiles, type PlannedMount } from "./pod-mounts";
import type { Volume } from "./pod-spec";

describe("the conformance test's mounts, read from the plan", () => {
    let generated: GeneratedOrthanc;

    before(async () => {
        generated = await loadGeneratedOrthanc();
    });

    const mountAt = (path: string): PlannedMount => {
        const mount = generated.mounts.find((m) => m.mountPath === path);
        assert.ok(mount, `no mount at ${path}`);
        return mount;
    };

    it("has one planned mount for each volume mount of the orthanc container, in order", () => {
        assert.deepEqual(
            generated.mounts.map((mount) => mount.mountPath),
            (generated.container.volumeMounts ?? []).map((mount) => mount.mountPath),
        );
    });

    it("fills a ConfigMap volume with the planned ConfigMap's keys and content", () => {
        const config = mountAt("/etc/orthanc");
        assert.equal(config.content.kind, "files");
        const [selection] = config.content.kind === "files" ? config.content.selections : [];
        const files = selectedFiles(selection, selection.plannedData);
        assert.deepEqual(files.map((file) => file.path).sort(), ["orthanc.json", "request-filter.lua"]);
        assert.deepEqual(JSON.parse(files.find((file) => file.path === "orthanc.json")!.content), generated.config);
    });

    it("takes from a Secret volume with items only the listed keys", () => {
        const postgresCa = mountAt("/etc/orthanc/tls/postgres");
        assert.equal(postgresCa.content.kind, "files");
        const [selection] = postgresCa.content.kind === "files" ? postgresCa.content.selections : [];
        const files = selectedFiles(selection, { "ca.crt": "CA", "ca.key": "KEY" });
        assert.deepEqual(files.map((file) => [file.path, file.content]), [["ca.crt", "CA"]]);
    });

    it("stops where the kubelet would: a missing Secret or key", () => {
        const postgresCa = mountAt("/etc/orthanc/tls/postgres");
        const [selection] = postgresCa.content.kind === "files" ? postgresCa.content.selections : [];
        assert.throws(() => selectedFiles(selection, undefined), /does not exist/);
        assert.throws(() => selectedFiles(selection, { "tls.crt": "x" }), /has no key ca\.crt/);
    });

    it("gives emptyDir and claim volumes an empty directory", () => {
        assert.deepEqual(mountAt("/var/lib/orthanc/db").content, { kind: "empty directory", volumeKind: "persistentVolumeClaim" });
        assert.deepEqual(mountAt("/tmp").content, { kind: "empty directory", volumeKind: "emptyDir" });
    });

    it("refuses a volume kind or projected source it cannot recreate", () => {
        const mountOf = (volume: Volume) =>
            plannedMounts(generated.plan, generated.namespace, { name: "c", volumeMounts: [{ name: volume.name, mountPath: "/x" }] }, [volume]);
        assert.throws(() => mountOf({ name: "host", hostPath: { path: "/etc" } }), /does not know how to recreate a hostPath volume/);
        assert.throws(
            () => mountOf({ name: "token", projected: { sources: [{ serviceAccountToken: { path: "token" } }] } }),
            /projected serviceAccountToken source/,
        );
        assert.throws(
            () => plannedMounts(generated.plan, generated.namespace, { name: "c", volumeMounts: [{ name: "absent", mountPath: "/x" }] }, []),
            /names no volume/,
        );
    });
});
