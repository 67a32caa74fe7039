// The policies that fence the patient data in (NetworkPolicies, Istio's
// AuthorizationPolicies and STRICT PeerAuthentications) are protected like the
// data itself: otherwise `pulumi destroy --exclude-protected` would remove every
// fence while the database and the DICOM volume keep running. Tearing a site
// down means unprotecting them on purpose, with the data (see the README).
export const safeguardProtection = { protect: true } as const;
