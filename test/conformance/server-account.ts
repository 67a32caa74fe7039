// The account each real server runs under. As root (CI), PostgreSQL and Orthanc
// run under the accounts their Debian packages create, as production runs them
// under their own users (PostgreSQL refuses root outright). Anyone else cannot
// switch accounts, so both run as that user, in directories the test made for it.
import * as os from "os";

export type PackageAccount = "postgres" | "orthanc";

export function runsAsRoot(): boolean {
    return process.getuid?.() === 0;
}

export function serverAccount(packageAccount: PackageAccount): string {
    return runsAsRoot() ? packageAccount : currentUser();
}

export function currentUser(): string {
    return os.userInfo().username;
}
