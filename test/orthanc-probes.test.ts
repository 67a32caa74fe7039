// The liveness check the plan gives Orthanc, run by Debian's python3 against a
// stand-in HTTP server on loopback: any answer short of a server error is alive
// (403 above all: the request filter's answer to the metrics path asked without
// credentials, measured in test/conformance/sign-in.test.ts); silence is not.
import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as http from "http";
import type { AddressInfo } from "net";
import { freeLoopbackPort } from "./conformance/free-port";
import { planStack, resource, types } from "./support/plan";

type Json = Record<string, any>;

function serve(status: number): Promise<{ server: http.Server; port: number; paths: string[] }> {
    const paths: string[] = [];
    const server = http.createServer((request, response) => {
        paths.push(`${request.method} ${request.url} ${request.headers.authorization ?? "no credentials"}`);
        response.statusCode = status;
        response.end();
    });
    return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, port: (server.address() as AddressInfo).port, paths })));
}

describe("Orthanc's liveness check, run by python3 #real", () => {
    let command: string[];
    before(async () => {
        const plan = await planStack("local");
        command = (resource(plan, types.deployment, "orthanc").inputs as Json).spec.template.spec.containers[0].livenessProbe.exec.command;
    });

    // The probe's own port argument replaced by the stand-in's: nothing else changes.
    // Asynchronous: the stand-in answers from this process's event loop.
    function probe(port: number): Promise<number | null> {
        const [program, ...args] = command;
        const child = spawn(program, [...args.slice(0, -1), String(port)], { stdio: "ignore", timeout: 20_000 });
        return new Promise((resolve, reject) => {
            child.on("error", reject);
            child.on("exit", (code) => resolve(code));
        });
    }

    for (const [status, alive] of [[403, true], [401, true], [200, true], [500, false], [503, false]] as const) {
        it(`counts an HTTP ${status} as ${alive ? "alive" : "not alive"}`, async () => {
            const { server, port, paths } = await serve(status);
            try {
                assert.equal(await probe(port), alive ? 0 : 1);
                assert.deepEqual(paths, ["GET /tools/metrics-prometheus no credentials"]);
            } finally {
                server.close();
            }
        });
    }

    it("counts no answer as not alive", async () => {
        assert.equal(await probe(await freeLoopbackPort()), 1);
    });
});
