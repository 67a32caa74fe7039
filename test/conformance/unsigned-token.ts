// A JWT of the shape Keycloak issues (header.payload.signature, base64url), signed
// by nobody. Debian's Orthanc has no authorization plugin, so nothing here checks
// tokens: such a token proves what the request filter makes of a token it is
// handed (the audit's user), never who may send one (test/realm-key.test.ts
// verifies real signatures).
export function unsignedJwt(claims: Record<string, unknown>): string {
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    return `${part({ alg: "RS256", typ: "JWT", kid: "test" })}.${part(claims)}.${Buffer.from("not a signature").toString("base64url")}`;
}

// The Authorization header of a script or person with such a token.
export function bearerOf(preferredUsername: string): string {
    return `Bearer ${unsignedJwt({ preferred_username: preferredUsername })}`;
}
