// The sites the workflows under .github/workflows/ preview and deploy: one entry
// per stack file, with the runner that can reach the site. A cloud site is
// reached from GitHub's runners; an on-prem or existing cluster only from a
// self-hosted runner inside the hospital's network, labelled for that site.
import { StackFileError, readStackConfig, stackNames } from "../plan/stack-file";

/** One site as the workflows' matrix reads it. */
export interface CiSite {
    stack: string;
    kind: string;
    /** The `runs-on` labels of the job that previews or deploys this site. */
    runner: string[];
}

const githubHostedKinds = new Set(["eks", "aks"]);
export const githubHostedRunner = "ubuntu-24.04";

/** The self-hosted runner label a site's team registers its runner with. */
export function selfHostedLabel(stack: string): string {
    return `imaging-${stack}`;
}

export function ciSites(projectDir: string, project: string, skip: readonly string[]): CiSite[] {
    return stackNames(projectDir)
        .filter((stack) => !skip.includes(stack))
        .map((stack) => {
            const kind = siteKind(readStackConfig(projectDir, stack, project).config[`${project}:site`], stack);
            const runner = githubHostedKinds.has(kind) ? [githubHostedRunner] : ["self-hosted", selfHostedLabel(stack)];
            return { stack, kind, runner };
        });
}

function siteKind(site: string | undefined, stack: string): string {
    const kind = site === undefined ? undefined : (JSON.parse(site) as { kind?: unknown }).kind;
    if (typeof kind !== "string") {
        throw new StackFileError(`Pulumi.${stack}.yaml: site.kind is missing: set it to existing, eks, aks, vsphere or proxmox`);
    }
    return kind;
}
