// For tests that run a site kind's component under Pulumi's mocks and read what a
// resource really receives: secrets unwrapped (the plan masks them), and the
// values only the random and tls providers compute, as stand-ins.
import * as pulumi from "@pulumi/pulumi";

type Json = Record<string, any>;

export function unwrapped(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(unwrapped);
    if (value !== null && typeof value === "object") {
        const record = value as Json;
        if (record[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig) return unwrapped(record.value);
        return Object.fromEntries(Object.entries(record).map(([key, inner]) => [key, unwrapped(inner)]));
    }
    return value;
}

// Stand-ins for what only the providers compute, as the plan gives them.
export function computed(type: string, name: string): Json {
    switch (type) {
        case "random:index/randomPassword:RandomPassword":
            return { result: `join-password-of-${name}` };
        case "tls:index/privateKey:PrivateKey":
            return { privateKeyPem: `-----BEGIN PRIVATE KEY-----\nkey-of-${name}\n-----END PRIVATE KEY-----\n` };
        case "tls:index/selfSignedCert:SelfSignedCert":
        case "tls:index/locallySignedCert:LocallySignedCert":
            return { certPem: `-----BEGIN CERTIFICATE-----\nY2VydA${name.length}\n-----END CERTIFICATE-----\n` };
        default:
            return {};
    }
}

