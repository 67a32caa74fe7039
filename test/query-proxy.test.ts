// The Prometheus query proxy's generated nginx.conf, served by Debian's nginx on
// loopback in front of a stand-in Prometheus: who gets through, and to what.
// The configuration comes from the plan; only what cannot hold outside the pod
// changes, each with its reason (see localize()).
import { strict as assert } from "assert";
import { spawn, spawnSync, type ChildProcess } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import type { Plan } from "../tools/plan/evaluate";
import { freeLoopbackPort } from "./conformance/free-port";
import { planMonitoring } from "./support/monitoring";
import { resource, types } from "./support/plan";

type Json = Record<string, any>;

// Debian's nginx, in sbin: not on an ordinary user's PATH.
const nginxBinary = "/usr/sbin/nginx";

interface SeenRequest {
    method: string;
    url: string;
    authorization?: string;
}

// Prometheus as far as the proxy can tell: answers everything, records it.
function startStandInPrometheus(seen: SeenRequest[]): Promise<{ server: http.Server; port: number }> {
    const server = http.createServer((request, response) => {
        seen.push({ method: request.method ?? "", url: request.url ?? "", authorization: request.headers.authorization });
        response.setHeader("content-type", "application/json");
        response.end('{"status":"success","data":{"resultType":"vector","result":[]}}');
    });
    return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, port: (server.address() as { port: number }).port })));
}

// A $2a$ bcrypt hash, the form the random provider's bcryptHash takes, from the
// C library's crypt() (through Perl, which every Debian has).
function bcrypt2a(password: string): string {
    const alphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    const salt = Array.from(crypto.randomBytes(22), (byte) => alphabet[byte % 64]).join("");
    // "--": a generated password may begin with "-", which perl would read as a switch.
    const result = spawnSync("perl", ["-e", "print crypt($ARGV[0], $ARGV[1])", "--", password, `$2a$10$${salt}`], { encoding: "utf8" });
    assert.match(result.stdout, /^\$2a\$10\$/, `crypt() gave ${result.stdout} ${result.stderr}`);
    return result.stdout;
}

interface Response {
    status: number;
    body: string;
}

function request(port: number, method: string, url: string, credentials?: string): Promise<Response> {
    const headers = credentials ? { authorization: `Basic ${Buffer.from(credentials).toString("base64")}` } : undefined;
    return new Promise((resolve, reject) => {
        const req = http.request({ host: "127.0.0.1", port, method, path: url, headers }, (res) => {
            let body = "";
            res.on("data", (chunk) => (body += chunk));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on("error", reject);
        req.end();
    });
}

describe("the Prometheus query proxy on Debian's nginx #real", () => {
    const username = "monitoring-reader";
    const password = crypto.randomBytes(18).toString("base64url");
    const seen: SeenRequest[] = [];
    let dir: string;
    let prometheus: http.Server;
    let nginx: ChildProcess;
    let port: number;

    before(async () => {
        const plan = await planMonitoring();
        const stub = await startStandInPrometheus(seen);
        prometheus = stub.server;
        port = await freeLoopbackPort();
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "imaging-query-proxy-"));
        // nginx's workers drop to nobody when the test runs as root: they must reach the files.
        fs.chmodSync(dir, 0o755);
        const htpasswd = path.join(dir, "htpasswd");
        fs.writeFileSync(htpasswd, `${username}:${bcrypt2a(password)}\n`, { mode: 0o644 });
        const conf = path.join(dir, "nginx.conf");
        fs.writeFileSync(conf, localize(plan, { dir, port, upstream: `127.0.0.1:${stub.port}`, htpasswd }));

        assert.ok(fs.existsSync(nginxBinary), `${nginxBinary} is missing: npm test installs it (Debian package nginx)`);
        const log = fs.openSync(path.join(dir, "nginx.log"), "a");
        nginx = spawn(nginxBinary, ["-e", "stderr", "-p", dir, "-c", conf], { stdio: ["ignore", log, log] });
        fs.closeSync(log);
        const deadline = Date.now() + 10_000;
        for (;;) {
            try {
                if ((await request(port, "GET", "/healthz")).status === 200) {
                    break;
                }
            } catch {
                // Not listening yet.
            }
            if (Date.now() > deadline || nginx.exitCode !== null) {
                throw new Error(`nginx did not serve /healthz:\n${fs.readFileSync(path.join(dir, "nginx.log"), "utf8")}`);
            }
            await new Promise((resolve) => setTimeout(resolve, 50));
        }
    });

    after(async () => {
        if (nginx && nginx.exitCode === null) {
            const exited = new Promise((resolve) => nginx.once("exit", resolve));
            nginx.kill("SIGQUIT");
            await exited;
        }
        prometheus?.close();
        if (dir) {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    beforeEach(() => {
        seen.length = 0;
    });

    it("refuses a query without credentials (401) and forwards nothing", async () => {
        const response = await request(port, "GET", "/api/v1/query?query=up");
        assert.equal(response.status, 401);
        assert.deepEqual(seen, []);
    });

    it("refuses a wrong password (401)", async () => {
        assert.equal((await request(port, "GET", "/api/v1/query?query=up", `${username}:${password}x`)).status, 401);
        assert.equal((await request(port, "GET", "/api/v1/query?query=up", `someone:${password}`)).status, 401);
        assert.deepEqual(seen, []);
    });

    it("forwards a query with the right credentials, without handing them on", async () => {
        const response = await request(port, "GET", "/api/v1/query?query=up", `${username}:${password}`);
        assert.equal(response.status, 200, response.body);
        assert.deepEqual(seen, [{ method: "GET", url: "/api/v1/query?query=up", authorization: undefined }]);
        assert.equal((await request(port, "POST", "/api/v1/query_range", `${username}:${password}`)).status, 200);
        assert.equal((await request(port, "GET", "/federate?match[]=up", `${username}:${password}`)).status, 200);
    });

    it("keeps the admin API, lifecycle endpoints and the web UI out of reach, even with credentials", async () => {
        for (const url of ["/api/v1/admin/tsdb/delete_series", "/-/quit", "/-/reload", "/api/v1/write", "/graph", "/"]) {
            assert.equal((await request(port, "POST", url, `${username}:${password}`)).status, 404, url);
        }
        assert.equal((await request(port, "DELETE", "/api/v1/series", `${username}:${password}`)).status, 403);
        assert.deepEqual(seen, []);
    });

    it("answers the probe path without credentials and without Prometheus", async () => {
        assert.equal((await request(port, "GET", "/healthz")).status, 200);
        assert.deepEqual(seen, []);
    });
});

// The pod's configuration made to run on loopback. Each change is one the pod
// does not need: a port the kernel picked, the stand-in's address for the
// Prometheus Service's DNS name, and the test's directory for the pod's /tmp and
// for the Secret's mount.
function localize(plan: Plan, local: { dir: string; port: number; upstream: string; htpasswd: string }): string {
    const conf: string = (resource(plan, types.configMap, "prometheus-query-config").inputs as Json).data["nginx.conf"];
    const deployment = resource(plan, types.deployment, "prometheus-query").inputs as Json;
    const container = deployment.spec.template.spec.containers[0];
    const containerPort: number = container.ports.find((p: Json) => p.name === "http").containerPort;
    const htpasswdMount: string = container.volumeMounts.find((m: Json) => m.name === "htpasswd").mountPath;
    // In order: the /tmp paths first, before any local path (itself under /tmp) is written in.
    const replacements: Array<[RegExp, string]> = [
        [/ \/tmp\//g, ` ${local.dir}/`],
        [new RegExp(`listen ${containerPort};`), `listen 127.0.0.1:${local.port};`],
        [/proxy_pass http:\/\/[^;]+;/g, `proxy_pass http://${local.upstream};`],
        [new RegExp(`auth_basic_user_file ${htpasswdMount}/htpasswd;`, "g"), `auth_basic_user_file ${local.htpasswd};`],
        [/access_log \/dev\/stdout;/, `access_log ${local.dir}/access.log;`],
    ];
    let localized = conf;
    for (const [pattern, replacement] of replacements) {
        assert.match(localized, pattern, `the generated nginx.conf no longer has ${pattern}`);
        localized = localized.replace(pattern, replacement);
    }
    return localized;
}
