// Field builders for the site schema. Each one carries a single human sentence of
// what is allowed, so every failure of that field (wrong type, out of range, bad
// pattern) reads the same: "<key>: <value> is not allowed; expected <what>".
import { isIP } from "net";
import { z } from "zod";
import { ownSentence } from "./errors";

export function section<T extends z.ZodRawShape>(shape: T) {
    const allowed = Object.keys(shape).sort().join(", ");
    return z.strictObject(shape, {
        error: (issue) =>
            issue.code === "unrecognized_keys" ? `expected one of: ${allowed}` : `expected a mapping with keys from: ${allowed}`,
    });
}

export function integerAtLeast(min: number) {
    const expected = `expected an integer >= ${min}`;
    return z.int({ error: expected }).min(min, { error: expected });
}

export function integerBetween(min: number, max: number) {
    const expected = `expected an integer from ${min} to ${max}`;
    return z.int({ error: expected }).min(min, { error: expected }).max(max, { error: expected });
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
    return z.enum(values, { error: `expected one of: ${values.join(", ")}` });
}

export function matching(pattern: RegExp, expected: string) {
    return z.string({ error: `expected ${expected}` }).regex(pattern, { error: `expected ${expected}` });
}

export function text(expected: string) {
    return z.string({ error: `expected ${expected}` }).min(1, { error: `expected ${expected}` });
}

export function flag() {
    return z.boolean({ error: "expected true or false" });
}

// RFC 1123 label: what Kubernetes accepts for names of namespaces, services, secrets.
export const dnsLabel = () =>
    matching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "a DNS label (lowercase letters, digits and '-', at most 63)");

// RFC 1123 subdomain: names of storage classes and other cluster-scoped objects.
export const dnsSubdomain = () =>
    matching(
        /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
        "a DNS subdomain (lowercase letters, digits, '-' and '.')",
    );

// A Kubernetes quantity for storage, in binary units so sizes are unambiguous.
export const storageSize = () =>
    matching(/^[1-9][0-9]*(Mi|Gi|Ti)$/, "a size such as 500Mi, 20Gi or 2Ti");

// Kubernetes reads a bare number as cores (`cpu: 1`, `cpu: 0.5`), and
// `pulumi config set --path ... 1` writes a number: it becomes the same quantity
// as text ("1", "0.5") and must then match like any text would.
export const cpuQuantity = () =>
    z.preprocess(
        (value) => (typeof value === "number" ? String(value) : value),
        matching(/^([1-9][0-9]*m|[0-9]+(\.[0-9]+)?)$/, "a CPU quantity such as 250m or 2"),
    );

// A bare number would be bytes to Kubernetes (`memory: 512` is 512 bytes), which
// no one means: it is refused with what to write instead.
export const memoryQuantity = () =>
    z.preprocess((value, ctx) => {
        if (typeof value === "number") {
            ctx.addIssue({ code: "custom", input: value, message: "needs a unit, such as 512Mi or 2Gi", params: { [ownSentence]: true } });
            return z.NEVER;
        }
        return value;
    }, matching(/^[1-9][0-9]*(Mi|Gi)$/, "a memory quantity such as 512Mi or 4Gi"));

// CloudNativePG schedules carry seconds first: six space-separated fields.
export const sixFieldCron = () =>
    matching(/^(\S+\s+){5}\S+$/, "a six-field cron schedule with seconds first, such as \"0 0 2 * * *\"");

// Barman retention policy syntax: a number followed by d, w or m.
export const retentionPeriod = () => matching(/^[1-9][0-9]*[dwm]$/, "a retention such as 30d, 8w or 6m");

// DICOM Application Entity title: up to 16 characters, no backslash or control characters.
export const aeTitle = () => matching(/^[\x20-\x5b\x5d-\x7e]{1,16}$/, "an AE title of 1 to 16 printable characters");

// A fully qualified host name, as it appears in certificates and Istio hosts.
export const hostname = () =>
    matching(
        /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/,
        "a fully qualified host name in lowercase, such as pacs.hospital.example",
    );

// One PEM certificate (a CA that signs modality certificates).
export const pemCertificate = () =>
    matching(
        /^-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\s*$/,
        "one PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)",
    );

// One PEM certificate request (PKCS #10), as openssl req -new writes it.
export const pemCertificateRequest = () =>
    matching(
        /^-----BEGIN CERTIFICATE REQUEST-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE REQUEST-----\s*$/,
        "one PEM certificate request (-----BEGIN CERTIFICATE REQUEST----- ... -----END CERTIFICATE REQUEST-----)",
    );

// Prometheus retention: a number and a unit.
export const prometheusDuration = () => matching(/^[1-9][0-9]*[hdwy]$/, "a duration such as 15d, 12w or 1y");

// An IPv4 or IPv6 network in CIDR notation, such as 10.20.0.0/16 or fd00::/8.
export const cidrBlock = () =>
    z.string({ error: "expected a network in CIDR notation, such as 10.20.0.0/16" }).refine(
        (value) => {
            const [address, prefix, ...rest] = value.split("/");
            const family = isIP(address ?? "");
            const bits = Number(prefix);
            return rest.length === 0 && family !== 0 && /^\d+$/.test(prefix ?? "") && bits <= (family === 4 ? 32 : 128);
        },
        { error: "expected a network in CIDR notation, such as 10.20.0.0/16" },
    );

// A GUID as Entra ID and Azure write them (tenant, subscription, object IDs).
export const guid = () =>
    matching(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, "a GUID such as 00000000-0000-0000-0000-000000000000");

// An IPv4 network whose address is the network's first (no host bits set), as
// cloud networks (Azure VNets and subnets, AKS pod and service ranges) require.
export const ipv4Network = () =>
    z.string({ error: "expected an IPv4 network in CIDR notation, such as 10.20.0.0/16" }).refine(
        (value) => parseClearIpv4Network(value) !== undefined,
        { error: "expected an IPv4 network in CIDR notation with no host bits set, such as 10.20.0.0/16" },
    );

// The same, with its prefix length within bounds (a VPC, say: AWS allows /16 to /28).
export const ipv4NetworkBetween = (shortest: number, longest: number) => {
    const expected = `expected an IPv4 network from /${shortest} to /${longest} with its host bits clear, such as 10.20.0.0/${shortest}`;
    return z.string({ error: expected }).refine(
        (value) => {
            const network = parseClearIpv4Network(value);
            return network !== undefined && network.prefix >= shortest && network.prefix <= longest;
        },
        { error: expected },
    );
};

// An IPv4 address in dotted notation.
export const ipv4Address = () =>
    z.string({ error: "expected an IPv4 address such as 10.0.0.10" }).refine((value) => isIP(value) === 4, { error: "expected an IPv4 address such as 10.0.0.10" });

export interface Ipv4Network {
    /** The address as an unsigned 32-bit number. */
    address: number;
    prefix: number;
}

export function parseIpv4Address(text: string): number | undefined {
    if (isIP(text) !== 4) {
        return undefined;
    }
    return text.split(".").reduce((sum, octet) => sum * 256 + Number(octet), 0);
}

export function parseIpv4Network(text: string): Ipv4Network | undefined {
    const [address, prefix, ...rest] = text.split("/");
    const parsed = parseIpv4Address(address ?? "");
    if (parsed === undefined || rest.length > 0 || !/^\d{1,2}$/.test(prefix ?? "") || Number(prefix) > 32) {
        return undefined;
    }
    return { address: parsed, prefix: Number(prefix) };
}

// A network written with host bits set ("10.0.0.1/16") is a typo for some
// network, and which one is not for the program to guess: undefined.
export function parseClearIpv4Network(text: string): Ipv4Network | undefined {
    const network = parseIpv4Network(text);
    return network !== undefined && network.address === alignedAddress(network) ? network : undefined;
}

function alignedAddress(network: Ipv4Network): number {
    const size = 2 ** (32 - network.prefix);
    return Math.floor(network.address / size) * size;
}

/** How many addresses the network spans. */
export function ipv4NetworkSize(network: Ipv4Network): number {
    return 2 ** (32 - network.prefix);
}

/** Whether `inner` (a network or one address) lies wholly inside `outer`. */
export function ipv4Contains(outer: Ipv4Network, inner: Ipv4Network | number): boolean {
    const start = typeof inner === "number" ? inner : alignedAddress(inner);
    const end = typeof inner === "number" ? inner : start + ipv4NetworkSize(inner) - 1;
    const outerStart = alignedAddress(outer);
    return start >= outerStart && end <= outerStart + ipv4NetworkSize(outer) - 1;
}

/** Whether two networks share any address. */
export function ipv4Overlap(a: Ipv4Network, b: Ipv4Network): boolean {
    return ipv4Contains(a, alignedAddress(b)) || ipv4Contains(b, alignedAddress(a));
}
