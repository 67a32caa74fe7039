// The network between a modality and Orthanc, with a gate the test closes: a
// loopback TCP relay (TLS passes through it untouched) that forwards what the
// server sends only while `open()` says so, asked afresh for every chunk.
//
// It stops a C-STORE batch at an exact instance without any timing: a modality
// sends the next instance only after the response to the previous one, and
// Orthanc responds only after the instance is stored. So with `open` = "fewer
// than N instances stored", the response to instance N is the first chunk held:
// N are stored, the modality waits for that response with its association open,
// and nothing more can come however fast the machine is. Once the server's side
// closes, whatever was held is delivered and the modality's side is closed too,
// as a real network would pass on a server's last words and its FIN.
import * as net from "net";

export interface GatedRelay {
    port: number;
    close(): Promise<void>;
}

export async function startGatedRelay(target: { host: string; port: number }, open: () => Promise<boolean>): Promise<GatedRelay> {
    const connections = new Set<net.Socket>();
    const server = net.createServer((client) => {
        const upstream = net.connect(target.port, target.host);
        connections.add(client).add(upstream);
        client.pipe(upstream);
        const held: Buffer[] = [];
        let gate = Promise.resolve();
        let shut = false;
        // Chunks are judged one after another, in order: a later one never overtakes.
        upstream.on("data", (chunk: Buffer) => {
            gate = gate.then(async () => {
                if (held.length === 0 && !shut && (await open().catch(() => false))) {
                    client.write(chunk);
                } else {
                    held.push(chunk);
                    shut = true;
                }
            });
        });
        const finish = () =>
            void gate.then(() => {
                for (const chunk of held.splice(0)) {
                    client.write(chunk);
                }
                client.end();
            });
        upstream.on("end", finish);
        upstream.on("error", finish);
        client.on("error", () => upstream.destroy());
        client.on("close", () => upstream.destroy());
        for (const socket of [client, upstream]) {
            socket.on("close", () => connections.delete(socket));
        }
    });
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", resolve);
    });
    const address = server.address() as net.AddressInfo;
    return {
        port: address.port,
        close: () =>
            new Promise<void>((resolve) => {
                for (const socket of connections) {
                    socket.destroy();
                }
                server.close(() => resolve());
            }),
    };
}
