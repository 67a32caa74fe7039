// Who signs in where: the realm people use, the accounts that are the operator's
// to keep (the platform's Keycloak only), and what to do after a break-glass use.
import { section, shell, word } from "../markdown";
import type { RunbookValues } from "../values";

export function signIn(stack: string, values: RunbookValues): string {
    const s = values.signIn;
    const platformKeycloak = s.provider === "platform";
    return section(
        "Signing in",
        `People open ${values.webUrl} and sign in at the realm \`${s.realm}\` of ${s.url}; ` +
            "their realm role (`imaging-viewer`, `imaging-technologist`, `imaging-admin`) gives them their rights in Orthanc. " +
            "Orthanc keeps no account of its own.",
        ...(platformKeycloak
            ? [
                  "The accounts that are the operator's to keep are secret outputs: `accounts.breakGlass` (an administrator in Orthanc, " +
                      "for when sign-in through the hospital's directory fails; every call it makes raises the `PrivilegedAccountUsed` alert), " +
                      `\`accounts.keycloakAdmin\` (Keycloak's administrator, at ${s.url}admin/) and \`accounts.scriptsClient\` (integration scripts' client credentials).`,
                  shell(`pulumi stack output -s ${word(stack)} signIn --show-secrets`),
                  "After a break-glass use: record who and why, then set a new password for `break-glass` in Keycloak's administration console " +
                      `(realm \`${s.realm}\`, Users), and keep it where the site keeps its emergency credentials.`,
              ]
            : [
                  "The realm is the hospital's own Keycloak: its accounts, its break-glass account and its administrators are kept there, not in this stack.",
              ]),
    );
}
