// The realm's signing key and the JWKS the mesh checks tokens with, made from a
// real key: openssl makes the key the program asks the tls provider for, openssl
// signs tokens with it, the program's JWKS is served on loopback and fetched
// back, and the tokens are verified against what was fetched (OpenSSL through
// Node's crypto, as Envoy verifies RS256 against a JWKS). What this cannot show:
// Keycloak taking the key and Envoy enforcing the policy (neither runs here).
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { RealmSigningKey, jwksOf, realmIssuer } from "../components/identity/realm-key";
import { requestAuthenticationSpec, tokenHeaders } from "../components/mesh/token-validation";
import { OpensslTlsProvider } from "./support/openssl-tls-provider";
import { validateObject } from "./support/schemas";

const base64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

// A token as Keycloak shapes it, signed by openssl with the given PEM key.
function signedToken(keyPem: string, claims: Record<string, unknown>, directory: string): string {
    const signingInput = `${base64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid: "keycloak-derived" }))}.${base64url(JSON.stringify(claims))}`;
    const keyFile = path.join(directory, `key-${crypto.randomUUID()}.pem`);
    fs.writeFileSync(keyFile, keyPem);
    const signature = spawnSync("openssl", ["dgst", "-sha256", "-sign", keyFile], { input: signingInput });
    assert.equal(signature.status, 0, signature.stderr?.toString());
    return `${signingInput}.${base64url(signature.stdout)}`;
}

// What a JWKS verifier does with a token: pick an RS256 key (any, when neither names
// a kid both share), check the signature, then the issuer and the expiry.
function verifies(token: string, jwks: { keys: crypto.JsonWebKey[] }, issuer: string): boolean {
    const [header, payload, signature] = token.split(".");
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    const signed = jwks.keys.some((jwk) =>
        crypto.verify("sha256", Buffer.from(`${header}.${payload}`), crypto.createPublicKey({ key: jwk, format: "jwk" }), Buffer.from(signature, "base64url")),
    );
    return signed && claims.iss === issuer && claims.exp > Date.now() / 1000;
}

function fetchText(url: string): Promise<string> {
    return new Promise((resolve, reject) => {
        http.get(url, (response) => {
            let body = "";
            response.on("data", (chunk) => (body += chunk));
            response.on("end", () => resolve(body));
        }).on("error", reject);
    });
}

describe("the realm's signing key and the mesh's JWKS #real", function () {
    this.timeout(60000);
    const tlsProvider = new OpensslTlsProvider();
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "realm-key-"));
    const issuer = realmIssuer("https://pacs.site-a.example/keycloak/", "imaging");
    let key: { keycloak: string; jwks: string };
    let server: http.Server;
    let fetched: { keys: crypto.JsonWebKey[] };

    before(async () => {
        await pulumi.runtime.setMocks(tlsProvider.mocks(), "imaging-platform", "realm-key", false);
        key = await new Promise((resolve) => {
            pulumi.runtime.runInPulumiStack(async () => {
                const realmKey = new RealmSigningKey("imaging-realm");
                pulumi.all([realmKey.keycloakPrivateKey, realmKey.jwks]).apply(([keycloak, jwks]) => resolve({ keycloak, jwks }));
            });
        });
        server = http.createServer((_, response) => response.end(key.jwks));
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        fetched = JSON.parse(await fetchText(`http://127.0.0.1:${(server.address() as { port: number }).port}/keycloak/realms/imaging/protocol/openid-connect/certs`));
    });

    after(() => {
        server?.close();
        tlsProvider.dispose();
        fs.rmSync(directory, { recursive: true, force: true });
    });

    // The private key back in PEM, from the one line Keycloak is given.
    const keycloakKeyPem = () => `-----BEGIN PRIVATE KEY-----\n${key.keycloak.match(/.{1,64}/g)!.join("\n")}\n-----END PRIVATE KEY-----\n`;
    const claims = () => ({ iss: issuer, sub: "3cd50e87", preferred_username: "jdoe", aud: "account", exp: Math.floor(Date.now() / 1000) + 300 });

    it("verifies a token signed with the key Keycloak is given, against the JWKS served on loopback", () => {
        assert.ok(verifies(signedToken(keycloakKeyPem(), claims(), directory), fetched, issuer));
    });

    it("refuses a token signed with any other key, one from another issuer, and an expired one", () => {
        const other = spawnSync("openssl", ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"], { encoding: "utf8" }).stdout;
        assert.equal(verifies(signedToken(other, claims(), directory), fetched, issuer), false);
        assert.equal(verifies(signedToken(keycloakKeyPem(), { ...claims(), iss: "https://pacs.site-a.example/keycloak/realms/master" }, directory), fetched, issuer), false);
        assert.equal(verifies(signedToken(keycloakKeyPem(), { ...claims(), exp: Math.floor(Date.now() / 1000) - 10 }, directory), fetched, issuer), false);
    });

    it("publishes one RSA signing key, without a kid and without its private half", () => {
        assert.equal(fetched.keys.length, 1);
        const [jwk] = fetched.keys as Array<Record<string, unknown>>;
        assert.deepEqual(Object.keys(jwk).sort(), ["alg", "e", "kty", "n", "use"]);
        assert.deepEqual([jwk.kty, jwk.alg, jwk.use], ["RSA", "RS256", "sig"]);
        // 3072 bits: the modulus is 384 bytes.
        assert.equal(Buffer.from(String(jwk.n), "base64url").length, 384);
    });

    it("takes tokens from both headers Orthanc's clients use, passes them on to Orthanc, and is a valid RequestAuthentication", async () => {
        assert.deepEqual(tokenHeaders, [
            { name: "token", prefix: "Bearer " },
            { name: "Authorization", prefix: "Bearer " },
        ]);
        assert.equal(requestAuthenticationSpec({ selector: { app: "orthanc" }, issuer, jwks: "{}" }).jwtRules[0].forwardOriginalToken, true);
        await validateObject({
            apiVersion: "security.istio.io/v1",
            kind: "RequestAuthentication",
            metadata: { name: "orthanc-tokens", namespace: "imaging" },
            spec: requestAuthenticationSpec({ selector: { app: "orthanc" }, issuer, jwks: key.jwks }),
        } as { apiVersion: string; kind: string });
    });
});

describe("the realm's issuer and the mesh's token check", () => {
    it("writes the issuer as Keycloak does, whatever slashes end the base URL", () => {
        assert.equal(realmIssuer("https://pacs.site-a.example/keycloak/", "imaging"), "https://pacs.site-a.example/keycloak/realms/imaging");
        assert.equal(realmIssuer("https://pacs.site-a.example/keycloak", "imaging"), "https://pacs.site-a.example/keycloak/realms/imaging");
    });

    it("refuses a key that is not RSA", () => {
        const ec = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
        assert.throws(() => jwksOf(ec.publicKey.export({ type: "spki", format: "pem" }).toString()), /must be RSA, not EC/);
    });
});
