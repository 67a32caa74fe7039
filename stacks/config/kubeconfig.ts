// existing.kubeconfig names a file on the machine that runs the program. The
// Kubernetes provider reads a string that is not an existing file as kubeconfig
// *content*, so a wrong path would only surface during `pulumi up`, as a parse
// error about JSON. It is checked with the rest of the configuration (load.ts), before any resource is declared.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { SiteConfigError } from "./errors";

export interface Whereabouts {
    home: string;
    // Pulumi runs the program from the project directory (where Pulumi.yaml is),
    // and so does the plan: relative paths are relative to it.
    cwd: string;
}

// The absolute path of the kubeconfig file: `~` is the user's home directory, as
// in a shell. The provider is given this path, so the file checked is the file used.
export function resolveKubeconfig(written: string, where: Whereabouts = { home: os.homedir(), cwd: process.cwd() }): string {
    const expanded = written === "~" ? where.home : written.startsWith("~/") ? path.join(where.home, written.slice(2)) : written;
    const resolved = path.resolve(where.cwd, expanded);
    const problem = fileProblem(resolved);
    if (problem !== undefined) {
        throw new SiteConfigError([
            `site.existing.kubeconfig: ${JSON.stringify(written)} is not allowed; expected a kubeconfig file ` +
                `(resolved to ${resolved}, which ${problem})`,
        ]);
    }
    return resolved;
}

function fileProblem(file: string): string | undefined {
    try {
        const stat = fs.statSync(file, { throwIfNoEntry: false });
        return stat === undefined ? "does not exist" : stat.isFile() ? undefined : "is not a file";
    } catch (error) {
        return `cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
    }
}
