// One temporary directory per run holds everything the servers write. The
// servers run as their own users, so each gets a subdirectory it owns, and
// files it must read (keys above all) are written with its ownership.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFileSync } from "child_process";

export class ScratchDirectory {
    private constructor(readonly root: string) {}

    static create(prefix: string): ScratchDirectory {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
        // Other users may pass through, never list: each keeps to its own subdirectory.
        fs.chmodSync(root, 0o711);
        return new ScratchDirectory(root);
    }

    path(...parts: string[]): string {
        return path.join(this.root, ...parts);
    }

    ownedDirectory(user: string, ...parts: string[]): string {
        return ownedDirectory(this.path(...parts), user);
    }

    remove(): void {
        fs.rmSync(this.root, { recursive: true, force: true });
    }
}

// A directory only `user` may enter, as initdb and Orthanc's storage want.
export function ownedDirectory(dir: string, user: string): string {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    chown(dir, user);
    fs.chmodSync(dir, 0o700);
    return dir;
}

// A file for a server to read; keys stay private to that server's user.
export function writeOwnedFile(destination: string, content: string, user: string, mode: number): string {
    fs.mkdirSync(path.dirname(destination), { recursive: true });
    fs.writeFileSync(destination, content);
    chown(destination, user);
    fs.chmodSync(destination, mode);
    return destination;
}

function chown(target: string, user: string): void {
    const uid = Number(execFileSync("id", ["-u", user]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", user]).toString().trim());
    fs.chownSync(target, uid, gid);
}
