// Loopback ports chosen by the kernel, so parallel runs and other services on
// the machine do not collide with the test's servers.
import * as net from "net";

// Where every server of the test listens.
export const loopbackHost = "127.0.0.1";

export function freeLoopbackPort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.unref();
        server.on("error", reject);
        server.listen(0, loopbackHost, () => {
            const address = server.address();
            server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
        });
    });
}

export async function freeLoopbackPorts(count: number): Promise<number[]> {
    const ports = new Set<number>();
    while (ports.size < count) {
        ports.add(await freeLoopbackPort());
    }
    return [...ports];
}
