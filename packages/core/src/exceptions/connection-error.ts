import { markErrorClass } from "../internal/error-marker.js";
import { OSError } from "./os-error.js";

/**
 * A connection-related {@link OSError}: mirrors Python's builtin `ConnectionError`, base of
 * {@link BrokenPipeError}, {@link ConnectionAbortedError}, {@link ConnectionRefusedError} and
 * {@link ConnectionResetError}.
 *
 * @example
 * ```ts
 * try {
 *   await openConnection("127.0.0.1", port);
 * } catch (error) {
 *   if (!ConnectionError.isInstance(error)) throw error; // refused, reset, aborted, broken pipe
 *   console.log("connection failed:", error.message);
 * }
 * ```
 */
export class ConnectionError extends OSError {
  /** Whether `value` is a `ConnectionError` (or a subclass), made by this or any other copy of asyncio-ts. */
  declare static isInstance: (value: unknown) => value is ConnectionError;

  static {
    markErrorClass(this, "ConnectionError");
  }
}

/**
 * Writing to a pipe or socket whose other end is closed (`EPIPE`): Python's `BrokenPipeError`.
 *
 * @example
 * ```ts
 * try {
 *   child.stdin.write(data); // the child exited without reading
 *   await child.stdin.drain();
 * } catch (error) {
 *   if (!BrokenPipeError.isInstance(error)) throw error;
 * }
 * ```
 */
export class BrokenPipeError extends ConnectionError {
  /** Whether `value` is a `BrokenPipeError`, made by this or any other copy of asyncio-ts. */
  declare static isInstance: (value: unknown) => value is BrokenPipeError;

  static {
    markErrorClass(this, "BrokenPipeError");
  }
}

/**
 * The connection was aborted (`ECONNABORTED`, or a TLS handshake that took too long):
 * Python's `ConnectionAbortedError`.
 *
 * @example
 * ```ts
 * const error = new ConnectionAbortedError("SSL handshake is taking longer than 60.0 seconds");
 * error instanceof ConnectionError; // true
 * ConnectionAbortedError.isInstance(error); // true
 * ```
 */
export class ConnectionAbortedError extends ConnectionError {
  /** Whether `value` is a `ConnectionAbortedError`, made by this or any other copy of asyncio-ts. */
  declare static isInstance: (value: unknown) => value is ConnectionAbortedError;

  static {
    markErrorClass(this, "ConnectionAbortedError");
  }
}

/**
 * Nobody listens at the address (`ECONNREFUSED`): Python's `ConnectionRefusedError`, e.g.
 * `"[Errno 111] Connect call failed ('127.0.0.1', 1)"`.
 *
 * @example
 * ```ts
 * try {
 *   await openConnection("127.0.0.1", 1);
 * } catch (error) {
 *   if (!ConnectionRefusedError.isInstance(error)) throw error;
 *   console.log(error.message); // [Errno 111] Connect call failed ('127.0.0.1', 1)
 * }
 * ```
 */
export class ConnectionRefusedError extends ConnectionError {
  /** Whether `value` is a `ConnectionRefusedError`, made by this or any other copy of asyncio-ts. */
  declare static isInstance: (value: unknown) => value is ConnectionRefusedError;

  static {
    markErrorClass(this, "ConnectionRefusedError");
  }
}

/**
 * The peer reset the connection (`ECONNRESET`), or the connection is lost: Python's
 * `ConnectionResetError`. `writer.drain()` on a closed connection raises
 * `ConnectionResetError("Connection lost")`, as in Python.
 *
 * @example
 * ```ts
 * writer.close();
 * await writer.drain(); // throws ConnectionResetError("Connection lost")
 * ```
 */
export class ConnectionResetError extends ConnectionError {
  /** Whether `value` is a `ConnectionResetError`, made by this or any other copy of asyncio-ts. */
  declare static isInstance: (value: unknown) => value is ConnectionResetError;

  static {
    markErrorClass(this, "ConnectionResetError");
  }
}
