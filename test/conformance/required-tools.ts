// The conformance test runs the real programs. When one is missing the test must
// fail and say what to install: a silent skip would report a pass nobody earned.
// `npm test` installs them first (test/setup/install-debian-packages.ts); this
// check is for a run of mocha by hand.
import * as fs from "fs";
import * as path from "path";
import { execFileSync } from "child_process";
import { installCommand, packageNames } from "../setup/debian-packages";
import { runsAsRoot } from "./server-account";

export const orthancBinary = "/usr/sbin/Orthanc";
export const orthancPluginsDirectory = "/usr/share/orthanc/plugins";
// Debian's mtail (3.0.0~rc50 on bookworm): the audit-metrics sidecar's program runs on it.
export const mtailBinary = "/usr/bin/mtail";

// Debian installs each PostgreSQL major version side by side under this root
// (12 has 15, 13 has 17, Ubuntu 24.04 has 16); the newest one present is used.
const postgresVersionsRoot = "/usr/lib/postgresql";

export function postgresBinDirectory(): string {
    const found = findPostgresBinDirectory();
    if (found === undefined) {
        throw new Error(`no PostgreSQL server under ${postgresVersionsRoot}/<version>/bin (Debian package postgresql)`);
    }
    return found;
}

function findPostgresBinDirectory(): string | undefined {
    let versions: string[];
    try {
        versions = fs.readdirSync(postgresVersionsRoot);
    } catch {
        return undefined;
    }
    return versions
        .filter((version) => /^\d+$/.test(version))
        .sort((a, b) => Number(b) - Number(a))
        .map((version) => path.join(postgresVersionsRoot, version, "bin"))
        .find((bin) => fs.existsSync(path.join(bin, "postgres")));
}

const requiredFiles: Record<string, string> = {
    [orthancBinary]: "orthanc",
    [`${orthancPluginsDirectory}/libOrthancPostgreSQLIndex.so`]: "orthanc-postgresql",
    [`${orthancPluginsDirectory}/libOrthancPostgreSQLStorage.so`]: "orthanc-postgresql",
    [`${orthancPluginsDirectory}/libOrthancDicomWeb.so`]: "orthanc-dicomweb",
    [mtailBinary]: "mtail",
};

const postgresPrograms = ["initdb", "postgres", "pg_isready", "psql"];

const requiredCommands: Record<string, string> = {
    openssl: "openssl",
    img2dcm: "dcmtk",
    dcmodify: "dcmtk",
    dcmdump: "dcmtk",
    echoscu: "dcmtk",
    storescu: "dcmtk",
};

// As root the servers run under the accounts the Debian packages create, by runuser.
const rootOnlyCommands: Record<string, string> = { runuser: "util-linux" };
const rootOnlyUsers = ["postgres", "orthanc"];

export function assertRequiredTools(): void {
    const problems: string[] = [];
    for (const [file, pkg] of Object.entries(requiredFiles)) {
        if (!fs.existsSync(file)) {
            problems.push(`${file} is missing (Debian package ${pkg})`);
        }
    }
    const postgresBin = findPostgresBinDirectory();
    if (postgresBin === undefined) {
        problems.push(`no PostgreSQL server under ${postgresVersionsRoot}/<version>/bin (Debian package postgresql)`);
    } else {
        for (const program of postgresPrograms.filter((name) => !isExecutable(path.join(postgresBin, name)))) {
            problems.push(`${path.join(postgresBin, program)} is missing (Debian package postgresql)`);
        }
    }
    const commands = runsAsRoot() ? { ...requiredCommands, ...rootOnlyCommands } : requiredCommands;
    for (const [command, pkg] of Object.entries(commands)) {
        if (!onPath(command)) {
            problems.push(`${command} is not on PATH (Debian package ${pkg})`);
        }
    }
    for (const user of runsAsRoot() ? rootOnlyUsers : []) {
        if (!userExists(user)) {
            problems.push(`user ${user} does not exist (created by its Debian package)`);
        }
    }
    if (problems.length > 0) {
        throw new Error(
            `the conformance test cannot run on this machine:\n  - ${problems.join("\n  - ")}\n` +
                `npm test installs what is missing; by hand: ${installCommand(packageNames(), runsAsRoot())}`,
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
