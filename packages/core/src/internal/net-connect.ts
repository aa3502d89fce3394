// Connecting Node sockets, as Python's sock_connect: a Future of the connected socket whose
// cancellation destroys it, failing with Python's OSError classes and messages.
import type { Socket } from "node:net";
import type { AbstractEventLoop } from "./abstract-event-loop.js";
import { OSError } from "../exceptions/os-error.js";
import { Future } from "../future.js";
import { AddressFamily, type AddressInfo } from "../transports/address-family.js";
import { formatAddress } from "./net-bytes.js";
import { isSystemError, makeOSError, strerrorOf } from "./net-errors.js";
import { post } from "./net-post.js";
import { guardSocket } from "./net-socket-transport.js";
import { nodeNet } from "./node-builtins.js";

class ConnectFuture extends Future<Socket> {
  socket: Socket | undefined;

  override cancel(message?: unknown): boolean {
    if (!super.cancel(message)) return false;
    this.socket?.destroy();
    return true;
  }
}

function ignoreError(): void {}

/** What to connect to: TCP `{ host, port, family, localAddr }` or Unix `{ path }`. */
export type ConnectTarget =
  | {
      readonly host: string;
      readonly port: number;
      readonly family: number;
      readonly localAddr?: AddressInfo[4] | undefined;
    }
  | { readonly path: string };

/** Connects a new socket to `target`; a bind or connect failure becomes Python's OSError. */
export function connectSocket(loop: AbstractEventLoop, target: ConnectTarget): Future<Socket> {
  const future = new ConnectFuture({ loop });
  let socket: Socket;
  const onConnect = (): void => void post(loop, settle, undefined);
  const onError = (error: Error): void => void post(loop, settle, error);
  let underWay = true;
  const settle = (error: Error | undefined): void => {
    // Both events may have been posted before the first settle ran: the first decides, and the
    // second must not destroy a socket the first handed over.
    if (!underWay) return;
    underWay = false;
    loop._operationFinished();
    socket.off("connect", onConnect);
    socket.off("error", onError);
    if (future.done()) {
      socket.on("error", ignoreError);
      socket.destroy();
      return;
    }
    if (error === undefined) {
      guardSocket(socket);
      future.setResult(socket);
      return;
    }
    socket.on("error", ignoreError);
    socket.destroy();
    future.setException(connectError(error, target));
  };
  try {
    if ("path" in target) {
      socket = nodeNet().connect({ path: target.path, allowHalfOpen: true });
    } else {
      const local = target.localAddr;
      socket = nodeNet().connect({
        host: target.host,
        port: target.port,
        family: target.family === AddressFamily.AF_INET6 ? 6 : 4,
        allowHalfOpen: true,
        noDelay: true,
        ...(local !== undefined ? { localAddress: local[0], localPort: local[1] } : {}),
      });
    }
  } catch (error) {
    future.setException(error);
    return future;
  }
  future.socket = socket;
  loop._operationStarted();
  socket.once("connect", onConnect);
  socket.once("error", onError);
  return future;
}

function connectError(error: Error, target: ConnectTarget): unknown {
  if (!isSystemError(error)) return error;
  const code = error.code as string;
  if (error.syscall === "bind" && !("path" in target)) {
    const local = target.localAddr;
    const message = `error while attempting to bind on address ${formatAddress(local)}: ${strerrorOf(code).toLowerCase()}`;
    const exc = makeOSError(code, message, error);
    (exc as { _bindFailure?: boolean })._bindFailure = true;
    return exc;
  }
  if ("path" in target) return makeOSError(code, undefined, error);
  const address =
    target.family === AddressFamily.AF_INET6 ? [target.host, target.port, 0, 0] : [target.host, target.port];
  return makeOSError(code, `Connect call failed ${formatAddress(address)}`, error);
}

/** Whether `error` is a failure to bind the local address (the next local address may work). */
export function isBindFailure(error: unknown): boolean {
  return error instanceof OSError && (error as { _bindFailure?: boolean })._bindFailure === true;
}
