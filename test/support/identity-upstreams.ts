// A hospital's directory and identity provider as site.identity.upstream names
// them, for the tests that configure a site signing people in through one.
const entraTenant = "https://login.microsoftonline.com/0b9c7e1a-2f4d-4c55-9a61-3d2e8f0c1b7a";

// Active Directory over LDAPS.
export const activeDirectory = {
    kind: "ldap",
    url: "ldaps://dc1.hospital.example:636",
    bindDn: "CN=svc-pacs,OU=Service,DC=hospital,DC=example",
    usersDn: "OU=Staff,DC=hospital,DC=example",
    groupsDn: "OU=Groups,DC=hospital,DC=example",
};

// Entra ID, brokered over OpenID Connect, with the endpoints of its discovery document.
export const entraId = {
    kind: "oidc",
    issuer: `${entraTenant}/v2.0`,
    clientId: "5e3f0c2a-7d41-4b8e-9f6a-1c2d3e4f5a6b",
    authorizationUrl: `${entraTenant}/oauth2/v2.0/authorize`,
    tokenUrl: `${entraTenant}/oauth2/v2.0/token`,
    jwksUrl: `${entraTenant}/discovery/v2.0/keys`,
};
