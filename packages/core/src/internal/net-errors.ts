// Turns Node's system errors into Python's OSError classes, with Python's messages.
import { constants } from "node:os";
import {
  BrokenPipeError,
  ConnectionAbortedError,
  ConnectionRefusedError,
  ConnectionResetError,
} from "../exceptions/connection-error.js";
import { FileNotFoundError, GaiError, OSError } from "../exceptions/os-error.js";
import { TimeoutError } from "../exceptions/timeout-error.js";
import { fromTlsError } from "./tls-errors.js";

/** What a Node system error carries. */
export interface NodeSystemError extends Error {
  code?: string;
  errno?: number;
  syscall?: string;
  address?: string;
  port?: number;
}

// strerror(3) on Linux, for the errors sockets and pipes produce.
const STRERROR: Record<string, string> = {
  EACCES: "Permission denied",
  EADDRINUSE: "Address already in use",
  EADDRNOTAVAIL: "Cannot assign requested address",
  EAFNOSUPPORT: "Address family not supported by protocol",
  EAGAIN: "Resource temporarily unavailable",
  EBADF: "Bad file descriptor",
  ECONNABORTED: "Software caused connection abort",
  ECONNREFUSED: "Connection refused",
  ECONNRESET: "Connection reset by peer",
  EHOSTUNREACH: "No route to host",
  EINVAL: "Invalid argument",
  EIO: "Input/output error",
  EISCONN: "Transport endpoint is already connected",
  EMSGSIZE: "Message too long",
  ENETDOWN: "Network is down",
  ENETUNREACH: "Network is unreachable",
  ENOBUFS: "No buffer space available",
  ENOENT: "No such file or directory",
  ENOTCONN: "Transport endpoint is not connected",
  ENOTSOCK: "Socket operation on non-socket",
  ENOTDIR: "Not a directory",
  EPERM: "Operation not permitted",
  EPIPE: "Broken pipe",
  EPROTOTYPE: "Protocol wrong type for socket",
  ETIMEDOUT: "Connection timed out",
};

// getaddrinfo's EAI_* errors as glibc numbers and words them (Python's socket.gaierror).
const GAI_ERRORS: Record<string, [number, string]> = {
  ENOTFOUND: [-2, "Name or service not known"],
  EAI_NONAME: [-2, "Name or service not known"],
  EAI_AGAIN: [-3, "Temporary failure in name resolution"],
  EAI_FAIL: [-4, "Non-recoverable failure in name resolution"],
  ENODATA: [-5, "No address associated with hostname"],
  EAI_NODATA: [-5, "No address associated with hostname"],
  EAI_FAMILY: [-6, "ai_family not supported"],
  EAI_SOCKTYPE: [-7, "ai_socktype not supported"],
  EAI_SERVICE: [-8, "Servname not supported for ai_socktype"],
  EAI_MEMORY: [-10, "Memory allocation failure"],
  EAI_SYSTEM: [-11, "System error"],
  EAI_BADFLAGS: [-1, "Bad value for ai_flags"],
};

/** Whether `error` is a Node system error (it has a string `code`). */
export function isSystemError(error: unknown): error is NodeSystemError {
  return error instanceof Error && typeof (error as NodeSystemError).code === "string";
}

/** Python's strerror for a Node error code. */
export function strerrorOf(code: string): string {
  return STRERROR[code] ?? code;
}

/** The positive errno Python reports for a Node error code, or `null`. */
export function errnoOf(code: string): number | null {
  const value = (constants.errno as Record<string, number | undefined>)[code];
  return value === undefined ? null : value;
}

/**
 * Python's OSError subclass for `code` with `[Errno n] strerror`; `strerror` defaults to the
 * system's wording. Keeps `cause` (the Node error).
 */
export function makeOSError(code: string, strerror?: string, cause?: unknown): OSError {
  const gai = GAI_ERRORS[code];
  if (gai !== undefined) return new GaiError(gai[0], strerror ?? gai[1], { code, cause });
  const errno = errnoOf(code);
  const text = strerror ?? strerrorOf(code);
  const options = { code, cause };
  if (errno === null) return new OSError(`${code}: ${text}`, undefined, options);
  switch (code) {
    case "ECONNRESET":
      return new ConnectionResetError(errno, text, options);
    case "ECONNREFUSED":
      return new ConnectionRefusedError(errno, text, options);
    case "ECONNABORTED":
      return new ConnectionAbortedError(errno, text, options);
    case "EPIPE":
    case "ESHUTDOWN":
      return new BrokenPipeError(errno, text, options);
    case "ENOENT":
      return new FileNotFoundError(errno, text, options);
    case "ETIMEDOUT":
      return new TimeoutError(`[Errno ${errno}] ${text}`, { cause }) as unknown as OSError;
    default:
      return new OSError(errno, text, options);
  }
}

/**
 * The error to hand to Python code for a Node error: system errors become OSError subclasses
 * with Python's wording, TLS failures `SSLError`/`SSLCertVerificationError`; anything else (our
 * own errors) passes through.
 */
export function fromNodeError(error: unknown, strerror?: string): unknown {
  if (!isSystemError(error) || error instanceof OSError || error instanceof TimeoutError) return error;
  const tlsError = fromTlsError(error);
  if (tlsError !== undefined) return tlsError;
  const code = error.code as string;
  if (GAI_ERRORS[code] === undefined && errnoOf(code) === null) return error;
  return makeOSError(code, strerror, error);
}

/**
 * Whether `error` (as `fromNodeError` made it) is a write that failed because the peer closed
 * (EPIPE, ECONNRESET or ECONNABORTED from a write). Python's `send()` fails inside `write()`, so
 * the `drain()` after it finds the connection lost and raises `ConnectionResetError('Connection
 * lost')`; Node reports the failure later, as the connection's error, and `drain()` turns it back
 * into what Python raises.
 */
export function isFailedWrite(error: unknown): boolean {
  const cause = error instanceof Error ? (error.cause as { syscall?: unknown; code?: unknown } | undefined) : undefined;
  return (
    cause !== undefined &&
    cause !== null &&
    cause.syscall === "write" &&
    (cause.code === "EPIPE" || cause.code === "ECONNRESET" || cause.code === "ECONNABORTED")
  );
}

/** Python's `ConnectionResetError('Connection lost')`, with the write failure behind it, if any, as `cause`. */
export function connectionLostError(cause: unknown): ConnectionResetError {
  return new ConnectionResetError("Connection lost", undefined, cause === undefined ? undefined : { cause });
}
