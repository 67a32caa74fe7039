// The key the platform's Keycloak signs tokens with, made by the program rather
// than by Keycloak: the mesh can then check tokens against the public half it
// is given here (Istio RequestAuthentication's inline JWKS) instead of fetching
// Keycloak's JWKS, which istiod, outside the mesh, could not do through the
// Keycloak pod's STRICT mTLS. Replacing this resource rotates the key; every
// session then signs in again.
import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";

/** The token issuer of a realm, as Keycloak writes it: its public base URL, /realms/, the realm. */
export function realmIssuer(publicBaseUrl: string, realm: string): string {
    return `${publicBaseUrl.replace(/\/+$/, "")}/realms/${realm}`;
}

/**
 * A JSON Web Key Set with the one public key, for RS256 signatures. No "kid":
 * Keycloak derives the token's kid itself, and a key without one is tried
 * against any token (Envoy's jwt_verify_lib matches kid only when both carry one).
 */
export function jwksOf(publicKeyPem: string): string {
    const jwk = crypto.createPublicKey(publicKeyPem).export({ format: "jwk" });
    if (jwk.kty !== "RSA") {
        throw new Error(`the realm's signing key must be RSA, not ${jwk.kty}`);
    }
    return JSON.stringify({ keys: [{ kty: "RSA", use: "sig", alg: "RS256", n: jwk.n, e: jwk.e }] });
}

/**
 * The private key as Keycloak's "rsa" key provider takes it (its privateKey
 * setting): the PKCS#8 body in one line, so it can stand in a JSON string of
 * the imported realm.
 */
export function keycloakPrivateKey(pkcs8Pem: string): string {
    return pkcs8Pem.replace(/-----(BEGIN|END) PRIVATE KEY-----/g, "").replace(/\s+/g, "");
}

export class RealmSigningKey extends pulumi.ComponentResource {
    /** The realm's private key for Keycloak's "rsa" key provider, secret. */
    readonly keycloakPrivateKey: pulumi.Output<string>;
    /** The public half as a JWKS, for the mesh. */
    readonly jwks: pulumi.Output<string>;

    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:identity:RealmSigningKey", name, {}, opts);
        const key = new tls.PrivateKey(name, { algorithm: "RSA", rsaBits: 3072 }, { parent: this });
        this.keycloakPrivateKey = pulumi.secret(key.privateKeyPemPkcs8.apply(keycloakPrivateKey));
        this.jwks = key.publicKeyPem.apply(jwksOf);
        this.registerOutputs({ jwks: this.jwks });
    }
}
