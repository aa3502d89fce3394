import { markErrorClass } from "../internal/error-marker.js";
import { SSLError, type SSLErrorOptions } from "./ssl-error.js";

/** Options of {@link SSLCertVerificationError}'s constructor. */
export interface SSLCertVerificationErrorOptions extends SSLErrorOptions {
  /** OpenSSL's verification result (Python's `verify_code`: 18 for a self-signed certificate). */
  readonly verifyCode?: number | null;
  /** Its description (Python's `verify_message`: `"self-signed certificate"`). */
  readonly verifyMessage?: string | null;
}

/**
 * The peer's certificate failed verification: mirrors Python's `ssl.SSLCertVerificationError`,
 * an {@link SSLError} (so an `OSError`). Raised by `createConnection`/`openConnection` with
 * `ssl` for an untrusted, expired or self-signed certificate, or one not valid for the host
 * name, with OpenSSL's `verifyCode` and `verifyMessage` as Python's `verify_code` and
 * `verify_message`, `reason` `"CERTIFICATE_VERIFY_FAILED"`, and Node's code
 * (`"DEPTH_ZERO_SELF_SIGNED_CERT"`, `"ERR_TLS_CERT_ALTNAME_INVALID"`) as `code`.
 *
 * Python's class is also a `ValueError`; a JavaScript class has one base, so
 * `instanceof ValueError` is false here: test `SSLCertVerificationError` or `SSLError` instead.
 *
 * @example
 * ```ts
 * try {
 *   await openConnection("self-signed.example", 443, { ssl: true });
 * } catch (error) {
 *   if (!SSLCertVerificationError.isInstance(error)) throw error;
 *   console.log(error.verifyCode, error.verifyMessage); // 18 "self-signed certificate"
 * }
 * ```
 */
export class SSLCertVerificationError extends SSLError {
  /** Whether `value` is an `SSLCertVerificationError`, made by this or any other copy of asyncio-ts. */
  declare static isInstance: (value: unknown) => value is SSLCertVerificationError;

  static {
    markErrorClass(this, "SSLCertVerificationError");
  }

  /** OpenSSL's verification result (`X509_V_ERR_*`), or `null`. */
  readonly verifyCode: number | null;
  /** The description of `verifyCode`, or `null`. */
  readonly verifyMessage: string | null;

  /**
   * @param errnoOrMessage - OpenSSL's error kind (then `strerror` follows), or a whole message
   * @param strerror - the description, which is also the message
   * @param options - `verifyCode`, `verifyMessage`, `library`, `reason`, Node's `code` and the `cause`
   */
  constructor(errnoOrMessage?: number | string, strerror?: string, options?: SSLCertVerificationErrorOptions) {
    super(errnoOrMessage, strerror, options);
    this.verifyCode = options?.verifyCode ?? null;
    this.verifyMessage = options?.verifyMessage ?? null;
  }
}
