// @asyncio-ts/core's low-level I/O: a Protocol on each side of a TCP connection.
import { getRunningLoop, Protocol, run } from "@asyncio-ts/core";

class EchoServerProtocol extends Protocol {
  connectionMade(transport) {
    this.transport = transport;
  }
  dataReceived(data) {
    console.log("server got", JSON.stringify(Buffer.from(data).toString()));
    this.transport.write(data);
    this.transport.close();
  }
}

class EchoClientProtocol extends Protocol {
  constructor(message, onConnectionLost) {
    super();
    this.message = message;
    this.onConnectionLost = onConnectionLost;
  }
  connectionMade(transport) {
    transport.write(Buffer.from(this.message));
    console.log("client sent", JSON.stringify(this.message));
  }
  dataReceived(data) {
    console.log("client got", JSON.stringify(Buffer.from(data).toString()));
  }
  connectionLost(error) {
    console.log("client: the server closed the connection", error === null ? "(cleanly)" : String(error));
    this.onConnectionLost.setResult(true);
  }
}

await run(async () => {
  const loop = getRunningLoop();
  const host = "127.0.0.1";
  const server = await loop.createServer(() => new EchoServerProtocol(), host, 0);
  const [, port] = server.sockets[0].getsockname();

  const onConnectionLost = loop.createFuture();
  const [transport] = await loop.createConnection(
    () => new EchoClientProtocol("Hello World!", onConnectionLost),
    host,
    port,
  );
  try {
    await onConnectionLost; // wait until the protocol signals that the connection is lost
  } finally {
    transport.close();
  }
  server.close();
  await server.waitClosed();
});
