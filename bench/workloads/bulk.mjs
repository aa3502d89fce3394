// Bulk transfer: 1 GiB in 64 KiB writes over one loopback connection, read and discarded. A
// whole GiB, so that each sample lasts about half a second: 256 MiB took ~150 ms and moved ±30%.
import net from "node:net";

export const description = "bulk transfer of 1 GiB in 64 KiB writes";
export const unit = "MiB/s";
export const count = 1024;
const CHUNK = new Uint8Array(64 * 1024).fill(97);
const TOTAL = 1024 * 1024 * 1024;

export const implementations = {
  async "asyncio-ts"({ run, startServer, openConnection }) {
    return run(async () => {
      let received = 0;
      let done;
      const finished = new Promise((resolve) => (done = resolve));
      const server = await startServer(
        async (reader, writer) => {
          for (;;) {
            const data = await reader.read(1 << 20);
            if (data.length === 0) break;
            received += data.length;
          }
          writer.close();
          done();
        },
        "127.0.0.1",
        0,
      );
      const [host, port] = server.sockets[0].getsockname();
      const start = performance.now();
      const [, writer] = await openConnection(host, port);
      for (let sent = 0; sent < TOTAL; sent += CHUNK.length) {
        writer.write(CHUNK);
        await writer.drain();
      }
      writer.close();
      await finished;
      const elapsed = performance.now() - start;
      if (received !== TOTAL) throw new Error(`received ${received}`);
      server.close();
      await server.waitClosed();
      return elapsed;
    });
  },
  async "plain Node"() {
    let received = 0;
    let done;
    const finished = new Promise((resolve) => (done = resolve));
    const server = net.createServer((socket) => {
      socket.on("data", (chunk) => (received += chunk.length));
      socket.on("end", () => {
        socket.end();
        done();
      });
    });
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address();
    const start = performance.now();
    const socket = net.connect(port, "127.0.0.1");
    await new Promise((resolve) => socket.on("connect", resolve));
    for (let sent = 0; sent < TOTAL; sent += CHUNK.length) {
      if (!socket.write(CHUNK)) await new Promise((resolve) => socket.once("drain", resolve));
    }
    socket.end();
    await finished;
    const elapsed = performance.now() - start;
    if (received !== TOTAL) throw new Error(`received ${received}`);
    await new Promise((resolve) => server.close(resolve));
    return elapsed;
  },
};
export const python = "bulk.py";
