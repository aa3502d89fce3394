import { markErrorClass } from "../internal/error-marker.js";
import { OSError, type OSErrorOptions } from "./os-error.js";

/** Options of {@link SSLError}'s constructor. */
export interface SSLErrorOptions extends OSErrorOptions {
  /** The OpenSSL library the error comes from (Python's `library`: `"SSL"`). */
  readonly library?: string | null;
  /** OpenSSL's mnemonic of the error (Python's `reason`: `"WRONG_VERSION_NUMBER"`). */
  readonly reason?: string | null;
}

/**
 * A TLS failure: mirrors Python's `ssl.SSLError`, an {@link OSError}. `createConnection`,
 * `openConnection` and `startTls` with `ssl` fail with it when the handshake fails (a server
 * that does not speak TLS, an alert from the peer), servers meet it in their handshakes, and a
 * certificate that fails verification raises its subclass {@link SSLCertVerificationError}.
 *
 * As in Python, the message is `strerror` alone (`"[SSL: WRONG_VERSION_NUMBER] wrong version
 * number"`), `errno` is OpenSSL's error kind (1 for a protocol error), and `reason` and
 * `library` name OpenSSL's error. Node's error code (`"ERR_SSL_WRONG_VERSION_NUMBER"`) is `code`,
 * Node's error the `cause`.
 *
 * @example
 * ```ts
 * try {
 *   await openConnection("example.com", 80, { ssl: true }); // not a TLS port
 * } catch (error) {
 *   if (!SSLError.isInstance(error)) throw error;
 *   console.log(error.reason); // "WRONG_VERSION_NUMBER"
 * }
 * ```
 */
export class SSLError extends OSError {
  /** Whether `value` is an `SSLError` (or a subclass), made by this or any other copy of asyncio-ts. */
  declare static isInstance: (value: unknown) => value is SSLError;

  static {
    markErrorClass(this, "SSLError");
  }

  /** The OpenSSL library the error comes from (`"SSL"`), or `null`. */
  readonly library: string | null;
  /** OpenSSL's mnemonic of the error (`"CERTIFICATE_VERIFY_FAILED"`), or `null`. */
  readonly reason: string | null;

  /**
   * @param errnoOrMessage - OpenSSL's error kind (then `strerror` follows), or a whole message
   * @param strerror - the description, which is also the message
   * @param options - `library`, `reason`, Node's `code` and the `cause`
   */
  constructor(errnoOrMessage?: number | string, strerror?: string, options?: SSLErrorOptions) {
    super(errnoOrMessage, strerror, options);
    // Python's SSLError prints its strerror alone, without "[Errno 1]".
    if (typeof errnoOrMessage === "number" && strerror !== undefined) this.message = strerror;
    this.library = options?.library ?? null;
    this.reason = options?.reason ?? null;
  }
}
