// The loop's I/O methods, gathered for event-loop.ts (which delegates to them).
export { getaddrinfo, type GetaddrinfoOptions } from "./net-getaddrinfo.js";
export {
  createConnection,
  createUnixConnection,
  startTls,
  type CreateConnectionOptions,
  type CreateUnixConnectionOptions,
  type StartTlsOptions,
} from "./net-create-connection.js";
export {
  createServer,
  createUnixServer,
  type CreateServerOptions,
  type CreateUnixServerOptions,
} from "./net-create-server.js";
export { createDatagramEndpoint, type CreateDatagramEndpointOptions } from "./dgram-endpoint.js";
export { connectReadPipe, connectWritePipe, type ReadPipe, type WritePipe } from "./pipe-transports.js";
export { addSignalHandler, removeSignalHandler } from "./signal-handlers.js";
export type { SSLOption } from "./tls-support.js";
export { releaseLoopResources } from "./net-loop-resources.js";
