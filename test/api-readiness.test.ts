// The vSphere site's wait for the API, run for real: the script the readiness
// command runs, against a local HTTPS server that demands a client certificate as
// RKE2's API server with the CIS profile does (no anonymous access), with CAs and
// certificates made by openssl. It must answer as soon as /readyz does, keep
// probing while it does not, give up at its deadline naming the reason, and never
// print the key it was given.
import { strict as assert } from "assert";
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as https from "https";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { probeIntervalSeconds, readinessScript } from "../components/site/rke2/api-readiness";

interface Pki {
    caPem: string;
    serverKey: string;
    serverCert: string;
    clientKey: string;
    clientCert: string;
    strangerKey: string;
    strangerCert: string;
}

function openssl(directory: string, args: string[]): void {
    const result = spawnSync("openssl", args, { cwd: directory, encoding: "utf8" });
    assert.equal(result.status, 0, `openssl ${args.join(" ")}: ${result.stderr}`);
}

// A cluster CA with a server certificate for 127.0.0.1 and a client certificate, and a client of another CA.
function makePki(directory: string): Pki {
    const ca = (name: string) => openssl(directory, ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.crt`, "-days", "1", "-subj", `/CN=${name}`]);
    const leaf = (name: string, issuer: string, extensions: string) => {
        openssl(directory, ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${name}`]);
        fs.writeFileSync(path.join(directory, `${name}.ext`), extensions);
        openssl(directory, ["x509", "-req", "-in", `${name}.csr`, "-CA", `${issuer}.crt`, "-CAkey", `${issuer}.key`, "-CAcreateserial", "-out", `${name}.crt`, "-days", "1", "-extfile", `${name}.ext`]);
    };
    ca("cluster-ca");
    ca("other-ca");
    leaf("server", "cluster-ca", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
    leaf("admin", "cluster-ca", "extendedKeyUsage=clientAuth\n");
    leaf("stranger", "other-ca", "extendedKeyUsage=clientAuth\n");
    const read = (file: string) => fs.readFileSync(path.join(directory, file), "utf8");
    return {
        caPem: read("cluster-ca.crt"),
        serverKey: read("server.key"),
        serverCert: read("server.crt"),
        clientKey: read("admin.key"),
        clientCert: read("admin.crt"),
        strangerKey: read("stranger.key"),
        strangerCert: read("stranger.crt"),
    };
}

// An API server stand-in: /readyz answers 200 to an authenticated client once `readyAfter` probes have failed with 503.
async function apiServer(pki: Pki, readyAfter: number): Promise<{ url: string; probes: () => number; close: () => Promise<void> }> {
    let probes = 0;
    const server = https.createServer({ key: pki.serverKey, cert: pki.serverCert, ca: pki.caPem, requestCert: true, rejectUnauthorized: false }, (request, response) => {
        const authenticated = (request.socket as unknown as { authorized: boolean }).authorized;
        if (!authenticated) {
            response.writeHead(401).end("Unauthorized");
            return;
        }
        probes += 1;
        if (request.url !== "/readyz" || probes <= readyAfter) {
            response.writeHead(503).end("not ready");
            return;
        }
        response.writeHead(200).end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    return { url: `https://127.0.0.1:${port}`, probes: () => probes, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function runScript(environment: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        const child = spawn("/bin/sh", ["-c", readinessScript], { env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...environment } });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk) => (stdout += chunk));
        child.stderr.on("data", (chunk) => (stderr += chunk));
        child.on("close", (status) => resolve({ status, stdout, stderr }));
    });
}

describe("the wait for an on-prem site's API #real", function () {
    this.timeout(120000);
    let directory: string;
    let pki: Pki;
    before(() => {
        directory = fs.mkdtempSync(path.join(os.tmpdir(), "api-readiness-"));
        pki = makePki(directory);
    });
    after(() => fs.rmSync(directory, { recursive: true, force: true }));

    const environment = (url: string, minutes: number, client = { cert: pki.clientCert, key: pki.clientKey }) => ({
        IMAGING_API_URL: url,
        IMAGING_API_CA: pki.caPem,
        IMAGING_API_CLIENT_CERT: client.cert,
        IMAGING_API_CLIENT_KEY: client.key,
        IMAGING_API_TIMEOUT_MINUTES: String(minutes),
    });

    it("returns at once when the API is ready, trusting only the cluster's CA and showing the admin certificate", async () => {
        const server = await apiServer(pki, 0);
        try {
            const result = await runScript(environment(server.url, 1));
            assert.equal(result.status, 0, result.stderr);
            assert.match(result.stdout, new RegExp(`the Kubernetes API at ${server.url} is ready \\(attempt 1\\)`));
            assert.equal(server.probes(), 1);
        } finally {
            await server.close();
        }
    });

    it(`keeps probing every ${probeIntervalSeconds} seconds while /readyz fails, saying so, and returns once it answers`, async () => {
        const server = await apiServer(pki, 1);
        try {
            const result = await runScript(environment(server.url, 1));
            assert.equal(result.status, 0, result.stderr);
            assert.match(result.stderr, new RegExp(`waiting for ${server.url}/readyz \\(attempt 1, 1 min left\\): curl: \\(22\\)`));
            assert.match(result.stdout, /is ready \(attempt 2\)/);
        } finally {
            await server.close();
        }
    });

    it("fails at its deadline with curl's reason, for a client the API does not know, and never prints the key", async () => {
        const server = await apiServer(pki, 0);
        try {
            const result = await runScript(environment(server.url, 0, { cert: pki.strangerCert, key: pki.strangerKey }));
            assert.equal(result.status, 1);
            assert.match(result.stderr, new RegExp(`the Kubernetes API at ${server.url} did not answer /readyz within 0 minutes: curl: \\(22\\).*401`));
            assert.equal(server.probes(), 0, "the API never counted an unauthenticated probe as one");
            const keyBody = pki.strangerKey.split("\n")[1]!;
            assert.ok(!(result.stdout + result.stderr).includes(keyBody));
        } finally {
            await server.close();
        }
    });

    it("does not trust a server whose certificate another CA signed", async () => {
        const server = await apiServer(pki, 0);
        try {
            const result = await runScript({ ...environment(server.url, 0), IMAGING_API_CA: fs.readFileSync(path.join(directory, "other-ca.crt"), "utf8") });
            assert.equal(result.status, 1);
            assert.match(result.stderr, /curl: \(60\)/);
            assert.equal(server.probes(), 0);
        } finally {
            await server.close();
        }
    });
});
