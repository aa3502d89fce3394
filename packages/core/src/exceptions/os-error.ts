import { constants } from "node:os";
import { markErrorClass } from "../internal/error-marker.js";

/** Options of {@link OSError}'s constructor: standard `Error` options plus Node's error `code`. */
export interface OSErrorOptions extends ErrorOptions {
  /** Node's name of the error number (`"ECONNRESET"`); derived from `errno` when left out. */
  readonly code?: string;
  /** The file the error is about (Python's `filename`); the message then ends with `: 'name'`. */
  readonly filename?: string | null;
}

/** Python's `repr()` of a string, as OSError's message quotes its filename. */
function quote(text: string): string {
  if (text.includes("'") && !text.includes('"')) return `"${text}"`;
  return `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

let codesByNumber: Map<number, string> | undefined;

function codeOf(errno: number): string | undefined {
  if (codesByNumber === undefined) {
    codesByNumber = new Map();
    for (const [name, value] of Object.entries(constants.errno)) codesByNumber.set(value, name);
  }
  return codesByNumber.get(errno);
}

/**
 * A system call failed: mirrors Python's builtin `OSError`, base of the errors the loop's I/O
 * methods raise (`ConnectionResetError`, `ConnectionRefusedError`, `GaiError`, ...).
 *
 * As in Python, `new OSError(errno, strerror)` carries `errno` and `strerror` and reads
 * `"[Errno 111] Connection refused"`; `new OSError(message)` is a plain message with
 * `errno === null`. `code` is Node's name of the error (`"ECONNREFUSED"`), so code written for
 * Node's own errors keeps working; the Node error it came from, if any, is the `cause`.
 *
 * @example
 * ```ts
 * try {
 *   await openConnection("127.0.0.1", 1);
 * } catch (err) {
 *   if (err instanceof OSError) console.log(err.errno, err.code, err.strerror);
 *   // 111 "ECONNREFUSED" "Connect call failed ('127.0.0.1', 1)"
 * }
 * ```
 */
export class OSError extends Error {
  /** Whether `value` is an `OSError` (or a subclass), made by this or any other copy of asyncio-ts. */
  declare static isInstance: (value: unknown) => value is OSError;

  static {
    markErrorClass(this, "OSError");
  }

  /** The error number (Python's `errno`: positive for system errors, negative for `GaiError`), or `null`. */
  readonly errno: number | null;
  /** The error's description without the number (Python's `strerror`), or `null`. */
  readonly strerror: string | null;
  /** Node's name of the error (`"ECONNRESET"`), when known. */
  readonly code: string | undefined;
  /** The file the error is about (Python's `filename`), or `null`. */
  readonly filename: string | null;

  /**
   * @param errnoOrMessage - the error number (then `strerror` follows), or a whole message
   * @param strerror - the description of the error number
   * @param options - `cause`, and Node's `code` when it cannot be derived from the number
   */
  constructor(errnoOrMessage?: number | string, strerror?: string, options?: OSErrorOptions) {
    const withNumber = typeof errnoOrMessage === "number" && strerror !== undefined;
    const filename = withNumber ? (options?.filename ?? null) : null;
    const suffix = filename === null ? "" : `: ${quote(filename)}`;
    super(
      withNumber
        ? `[Errno ${errnoOrMessage}] ${strerror}${suffix}`
        : errnoOrMessage === undefined
          ? ""
          : String(errnoOrMessage),
      options,
    );
    this.filename = filename;
    this.errno = withNumber ? (errnoOrMessage as number) : null;
    this.strerror = withNumber ? (strerror as string) : null;
    this.code =
      options?.code ?? (withNumber && (errnoOrMessage as number) > 0 ? codeOf(errnoOrMessage as number) : undefined);
  }
}

/**
 * A file or directory was not found (`ENOENT`): mirrors Python's builtin `FileNotFoundError`,
 * raised for example by `createUnixConnection` when no socket exists at the path.
 *
 * @example
 * ```ts
 * try {
 *   await openUnixConnection("/tmp/no-such.sock");
 * } catch (error) {
 *   if (!FileNotFoundError.isInstance(error)) throw error;
 *   console.log(error.errno); // 2
 * }
 * ```
 */
export class FileNotFoundError extends OSError {
  /** Whether `value` is a `FileNotFoundError`, made by this or any other copy of asyncio-ts. */
  declare static isInstance: (value: unknown) => value is FileNotFoundError;

  static {
    markErrorClass(this, "FileNotFoundError");
  }
}

/**
 * A name could not be resolved: mirrors Python's `socket.gaierror`, raised by
 * `loop.getaddrinfo()` and by the connection methods for an unknown host. As in Python, `errno`
 * is the (negative) `EAI_*` number: `-2` with `"Name or service not known"`.
 *
 * @example
 * ```ts
 * try {
 *   await loop.getaddrinfo("nonexistent.invalid", 80);
 * } catch (err) {
 *   if (err instanceof GaiError) console.log(err.message); // "[Errno -2] Name or service not known"
 * }
 * ```
 */
export class GaiError extends OSError {
  /** Whether `value` is a `GaiError`, made by this or any other copy of asyncio-ts. */
  declare static isInstance: (value: unknown) => value is GaiError;

  static {
    markErrorClass(this, "GaiError");
  }
}
