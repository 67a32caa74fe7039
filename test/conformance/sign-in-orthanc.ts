// Orthanc as stack local's plan will have it once the platform puts it behind the
// sign-in (issue 13): the platform's own Orthanc arguments plus signIn, pointed at
// the auth service the platform already runs and its client Secret.
//
// stacks/platform.ts does not pass signIn yet. Until it does, this plan is made
// with the Orthanc class the platform constructs replaced, for this one
// evaluation, by a subclass that adds signIn (the
// transpiled modules read an import at each use, so the platform constructs the
// replacement). Everything else, names and Secrets included, is the platform's.
// Once the platform wires signIn, plan that site instead and delete this file.
import * as path from "path";
import type * as pulumi from "@pulumi/pulumi";
import { authServiceClientName, authServicePort } from "../../components/identity/auth-service";
import { authServiceClientSecretName, authServiceName } from "../../components/identity/identity";
import type * as orthancModule from "../../components/orthanc/orthanc";
import { evaluateProgram } from "../../tools/plan/evaluate";
import { readStackConfig } from "../../tools/plan/stack-file";
import { localSiteWith, project, projectDir } from "../support/plan";
import { conformanceStack, fromPlan, loadGeneratedOrthanc, type GeneratedOrthanc } from "./generated-orthanc";

// Where browsers would sign in; Debian has no Keycloak, so nothing here calls it.
export const signInKeycloak = { url: "https://pacs.local.test/keycloak/", realm: "imaging", clientId: "orthanc" };

export async function planSignInOrthanc(): Promise<GeneratedOrthanc> {
    // Evaluations install Pulumi's mocks process-wide: never two at once.
    await loadGeneratedOrthanc().catch(() => undefined);
    forgetProgramModules();
    const orthanc = require(path.join(projectDir, "components/orthanc/orthanc.ts")) as { Orthanc: typeof orthancModule.Orthanc };
    const PlatformOrthanc = orthanc.Orthanc;
    // The platform already runs the auth service (components/identity/identity.ts):
    // Orthanc is given its address and its client Secret, as the platform will.
    class SignInOrthanc extends PlatformOrthanc {
        constructor(name: string, args: orthancModule.OrthancArgs, opts?: pulumi.ComponentResourceOptions) {
            super(
                name,
                {
                    ...args,
                    signIn: {
                        authServiceUrl: `http://${authServiceName}.imaging.svc.cluster.local:${authServicePort}/`,
                        authServiceUsername: authServiceClientName,
                        authServicePasswordSecretName: authServiceClientSecretName,
                        keycloak: signInKeycloak,
                    },
                },
                opts,
            );
        }
    }
    orthanc.Orthanc = SignInOrthanc;
    try {
        const plan = await evaluateProgram(
            { project, stack: conformanceStack, stackConfig: readStackConfig(projectDir, conformanceStack, project) },
            () => require(path.join(projectDir, "index.ts")),
        );
        return fromPlan(plan, localSiteWith({}));
    } finally {
        // The next evaluation loads every module afresh, the real class among them.
        forgetProgramModules();
    }
}

// As tools/plan/evaluate.ts does before each stack: the program's modules, not the SDK's.
function forgetProgramModules(): void {
    const kept = [path.join(projectDir, "node_modules"), path.join(projectDir, "tools", "plan")];
    for (const file of Object.keys(require.cache)) {
        if (file.startsWith(projectDir) && !kept.some((dir) => file.startsWith(dir))) {
            delete require.cache[file];
        }
    }
}
