// Orthanc in single sign-on mode on the real server: Debian's Orthanc 1.10.1 runs
// the orthanc.json and Lua filter of stack local's plan, with the container's
// environment, against PostgreSQL as CloudNativePG would run it; the probes are
// the planned commands, run by python3.
//
// What this leaves unproven: Debian has no authorization plugin (nor Orthanc
// Explorer 2, nor an auth service). Its "Authorization" and "OrthancExplorer2"
// sections are keys Orthanc 1.10.1 ignores, so here every request the Lua filter
// lets through is served. In production the plugin decides those first; read from
// its sources (orthanc-authorization 0.10.1, Plugin/Plugin.cpp,
// FilterHttpRequests), not observed: it lets a GET of exactly
// /tools/metrics-prometheus through without asking anyone (UncheckedResources),
// which is what the filter's checks and the probes rely on, and it refuses, rather
// than fails, a call when the auth service cannot be reached. Orthanc runs the
// plugin's filter before the Lua filter (request-filter.ts says where).
import { strict as assert } from "assert";
import { spawn } from "child_process";
import { orthancMetricsUser } from "../../components/orthanc/orthanc";
import { secretEnv } from "../../components/orthanc/paths";
import { metricsPath } from "../../components/orthanc/request-filter";
import { loadGeneratedOrthanc, type GeneratedOrthanc } from "./generated-orthanc";
import { deployOrthanc, type LocalOrthanc } from "./local-orthanc";
import { startLocalSite, type LocalSite } from "./local-site";
import { tail } from "./orthanc-process";
import { Teardown } from "./teardown";
import { bearerOf } from "./unsigned-token";
import { waitFor } from "./wait";

interface Probe {
    exec: { command: string[] };
    timeoutSeconds: number;
}

interface ProbeRun {
    passed: boolean;
    ms: number;
}

function basic(username: string, password: string): Record<string, string> {
    return { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}` };
}

function bearer(preferredUsername: string): Record<string, string> {
    return { authorization: bearerOf(preferredUsername) };
}

describe("Orthanc in single sign-on mode, from stack local's plan, on the real server #real", function () {
    this.timeout(60_000);
    const teardown = new Teardown();
    let generated: GeneratedOrthanc;
    let site: LocalSite;
    let orthanc: LocalOrthanc;
    let metricsPassword: string;

    before(async function () {
        this.timeout(180_000);
        generated = await loadGeneratedOrthanc();
        site = await startLocalSite("sign-in", generated, teardown);
        orthanc = await deployOrthanc(site, teardown, { name: "sign-in" });
        metricsPassword = site.credentials.metrics.password;
        await orthanc.start();
    });

    after(() => teardown.run());

    afterEach(function () {
        if (this.currentTest?.state === "failed") {
            console.log(`--- Orthanc log (tail) ---\n${tail(orthanc?.log() ?? "")}`);
        }
    });

    async function get(uri: string, headers: Record<string, string> = {}, method = "GET"): Promise<{ status: number; body: string }> {
        const response = await fetch(`${orthanc.rest.baseUrl}${uri}`, { method, headers, signal: AbortSignal.timeout(20_000) });
        return { status: response.status, body: await response.text() };
    }

    // The planned probe, its port the local Orthanc's, run with the orthanc
    // container's environment (an exec probe runs with it); killed at the
    // probe's own timeoutSeconds, as the kubelet counts a timeout as a failure.
    function runProbe(kind: "readinessProbe" | "livenessProbe" | "startupProbe"): Promise<ProbeRun> {
        const probe = (generated.container as unknown as Record<string, Probe>)[kind];
        const [program, ...args] = probe.exec.command;
        assert.equal(program, "python3", `the ${kind} is not the python3 check this test knows`);
        const portIndex = args.indexOf("8042");
        assert.ok(portIndex > 0, `the ${kind} names no port 8042`);
        const localArgs = args.map((arg, index) => (index === portIndex ? String(orthanc.config.HttpPort) : arg));
        const started = Date.now();
        const child = spawn(program, localArgs, {
            env: { PATH: process.env.PATH, ...orthanc.environment },
            stdio: "ignore",
            timeout: probe.timeoutSeconds * 1000,
        });
        return new Promise((resolve, reject) => {
            child.on("error", reject);
            child.on("exit", (code) => resolve({ passed: code === 0, ms: Date.now() - started }));
        });
    }

    it("runs the plan's single sign-on configuration: Orthanc's authentication off, no users of its own", () => {
        assert.equal(orthanc.config.AuthenticationEnabled, false);
        assert.equal("RegisteredUsers" in orthanc.config, false);
        assert.ok("Authorization" in orthanc.config, "the plan has no authorization plugin section");
    });

    describe("the metrics path", () => {
        it("answers the metrics user with its password, as Prometheus scrapes", async () => {
            const response = await get(metricsPath, basic(orthancMetricsUser, metricsPassword));
            assert.equal(response.status, 200);
            assert.match(response.body, /^orthanc_count_instances /m);
        });

        const refusals: [string, () => Record<string, string>][] = [
            ["no credentials", () => ({})],
            ["a wrong password", () => basic(orthancMetricsUser, "wrong")],
            ["the metrics password one character short", () => basic(orthancMetricsUser, metricsPassword.slice(0, -1))],
            ["the metrics password with a character more", () => basic(orthancMetricsUser, `${metricsPassword}x`)],
            ["the metrics password under another name", () => basic("break-glass", metricsPassword)],
            ["a bearer token", () => bearer("alice.tech")],
        ];
        for (const [name, headers] of refusals) {
            it(`refuses ${name} (403)`, async () => {
                assert.equal((await get(metricsPath, headers())).status, 403);
            });
        }

        it("is refused a Basic header that is not base64 by Orthanc itself, before the filter (400, measured)", async () => {
            assert.equal((await get(metricsPath, { authorization: `Basic ${orthancMetricsUser}:${metricsPassword}` })).status, 400);
        });

        it("refuses the metrics user anything but GET", async () => {
            for (const method of ["POST", "PUT", "DELETE"]) {
                assert.equal((await get(metricsPath, basic(orthancMetricsUser, metricsPassword), method)).status, 403, method);
            }
        });

        // Orthanc serves the metrics at these spellings too (measured). It hands the filters the
        // doubled slash collapsed, the trailing slash kept: the filter must know the latter.
        for (const spelling of [`${metricsPath}/`, metricsPath.replace("/metrics", "//metrics")]) {
            it(`holds ${spelling} to the same rule`, async () => {
                assert.equal((await get(spelling)).status, 403);
                assert.equal((await get(spelling, basic(orthancMetricsUser, metricsPassword))).status, 200);
            });
        }
    });

    describe("a request that claims the metrics user", () => {
        it("is refused anywhere else, since Orthanc hands the filter the Basic name unchecked", async () => {
            for (const headers of [basic(orthancMetricsUser, "forged"), basic(orthancMetricsUser, metricsPassword)]) {
                assert.equal((await get("/system", headers)).status, 403);
                assert.equal((await get("/studies", headers)).status, 403);
            }
            // Beside a person's token as well.
            const both = { ...basic(orthancMetricsUser, "forged"), token: bearer("alice.tech").authorization };
            assert.equal((await get("/studies", both)).status, 403);
        });

        it("is the only kind the filter refuses: a person's call goes on to the plugin (here, with no plugin, it is served)", async () => {
            assert.equal((await get("/studies", bearer("alice.tech"))).status, 200);
            assert.equal((await get("/system", { token: bearer("alice.tech").authorization })).status, 200);
        });
    });

    describe("the probes", () => {
        it("are ready and alive while the database answers", async () => {
            assert.equal((await runProbe("readinessProbe")).passed, true, "readiness");
            assert.equal((await runProbe("livenessProbe")).passed, true, "liveness");
            assert.equal((await runProbe("startupProbe")).passed, true, "start-up");
        });

        it("are not ready without the database, stay alive, and are ready again once it is back, without a restart", async function () {
            this.timeout(240_000);
            const pid = orthanc.pid;
            await site.postgres.stop();
            try {
                for (let attempt = 0; attempt < 2; attempt++) {
                    const readiness = await runProbe("readinessProbe");
                    assert.equal(readiness.passed, false, `ready without the database (attempt ${attempt + 1}, ${readiness.ms} ms)`);
                    const liveness = await runProbe("livenessProbe");
                    assert.equal(liveness.passed, true, "not alive without the database: Kubernetes would restart it");
                    assert.ok(liveness.ms < 5_000, `liveness took ${liveness.ms} ms without the database`);
                }
            } finally {
                await site.postgres.restart();
            }
            // Orthanc retries the database (MaximumConnectionRetries x ConnectionRetryInterval).
            await waitFor(async () => (await runProbe("readinessProbe")).passed, 120_000, "readiness after the database came back");
            assert.equal(orthanc.pid, pid);
        });
    });

    // Last: it replaces the Orthanc above with one on a fresh database.
    describe("with no metrics password in its environment", () => {
        it("lets no one read the metrics, not even with an empty password", async function () {
            this.timeout(120_000);
            await orthanc.stop();
            orthanc = await deployOrthanc(site, teardown, {
                name: "sign-in-no-metrics-password",
                environment: { ...site.environment, [secretEnv.metricsPassword]: "" },
            });
            await orthanc.start();
            assert.equal(orthanc.environment[secretEnv.metricsPassword], "");
            assert.equal((await get(metricsPath, basic(orthancMetricsUser, ""))).status, 403);
            assert.equal((await get(metricsPath, basic(orthancMetricsUser, metricsPassword))).status, 403);
            assert.equal((await runProbe("readinessProbe")).passed, false, "ready although the metrics cannot be read");
        });
    });
});
