// The node bootstrap every on-prem site kind shares: RKE2's configuration, the
// cloud-init user data that installs and starts it, and the cluster's CAs and
// admin kubeconfig the program makes itself. Checked with the real tools where
// Debian has them: cloud-init's own schema check, and openssl on certificates
// made from exactly the inputs the program sends to the tls provider.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import { rke2ConfigFile, type Rke2ClusterSettings, type Rke2NodeRole } from "../components/site/rke2/config-file";
import { rke2Kubeconfig } from "../components/site/rke2/kubeconfig";
import { adminGroup, rke2CaFiles, Rke2ClusterPki } from "../components/site/rke2/pki";
import { rootCaHash, secureJoinToken } from "../components/site/rke2/join-token";
import { rke2UserData, type Rke2InstallSource } from "../components/site/rke2/user-data";
import { rke2 } from "../components/versions";
import { OpensslTlsProvider } from "./support/openssl-tls-provider";
import { projectDir } from "./support/plan";

type Json = Record<string, any>;

const documentedKeys = JSON.parse(fs.readFileSync(path.join(projectDir, "test/schemas/rke2-config-keys.json"), "utf8")) as { server: string[]; agent: string[] };

const cluster: Rke2ClusterSettings = {
    token: "K10abc::server:not-a-real-password",
    apiAddress: "10.20.0.10",
    apiNames: ["k8s.site-a.hospital.example"],
};
const roles: Rke2NodeRole[] = ["first-server", "server", "agent"];
const installSources: Rke2InstallSource[] = [
    { kind: "upstream" },
    { kind: "mirror", artifactsUrl: "https://artifacts.hospital.example/rke2/v1.35.3+rke2r3/", registry: "registry.hospital.example:5000" },
    { kind: "template" },
];
const tlsFiles = { "server-ca.crt": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", "service.key": "key" };

function userData(role: Rke2NodeRole, install: Rke2InstallSource = { kind: "upstream" }): string {
    return rke2UserData({
        cluster,
        node: { role, nodeName: `site-a-${role}`, nodeIp: "10.20.0.21" },
        version: rke2.version,
        install,
        ...(role === "first-server" ? { serverTlsFiles: tlsFiles } : {}),
    });
}

function parsed(text: string): Json {
    return YAML.parse(text);
}

function file(document: Json, filePath: string): Json | undefined {
    return (document.write_files as Json[]).find((f) => f.path === filePath);
}

describe("RKE2 configuration", () => {
    for (const role of roles) {
        it(`writes only keys RKE2 documents for a ${role === "agent" ? "agent" : "server"} (${role})`, () => {
            const keys = Object.keys(rke2ConfigFile(cluster, { role, nodeName: "n1", nodeIp: "10.20.0.21" }));
            const allowed = role === "agent" ? documentedKeys.agent : documentedKeys.server;
            assert.deepEqual(keys.filter((key) => !allowed.includes(key)), []);
        });
    }

    it("has joiners find the cluster at the virtual address's supervisor port, and the first server start it", () => {
        assert.equal(rke2ConfigFile(cluster, { role: "server", nodeName: "n2" }).server, "https://10.20.0.10:9345");
        assert.equal(rke2ConfigFile(cluster, { role: "agent", nodeName: "w1" }).server, "https://10.20.0.10:9345");
        assert.equal(rke2ConfigFile(cluster, { role: "first-server", nodeName: "n1" }).server, undefined);
    });

    it("puts the virtual address and the API's name in the server certificate, and keeps workloads off servers", () => {
        const config = rke2ConfigFile(cluster, { role: "server", nodeName: "n2" });
        assert.deepEqual(config["tls-san"], ["10.20.0.10", "k8s.site-a.hospital.example"]);
        assert.deepEqual(config["node-taint"], ["CriticalAddonsOnly=true:NoExecute"]);
        assert.equal(config.profile, "cis");
        assert.equal(rke2ConfigFile(cluster, { role: "agent", nodeName: "w1" })["node-taint"], undefined);
    });

    it("gives every server the same values RKE2 requires to match", () => {
        const [first, second] = (["first-server", "server"] as const).map((role) => rke2ConfigFile(cluster, { role, nodeName: role }));
        for (const key of ["cluster-cidr", "service-cidr", "token"]) {
            assert.deepEqual(first[key], second[key], key);
        }
    });
});

describe("RKE2 node user data", () => {
    it("starts with the #cloud-config header and keeps secret files root's alone", () => {
        const text = userData("first-server");
        assert.ok(text.startsWith("#cloud-config\n"));
        for (const entry of parsed(text).write_files as Json[]) {
            assert.equal(entry.permissions, "0600", entry.path);
            assert.equal(entry.owner, "root:root", entry.path);
        }
    });

    it("hands the cluster's CAs and the admin binding to the first server only", () => {
        const first = parsed(userData("first-server"));
        assert.equal(file(first, "/var/lib/rancher/rke2/server/tls/server-ca.crt")?.content, tlsFiles["server-ca.crt"]);
        const binding = YAML.parse(file(first, "/var/lib/rancher/rke2/server/manifests/imaging-admin-binding.yaml")?.content);
        assert.deepEqual(binding.subjects, [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: adminGroup }]);
        assert.deepEqual(binding.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" });
        for (const role of ["server", "agent"] as const) {
            const paths = (parsed(userData(role)).write_files as Json[]).map((f) => f.path);
            assert.ok(!paths.some((p) => p.startsWith("/var/lib/rancher/rke2/server/")), `${role}: ${paths.join(", ")}`);
        }
    });

    it("adds the site's own manifests to the first server's, under names of their own", () => {
        const manifests = { "kube-vip.yaml": "kind: DaemonSet\n" };
        const first = parsed(rke2UserData({ cluster, node: { role: "first-server", nodeName: "n1" }, version: rke2.version, install: { kind: "upstream" }, serverTlsFiles: tlsFiles, serverManifests: manifests }));
        assert.equal(file(first, "/var/lib/rancher/rke2/server/manifests/kube-vip.yaml")?.content, "kind: DaemonSet\n");
        for (const name of ["imaging-admin-binding.yaml", "../tls/server-ca.crt", "Kube-Vip.yml"]) {
            assert.throws(
                () => rke2UserData({ cluster, node: { role: "first-server", nodeName: "n1" }, version: rke2.version, install: { kind: "upstream" }, serverTlsFiles: tlsFiles, serverManifests: { [name]: "x" } }),
                /expected a manifest file name of its own/,
                name,
            );
        }
    });

    it("refuses a first server without the cluster's CAs", () => {
        assert.throws(() => rke2UserData({ cluster, node: { role: "first-server", nodeName: "n1" }, version: rke2.version, install: { kind: "upstream" } }), /CA files/);
    });

    it("creates the etcd user before RKE2 starts on servers, and applies RKE2's CIS kernel settings before the service", () => {
        for (const role of roles) {
            const commands = (parsed(userData(role)).runcmd as string[][]).map((c) => c.join(" "));
            const start = commands.findIndex((c) => c.startsWith("systemctl enable --now rke2-"));
            const sysctl = commands.findIndex((c) => c.includes("rke2-cis-sysctl.conf"));
            const etcd = commands.findIndex((c) => c.startsWith("useradd") && c.endsWith("etcd -U"));
            assert.equal(start, commands.length - 1, role);
            assert.ok(sysctl >= 0 && sysctl < start, role);
            assert.equal(etcd >= 0, role !== "agent", role);
            assert.equal(commands[start], `systemctl enable --now rke2-${role === "agent" ? "agent" : "server"}.service`);
        }
    });

    it("installs the pinned release from each install source, and nothing from a template", () => {
        const installs = installSources.map((install) => (parsed(userData("server", install)).runcmd as string[][]).filter((c) => c.some((part) => part.startsWith("INSTALL_RKE2_VERSION="))));
        assert.deepEqual(installs[0], [["env", `INSTALL_RKE2_VERSION=${rke2.version}`, "INSTALL_RKE2_TYPE=server", "sh", "/root/rke2-install.sh"]]);
        assert.ok(installs[1][0].includes("INSTALL_RKE2_ARTIFACT_PATH=/var/lib/imaging-platform/rke2-artifacts"));
        assert.deepEqual(installs[2], []);
        const mirror = parsed(userData("agent", installSources[1]));
        assert.ok(!JSON.stringify(mirror).includes("get.rke2.io"), "a mirrored site fetches nothing from the internet");
        assert.deepEqual(YAML.parse(file(mirror, "/etc/rancher/rke2/registries.yaml")?.content).mirrors["docker.io"].endpoint, ["https://registry.hospital.example:5000"]);
    });

    it("fetches a mirrored release's three files from the artifacts URL into one directory, then installs from there", () => {
        const directory = "/var/lib/imaging-platform/rke2-artifacts";
        const files = ["install.sh", "rke2.linux-amd64.tar.gz", "sha256sum-amd64.txt"];
        // The site's URL may end in slashes; each file is fetched from directly under it.
        const runcmd = parsed(userData("agent", { ...installSources[1], artifactsUrl: "https://artifacts.hospital.example/rke2/v1.35.3+rke2r3//" } as typeof installSources[1])).runcmd as string[][];
        const start = runcmd.findIndex((c) => c[0] === "mkdir");
        assert.deepEqual(runcmd.slice(start, start + 5), [
            ["mkdir", "-p", directory],
            ...files.map((name) => ["curl", "-sfL", "--retry", "5", "-o", `${directory}/${name}`, `https://artifacts.hospital.example/rke2/v1.35.3+rke2r3/${name}`]),
            ["env", `INSTALL_RKE2_VERSION=${rke2.version}`, "INSTALL_RKE2_TYPE=agent", `INSTALL_RKE2_ARTIFACT_PATH=${directory}`, "sh", `${directory}/install.sh`],
        ]);
        // RKE2's CIS kernel settings take effect before the service starts.
        assert.deepEqual(runcmd.slice(start + 5), [
            ["cp", "-f", "/usr/local/share/rke2/rke2-cis-sysctl.conf", "/etc/sysctl.d/60-rke2-cis.conf"],
            ["systemctl", "restart", "systemd-sysctl"],
            ["systemctl", "enable", "--now", "rke2-agent.service"],
        ]);
    });

    it("#real passes cloud-init's schema check for every role and install source, and the check fails on broken user data", function () {
        this.timeout(60000);
        const directory = fs.mkdtempSync(path.join(os.tmpdir(), "user-data-"));
        try {
            const check = (name: string, text: string) => {
                const target = path.join(directory, name);
                fs.writeFileSync(target, text);
                return spawnSync("cloud-init", ["schema", "--config-file", target], { encoding: "utf8" });
            };
            for (const role of roles) {
                for (const install of installSources) {
                    const result = check(`${role}-${install.kind}.yaml`, userData(role, install));
                    assert.equal(result.status, 0, `${role}, ${install.kind}: ${result.stdout}${result.stderr}`);
                    assert.match(result.stdout, /Valid cloud-config/);
                }
            }
            // The same document with one entry's permissions as a number, as YAML would read 0600 unquoted.
            const broken = userData("agent").replace('permissions: "0600"', "permissions: 600");
            assert.notEqual(broken, userData("agent"));
            const refused = check("broken.yaml", broken);
            assert.equal(refused.status, 1, refused.stdout);
            assert.match(refused.stdout + refused.stderr, /permissions: 600 is not of type 'string'/);
        } finally {
            fs.rmSync(directory, { recursive: true, force: true });
        }
    });
});

describe("RKE2 cluster CAs and the admin kubeconfig #real", function () {
    this.timeout(120000);
    const tlsProvider = new OpensslTlsProvider();
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "rke2-pki-"));
    const write = (name: string, content: string) => {
        const target = path.join(directory, name.replace("/", "-"));
        fs.writeFileSync(target, content);
        return target;
    };
    const openssl = (args: string[]) => spawnSync("openssl", args, { encoding: "utf8" });
    let files: Record<string, string>;
    let bundle: string;
    let root: string;
    let admin: { certificate: string; key: string };

    before(async () => {
        await pulumi.runtime.setMocks(tlsProvider.mocks(), "imaging-platform", "rke2-pki", false);
        const values = await new Promise<{ files: Record<string, string>; bundle: string; root: string; certificate: string; key: string }>((resolve) => {
            pulumi.runtime.runInPulumiStack(async () => {
                const pki = new Rke2ClusterPki("site-a", { clusterName: "site-a" });
                pulumi
                    .all([pki.serverTlsFiles, pki.serverCaBundlePem, pki.rootCertificatePem, pki.adminCertificatePem, pki.adminKeyPem])
                    .apply(([files, bundle, root, certificate, key]) => resolve({ files, bundle, root, certificate, key }));
            });
        });
        ({ files, bundle, root } = values);
        admin = { certificate: values.certificate, key: values.key };
    });

    after(() => {
        tlsProvider.dispose();
        fs.rmSync(directory, { recursive: true, force: true });
    });

    it("gives the first server every file RKE2 needs to skip making its own CAs", () => {
        assert.deepEqual(Object.keys(files).sort(), [...rke2CaFiles.flatMap((ca) => [`${ca}.crt`, `${ca}.key`]), "service.key"].sort());
    });

    it("chains each CA to the root, and gives each CA file the key of its own certificate", () => {
        const rootFile = write("root.crt", root);
        for (const ca of rke2CaFiles) {
            const certificate = write(`${ca}.crt`, files[`${ca}.crt`]);
            const verified = openssl(["verify", "-CAfile", rootFile, certificate]);
            assert.equal(verified.status, 0, `${ca}: ${verified.stdout}${verified.stderr}`);
            const fromCertificate = openssl(["x509", "-in", certificate, "-noout", "-pubkey"]).stdout;
            const fromKey = openssl(["pkey", "-in", write(`${ca}.key`, files[`${ca}.key`]), "-pubout"]).stdout;
            assert.equal(fromCertificate, fromKey, ca);
            assert.match(openssl(["x509", "-in", certificate, "-noout", "-ext", "basicConstraints"]).stdout, /CA:TRUE/, ca);
        }
    });

    it("signs the admin certificate with the client CA, for client use, in the admin group", () => {
        const clientCa = write("client-ca-bundle.crt", files["client-ca.crt"]);
        const certificate = write("admin.crt", admin.certificate);
        const verified = openssl(["verify", "-purpose", "sslclient", "-CAfile", clientCa, certificate]);
        assert.equal(verified.status, 0, verified.stdout + verified.stderr);
        assert.match(openssl(["x509", "-in", certificate, "-noout", "-subject"]).stdout, new RegExp(`O ?= ?${adminGroup}`));
        // Not by the server CA: a certificate that CA signs would not be a client of the API server.
        const wrongCa = openssl(["verify", "-partial_chain", "-CAfile", write("server-ca-only.crt", files["server-ca.crt"].split(/(?<=-----END CERTIFICATE-----\n)/)[0]), certificate]);
        assert.notEqual(wrongCa.status, 0);
    });

    it("has the kubeconfig trust exactly the server CA bundle RKE2 receives, at the virtual address, with the admin's certificate", () => {
        const kubeconfig = YAML.parse(
            rke2Kubeconfig({ clusterName: "site-a", server: "https://10.20.0.10:6443", serverCaBundlePem: bundle, clientCertificatePem: admin.certificate, clientKeyPem: admin.key }),
        );
        const decode = (value: string) => Buffer.from(value, "base64").toString("utf8");
        assert.equal(decode(kubeconfig.clusters[0].cluster["certificate-authority-data"]), files["server-ca.crt"]);
        assert.equal(kubeconfig.clusters[0].cluster.server, "https://10.20.0.10:6443");
        assert.equal(decode(kubeconfig.users[0].user["client-certificate-data"]), admin.certificate);
        const keyMatches =
            openssl(["x509", "-in", write("kubeconfig-admin.crt", decode(kubeconfig.users[0].user["client-certificate-data"])), "-noout", "-pubkey"]).stdout ===
            openssl(["pkey", "-in", write("kubeconfig-admin.key", decode(kubeconfig.users[0].user["client-key-data"])), "-pubout"]).stdout;
        assert.ok(keyMatches, "the kubeconfig's key is its certificate's");
    });

    it("pins the root's DER fingerprint in the join token, as a joining node computes it", () => {
        const der = spawnSync("openssl", ["x509", "-in", write("root-for-hash.crt", root), "-outform", "der"]);
        const expected = crypto.createHash("sha256").update(der.stdout).digest("hex");
        assert.equal(rootCaHash(root), expected);
        assert.equal(secureJoinToken(root, "s3cret"), `K10${expected}::server:s3cret`);
    });
});
