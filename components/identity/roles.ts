// The platform's roles: what each kind of person may do in Orthanc. A person's
// role comes from the identity provider (a realm role in the token Keycloak
// issues, mapped there from the hospital's directory groups); the orthanc-team
// auth service turns the role into the permissions below, and Orthanc's
// authorization plugin checks them on every REST, web and DICOMweb call.
//
// The permission names are the auth service's vocabulary (UserPermissions in
// orthanc-team/orthanc-auth-service sources/orthanc_auth_service/shares/models.py
// at the pinned tag); which routes each one opens is the authorization plugin's
// "Permissions" table (Plugin/DefaultConfiguration.json at the plugin version the
// pinned Orthanc image carries). Both are in components/versions.ts.

export const platformRoles = ["viewer", "technologist", "admin"] as const;
export type PlatformRole = (typeof platformRoles)[number];

// The realm roles a token carries (realm_access.roles, where the auth service
// reads them) for each platform role.
export const realmRoleNames: Record<PlatformRole, string> = {
    viewer: "imaging-viewer",
    technologist: "imaging-technologist",
    admin: "imaging-admin",
};

export type Permission =
    | "view"
    | "download"
    | "upload"
    | "modify"
    | "anonymize"
    | "send"
    | "q-r-remote-modalities"
    | "edit-labels"
    | "delete"
    | "settings"
    | "admin-permissions"
    | "audit-logs";

// Written out, not derived from each other: a change to one role is a change to
// this table, reviewed as such. No role gets "all" (it would also grant whatever
// a later plugin version attaches to it) nor "share" (publication links to
// people outside the hospital are not offered).
export const rolePermissions: Record<PlatformRole, readonly Permission[]> = {
    // Reads: browsing, viewers, DICOMweb queries and retrieves. The plugin opens
    // every GET of a study's own files to "view" (its ZIP included, as WADO-RS
    // retrieves a whole study anyway); "download" gates only Orthanc Explorer 2's
    // download links. No upload, no change.
    viewer: ["view"],
    // Runs the modality work: uploads, corrects and anonymizes studies, labels
    // them, sends them to modalities and queries/retrieves from them, downloads.
    technologist: ["view", "download", "upload", "modify", "anonymize", "send", "q-r-remote-modalities", "edit-labels"],
    // Everything the technologist does, plus deleting data, Orthanc's settings
    // (log level), the role editor and the audit-log route.
    admin: [
        "view",
        "download",
        "upload",
        "modify",
        "anonymize",
        "send",
        "q-r-remote-modalities",
        "edit-labels",
        "delete",
        "settings",
        "admin-permissions",
        "audit-logs",
    ],
};

// The local Keycloak account kept for when single sign-on itself is down or
// misconfigured: an administrator, its password a secret stack output, every
// use of it audited and alerted on.
export const breakGlassUsername = "break-glass";

// The token claim that names the person in audit records: Keycloak's
// preferred_username (the login name), never a display name.
export const auditIdentityClaim = "preferred_username";
