// Echo round trips of 64-byte messages over 10 connections, on loopback.
import net from "node:net";

export const description = "echo round trips, 64-byte messages, 10 connections";
export const unit = "round trips/s";
export const count = 100_000;
const CONNECTIONS = 10;
const MESSAGE = new Uint8Array(64).fill(120);

export const implementations = {
  async "asyncio-ts"({ run, startServer, openConnection, gather }) {
    return run(async () => {
      const server = await startServer(
        async (reader, writer) => {
          for (;;) {
            const data = await reader.read(65536);
            if (data.length === 0) break;
            writer.write(data);
            await writer.drain();
          }
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const [host, port] = server.sockets[0].getsockname();
      const start = performance.now();
      await gather(
        Array.from({ length: CONNECTIONS }, () => async () => {
          const [reader, writer] = await openConnection(host, port);
          for (let round = 0; round < count / CONNECTIONS; round++) {
            writer.write(MESSAGE);
            await reader.readexactly(MESSAGE.length);
          }
          writer.close();
          await writer.waitClosed();
        }),
      );
      const elapsed = performance.now() - start;
      server.close();
      await server.waitClosed();
      return elapsed;
    });
  },
  async "plain Node"() {
    const server = net.createServer((socket) => socket.pipe(socket));
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address();
    const start = performance.now();
    await Promise.all(
      Array.from(
        { length: CONNECTIONS },
        () =>
          new Promise((resolve, reject) => {
            const socket = net.connect(port, "127.0.0.1");
            let rounds = 0;
            let received = 0;
            socket.on("error", reject);
            socket.on("connect", () => socket.write(MESSAGE));
            socket.on("data", (chunk) => {
              received += chunk.length;
              while (received >= MESSAGE.length) {
                received -= MESSAGE.length;
                if (++rounds === count / CONNECTIONS) return socket.end(resolve);
                socket.write(MESSAGE);
              }
            });
          }),
      ),
    );
    const elapsed = performance.now() - start;
    await new Promise((resolve) => server.close(resolve));
    return elapsed;
  },
};
export const python = "echo.py";
