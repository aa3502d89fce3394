// asyncio docs, "Streams": the TCP echo client and the TCP echo server, in one program (the
// server listens on a free port). Python twin: tcp-echo.py.
import { openConnection, run, startServer } from "asyncio-ts";

async function handleEcho(reader, writer) {
  const data = await reader.read(100);
  const message = Buffer.from(data).toString();
  console.log(`Server received ${JSON.stringify(message)}`);

  console.log(`Server sends: ${JSON.stringify(message)}`);
  writer.write(data);
  await writer.drain();

  console.log("Server closes the connection");
  writer.close();
  await writer.waitClosed();
}

async function tcpEchoClient(port, message) {
  const [reader, writer] = await openConnection("127.0.0.1", port);

  console.log(`Client sends: ${JSON.stringify(message)}`);
  writer.write(Buffer.from(message));
  await writer.drain();

  const data = await reader.read(100);
  console.log(`Client received: ${JSON.stringify(Buffer.from(data).toString())}`);

  console.log("Client closes the connection");
  writer.close();
  await writer.waitClosed();
}

await run(async () => {
  const server = await startServer(handleEcho, "127.0.0.1", 0);
  const [, port] = server.sockets[0].getsockname();
  // `async with server:` closes the server and waits for it at the end.
  await server.with(async () => {
    await tcpEchoClient(port, "Hello World!");
  });
  console.log("Server closed");
});
