// The conformance test runs the real programs. When one is missing the test must
// fail and say what to install: a silent skip would report a pass nobody earned.
import * as fs from "fs";
import { execFileSync } from "child_process";

export const postgresBin = "/usr/lib/postgresql/15/bin";
export const orthancBinary = "/usr/sbin/Orthanc";
export const orthancPluginsDirectory = "/usr/share/orthanc/plugins";

export const debianPackages = ["orthanc", "orthanc-postgresql", "orthanc-dicomweb", "dcmtk", "postgresql", "openssl"];

const requiredFiles: Record<string, string> = {
    [orthancBinary]: "orthanc",
    [`${orthancPluginsDirectory}/libOrthancPostgreSQLIndex.so`]: "orthanc-postgresql",
    [`${orthancPluginsDirectory}/libOrthancPostgreSQLStorage.so`]: "orthanc-postgresql",
    [`${orthancPluginsDirectory}/libOrthancDicomWeb.so`]: "orthanc-dicomweb",
    [`${postgresBin}/initdb`]: "postgresql",
    [`${postgresBin}/postgres`]: "postgresql",
    [`${postgresBin}/pg_isready`]: "postgresql",
    [`${postgresBin}/psql`]: "postgresql",
};

const requiredCommands: Record<string, string> = {
    openssl: "openssl",
    runuser: "util-linux",
    img2dcm: "dcmtk",
    dcmodify: "dcmtk",
    dcmdump: "dcmtk",
    echoscu: "dcmtk",
    storescu: "dcmtk",
};

// The Debian packages create these accounts; the servers run under them.
const requiredUsers = ["postgres", "orthanc"];

export function assertRequiredTools(): void {
    const problems: string[] = [];
    if (process.getuid?.() !== 0) {
        problems.push("must run as root (as CI does): PostgreSQL and Orthanc are started as their own users with runuser");
    }
    for (const [file, pkg] of Object.entries(requiredFiles)) {
        if (!fs.existsSync(file)) {
            problems.push(`${file} is missing (Debian package ${pkg})`);
        }
    }
    for (const [command, pkg] of Object.entries(requiredCommands)) {
        if (!onPath(command)) {
            problems.push(`${command} is not on PATH (Debian package ${pkg})`);
        }
    }
    for (const user of requiredUsers) {
        if (!userExists(user)) {
            problems.push(`user ${user} does not exist (created by the Debian package)`);
        }
    }
    if (problems.length > 0) {
        throw new Error(
            `the conformance test cannot run on this machine:\n  - ${problems.join("\n  - ")}\n` +
                `install with: apt-get install -y ${debianPackages.join(" ")}`,
        );
    }
}

function onPath(command: string): boolean {
    return (process.env.PATH ?? "").split(":").some((dir) => dir !== "" && isExecutable(`${dir}/${command}`));
}

function isExecutable(file: string): boolean {
    try {
        fs.accessSync(file, fs.constants.X_OK);
        return fs.statSync(file).isFile();
    } catch {
        return false;
    }
}

function userExists(user: string): boolean {
    try {
        execFileSync("id", ["-u", user], { stdio: "ignore" });
        return true;
    } catch {
        return false;
    }
}
