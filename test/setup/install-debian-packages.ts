// Run by `npm test` before any test: installs the Debian packages the tests
// need (test/setup/debian-packages.ts) when some are missing, as root or with
// passwordless sudo, and otherwise stops at once with the command to run.
// Prints nothing when everything is there.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { installCommand, packageNames, testPackages } from "./debian-packages";

function main(): number {
    const missing = missingPackages(packageNames());
    if (missing === "no dpkg") {
        const programs = testPackages.map((p) => `${p.name} (${p.usedFor})`).join("; ");
        return fail(`this is not a Debian or Ubuntu machine (no dpkg-query): install by hand ${programs}; or run only the fast tests with npm run test:fast`);
    }
    if (missing.length === 0) {
        return 0;
    }
    const asRoot = process.getuid?.() === 0;
    const escalation = asRoot ? [] : canSudoWithoutPassword() ? ["sudo", "-n"] : undefined;
    if (escalation === undefined) {
        return fail(
            `the tests need Debian packages that are not installed (${missing.join(", ")}) and cannot install them ` +
                `without root or passwordless sudo; run: ${installCommand(missing, false)}  (or only the fast tests: npm run test:fast)`,
        );
    }
    const log = path.join(os.tmpdir(), `imaging-platform-apt-${process.pid}.log`);
    console.log(`installing the Debian packages the tests need: ${missing.join(" ")} (${escalation.length ? "sudo " : ""}apt-get; log ${log})`);
    const apt = (args: string[]) => run([...escalation, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", ...args], log);
    // A fresh machine has no package lists: install would find nothing.
    if (!apt(["update", "-q"]) || !apt(["install", "-y", "-q", "--no-install-recommends", ...missing])) {
        return fail(`apt-get could not install ${missing.join(" ")}; the end of ${log}:\n${tail(log, 15)}`);
    }
    const stillMissing = missingPackages(missing);
    if (stillMissing !== "no dpkg" && stillMissing.length > 0) {
        return fail(`apt-get finished but ${stillMissing.join(", ")} is still not installed; see ${log}`);
    }
    fs.rmSync(log, { force: true });
    return 0;
}

function missingPackages(names: string[]): string[] | "no dpkg" {
    const query = spawnSync("dpkg-query", ["-W", "-f", "${Package} ${db:Status-Abbrev}\n", ...names], { encoding: "utf8" });
    if (query.error) {
        return "no dpkg";
    }
    // Unknown packages appear only on stderr; "ii" is installed and configured.
    const installed = new Set(
        query.stdout
            .split("\n")
            .map((line) => line.trim().split(/\s+/))
            .filter(([, status]) => status === "ii")
            .map(([name]) => name.replace(/:.*$/, "")),
    );
    return names.filter((name) => !installed.has(name));
}

function canSudoWithoutPassword(): boolean {
    const sudo = spawnSync("sudo", ["-n", "true"], { stdio: "ignore" });
    return !sudo.error && sudo.status === 0;
}

function run(command: string[], log: string): boolean {
    const fd = fs.openSync(log, "a");
    try {
        const result = spawnSync(command[0], command.slice(1), { stdio: ["ignore", fd, fd] });
        return !result.error && result.status === 0;
    } finally {
        fs.closeSync(fd);
    }
}

function tail(file: string, lines: number): string {
    return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
}

function fail(message: string): number {
    console.error(`npm test: ${message}`);
    return 1;
}

process.exitCode = main();
