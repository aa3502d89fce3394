// TLS over Node's node:tls: the `ssl` option, and handshakes over connected sockets.
import type { Socket } from "node:net";
import type * as tlsTypes from "node:tls";
import type { AbstractEventLoop } from "./abstract-event-loop.js";
import { ConnectionAbortedError } from "../exceptions/connection-error.js";
import type { TimerHandle } from "../handle.js";
import { Future } from "../future.js";
import { fromNodeError } from "./net-errors.js";
import { post } from "./net-post.js";
import { guardSocket } from "./net-socket-transport.js";

type TlsModule = typeof tlsTypes;

/**
 * What the `ssl` option takes, as Python's `ssl=SSLContext | True`: `true` for the defaults (a
 * client that verifies the server against the system's CAs), a `tls.SecureContext`, or the
 * options of `tls.connect()` (client) / `tls.createSecureContext()` and `tls.TLSSocket` (server:
 * `key`, `cert`, `ca`, `requestCert`, `rejectUnauthorized`, `ALPNProtocols`, ...).
 */
export type SSLOption = boolean | tlsTypes.SecureContext | tlsTypes.ConnectionOptions | tlsTypes.TlsOptions;

// Python's constants.SSL_HANDSHAKE_TIMEOUT and SSL_SHUTDOWN_TIMEOUT.
export const SSL_HANDSHAKE_TIMEOUT = 60;
export const SSL_SHUTDOWN_TIMEOUT = 30;

let tlsModule: TlsModule | undefined;

/** node:tls, loaded on first use: loading it takes time that programs without TLS should not pay. */
export function loadTls(): TlsModule | Promise<TlsModule> {
  if (tlsModule !== undefined) return tlsModule;
  const getBuiltinModule = (process as unknown as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  if (typeof getBuiltinModule === "function") return (tlsModule = getBuiltinModule("node:tls") as TlsModule);
  return import("node:tls").then((module) => (tlsModule = module));
}

/** Whether `value` is a `tls.SecureContext` (made by `tls.createSecureContext`). */
export function isSecureContext(value: unknown): value is tlsTypes.SecureContext {
  return (
    typeof value === "object" &&
    value !== null &&
    "context" in value &&
    (value as object).constructor?.name === "SecureContext"
  );
}

/** A future for a handshake: cancelling it destroys the socket. */
class HandshakeFuture extends Future<tlsTypes.TLSSocket> {
  socket: tlsTypes.TLSSocket | undefined;
  timer: TimerHandle | undefined;

  override cancel(message?: unknown): boolean {
    if (!super.cancel(message)) return false;
    this.timer?.cancel();
    this.socket?.destroy();
    return true;
  }
}

function watchHandshake(
  loop: AbstractEventLoop,
  future: HandshakeFuture,
  socket: tlsTypes.TLSSocket,
  doneEvent: string,
  timeout: number,
): void {
  future.socket = socket;
  const finish = (error: unknown): void => {
    socket.off(doneEvent, onDone);
    socket.off("error", onError);
    socket.off("close", onClose);
    future.timer?.cancel();
    future.timer = undefined;
    if (!future.done()) {
      if (error === undefined) future.setResult(socket);
      else future.setException(error);
    }
    // Until the transport adopts it, an error must not crash the process.
    if (error !== undefined) {
      socket.on("error", ignoreError);
      socket.destroy();
    } else {
      guardSocket(socket);
    }
  };
  const onDone = (): void => void post(loop, finish, undefined);
  const onError = (error: Error): void => void post(loop, finish, fromNodeError(error));
  const onClose = (): void =>
    void post(
      loop,
      finish,
      fromNodeError(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET", syscall: "read" })),
    );
  socket.once(doneEvent, onDone);
  socket.once("error", onError);
  socket.once("close", onClose);
  if (timeout > 0 && Number.isFinite(timeout)) {
    future.timer = loop.callLater(timeout, () => {
      finish(
        new ConnectionAbortedError(`SSL handshake is taking longer than ${timeout} seconds: aborting the connection`),
      );
    });
  }
}

/** Client side: TLS over `raw` (connected); resolves with the TLS socket once the handshake is done. */
export function clientHandshake(
  loop: AbstractEventLoop,
  tls: TlsModule,
  raw: Socket,
  ssl: SSLOption,
  serverHostname: string | null,
  timeout: number,
): Future<tlsTypes.TLSSocket> {
  const future = new HandshakeFuture({ loop });
  const options: tlsTypes.ConnectionOptions = {};
  if (isSecureContext(ssl)) options.secureContext = ssl;
  else if (typeof ssl === "object" && ssl !== null) Object.assign(options, ssl);
  if (serverHostname && !isIPAddress(serverHostname) && options.servername === undefined)
    options.servername = serverHostname;
  if (options.checkServerIdentity === undefined) {
    // Python checks the certificate against server_hostname ("" turns the check off).
    options.checkServerIdentity = (_host, certificate) =>
      serverHostname ? tls.checkServerIdentity(serverHostname, certificate) : undefined;
  }
  options.socket = raw;
  let socket: tlsTypes.TLSSocket;
  try {
    socket = tls.connect(options);
  } catch (error) {
    future.setException(error);
    return future;
  }
  watchHandshake(loop, future, socket, "secureConnect", timeout);
  return future;
}

/** Server side: TLS over the accepted `raw` socket. */
export function serverHandshake(
  loop: AbstractEventLoop,
  tls: TlsModule,
  raw: Socket,
  context: tlsTypes.SecureContext,
  ssl: SSLOption,
  timeout: number,
): Future<tlsTypes.TLSSocket> {
  const future = new HandshakeFuture({ loop });
  const options: tlsTypes.TLSSocketOptions = { isServer: true, secureContext: context };
  if (typeof ssl === "object" && ssl !== null && !isSecureContext(ssl)) {
    const { requestCert, rejectUnauthorized, ALPNProtocols, SNICallback } = ssl as tlsTypes.TlsOptions;
    if (requestCert !== undefined) options.requestCert = requestCert;
    if (rejectUnauthorized !== undefined) options.rejectUnauthorized = rejectUnauthorized;
    if (ALPNProtocols !== undefined) options.ALPNProtocols = ALPNProtocols;
    if (SNICallback !== undefined) options.SNICallback = SNICallback;
  }
  let socket: tlsTypes.TLSSocket;
  try {
    socket = new tls.TLSSocket(raw, options);
  } catch (error) {
    future.setException(error);
    return future;
  }
  watchHandshake(loop, future, socket, "secure", timeout);
  return future;
}

/** The server's SecureContext for the `ssl` option of createServer. */
export function serverSecureContext(tls: TlsModule, ssl: SSLOption): tlsTypes.SecureContext {
  if (isSecureContext(ssl)) return ssl;
  return tls.createSecureContext(ssl as tlsTypes.SecureContextOptions);
}

function ignoreError(): void {}

function isIPAddress(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(":");
}
