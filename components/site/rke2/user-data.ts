// The cloud-init user data that turns a fresh VM into an RKE2 node, knowing
// nothing about the hypervisor: vSphere hands it in through guestinfo, another
// hypervisor through its own cloud-init support, unchanged.
//
// In order: RKE2's configuration (and, on the first server, the cluster's CAs),
// the etcd user the CIS profile requires, RKE2 itself from the site's install
// source, the CIS kernel settings RKE2 ships (rke2-docs,
// docs/security/hardening_guide.md), then the service. Files holding secrets
// are root's alone.
import * as YAML from "yaml";
import { adminGroup } from "./pki";
import { rke2ConfigFile, type Rke2ClusterSettings, type Rke2NodeSettings } from "./config-file";

/** Where a node gets RKE2 from. */
export type Rke2InstallSource =
    | {
          /** RKE2's install script and release artifacts from the internet (get.rke2.io, github.com). */
          kind: "upstream";
      }
    | {
          /**
           * A hospital's own mirror, for sites without internet access: the release
           * artifacts (install.sh, rke2.linux-amd64.tar.gz, sha256sum-amd64.txt) under
           * one URL, and a registry that holds RKE2's images.
           */
          kind: "mirror";
          artifactsUrl: string;
          registry: string;
      }
    | {
          /** RKE2 is already installed in the VM template: nothing to fetch. */
          kind: "template";
      };

export interface Rke2UserDataArgs {
    cluster: Rke2ClusterSettings;
    node: Rke2NodeSettings;
    /** Pinned RKE2 release, e.g. v1.35.3+rke2r3. */
    version: string;
    install: Rke2InstallSource;
    /** The first server only: the cluster's CA files under server/tls (see Rke2ClusterPki). */
    serverTlsFiles?: Record<string, string>;
    /**
     * The first server only: more manifests RKE2 applies once its API is up (file
     * name under server/manifests → YAML), e.g. the virtual address's and the cloud
     * provider's. Secret when one of them holds a credential.
     * @default {}
     */
    serverManifests?: Record<string, string>;
    /**
     * The host name cloud-init sets, for hypervisors whose metadata does not carry
     * it once the user data is the program's own (Proxmox writes it into the user
     * data it generates, which a custom snippet replaces).
     * @default undefined: the datasource's metadata names the host (vSphere's local-hostname)
     */
    hostname?: string;
}

const rke2Dir = "/etc/rancher/rke2";
const serverDir = "/var/lib/rancher/rke2/server";
const artifactsDir = "/var/lib/imaging-platform/rke2-artifacts";
const artifactFiles = ["install.sh", "rke2.linux-amd64.tar.gz", "sha256sum-amd64.txt"];

interface WriteFile {
    path: string;
    content: string;
    permissions: string;
    owner: string;
}

const rootOnly = (path: string, content: string): WriteFile => ({ path, content, permissions: "0600", owner: "root:root" });

export function rke2UserData(args: Rke2UserDataArgs): string {
    const { node, install } = args;
    const isServer = node.role !== "agent";
    const service = isServer ? "rke2-server" : "rke2-agent";
    const cluster: Rke2ClusterSettings = install.kind === "mirror" ? { ...args.cluster, systemDefaultRegistry: install.registry } : args.cluster;

    const files: WriteFile[] = [rootOnly(`${rke2Dir}/config.yaml`, YAML.stringify(rke2ConfigFile(cluster, node)))];
    if (install.kind === "mirror") {
        files.push(rootOnly(`${rke2Dir}/registries.yaml`, YAML.stringify(registryMirror(install.registry))));
    }
    if (node.role === "first-server") {
        if (args.serverTlsFiles === undefined) {
            throw new Error("the first server needs the cluster's CA files");
        }
        for (const [file, content] of Object.entries(args.serverTlsFiles)) {
            files.push(rootOnly(`${serverDir}/tls/${file}`, content));
        }
        // RKE2 applies what it finds here once the API is up.
        files.push(rootOnly(`${serverDir}/manifests/imaging-admin-binding.yaml`, YAML.stringify(adminBinding())));
        for (const [file, content] of Object.entries(args.serverManifests ?? {})) {
            if (!/^[a-z0-9][a-z0-9.-]*\.yaml$/.test(file) || file === "imaging-admin-binding.yaml") {
                throw new Error(`${file}: expected a manifest file name of its own (lowercase, ending in .yaml)`);
            }
            files.push(rootOnly(`${serverDir}/manifests/${file}`, content));
        }
    }

    const runcmd: string[][] = [];
    if (isServer) {
        runcmd.push(["useradd", "-r", "-c", "etcd user", "-s", "/sbin/nologin", "-M", "etcd", "-U"]);
    }
    runcmd.push(...installCommands(install, args.version, isServer ? "server" : "agent"));
    runcmd.push(
        ["cp", "-f", "/usr/local/share/rke2/rke2-cis-sysctl.conf", "/etc/sysctl.d/60-rke2-cis.conf"],
        ["systemctl", "restart", "systemd-sysctl"],
        ["systemctl", "enable", "--now", `${service}.service`],
    );

    const host = args.hostname ? { hostname: args.hostname } : {};
    return `#cloud-config\n${YAML.stringify({ ...host, write_files: files, runcmd }, { lineWidth: 0 })}`;
}

function installCommands(install: Rke2InstallSource, version: string, type: "server" | "agent"): string[][] {
    const environment = [`INSTALL_RKE2_VERSION=${version}`, `INSTALL_RKE2_TYPE=${type}`];
    switch (install.kind) {
        case "template":
            return [];
        case "upstream":
            // The script checks the release's checksums itself; it is kept, not piped into sh.
            return [
                ["curl", "-sfL", "--retry", "5", "-o", "/root/rke2-install.sh", "https://get.rke2.io"],
                ["env", ...environment, "sh", "/root/rke2-install.sh"],
            ];
        case "mirror": {
            const base = install.artifactsUrl.replace(/\/+$/, "");
            return [
                ["mkdir", "-p", artifactsDir],
                ...artifactFiles.map((file) => ["curl", "-sfL", "--retry", "5", "-o", `${artifactsDir}/${file}`, `${base}/${file}`]),
                ["env", ...environment, `INSTALL_RKE2_ARTIFACT_PATH=${artifactsDir}`, "sh", `${artifactsDir}/install.sh`],
            ];
        }
    }
}

// Every image RKE2 and the cluster pull from docker.io comes from the site's registry instead.
function registryMirror(registry: string): Record<string, unknown> {
    return { mirrors: { "docker.io": { endpoint: [`https://${registry}`] } } };
}

// The program's client certificate carries the group adminGroup, not
// system:masters: a binding that can be revoked like any other.
export function adminBinding(): Record<string, unknown> {
    return {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRoleBinding",
        metadata: { name: "imaging-platform-admins" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
        subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: adminGroup }],
    };
}
