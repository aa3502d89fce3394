// Node's TLS errors as Python's ssl.SSLError and ssl.SSLCertVerificationError.
import { SSLCertVerificationError } from "../exceptions/ssl-cert-verification-error.js";
import { SSLError } from "../exceptions/ssl-error.js";

/** OpenSSL's `SSL_ERROR_SSL`: Python's `errno` of a protocol or verification failure. */
const SSL_ERROR_SSL = 1;

// OpenSSL's X509_V_ERR_* numbers (Python's verify_code) for the codes Node names them by.
const VERIFY_CODES: Record<string, number> = {
  UNABLE_TO_GET_ISSUER_CERT: 2,
  UNABLE_TO_GET_CRL: 3,
  UNABLE_TO_DECRYPT_CERT_SIGNATURE: 4,
  UNABLE_TO_DECRYPT_CRL_SIGNATURE: 5,
  UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY: 6,
  CERT_SIGNATURE_FAILURE: 7,
  CRL_SIGNATURE_FAILURE: 8,
  CERT_NOT_YET_VALID: 9,
  CERT_HAS_EXPIRED: 10,
  CRL_NOT_YET_VALID: 11,
  CRL_HAS_EXPIRED: 12,
  ERROR_IN_CERT_NOT_BEFORE_FIELD: 13,
  ERROR_IN_CERT_NOT_AFTER_FIELD: 14,
  ERROR_IN_CRL_LAST_UPDATE_FIELD: 15,
  ERROR_IN_CRL_NEXT_UPDATE_FIELD: 16,
  OUT_OF_MEM: 17,
  DEPTH_ZERO_SELF_SIGNED_CERT: 18,
  SELF_SIGNED_CERT_IN_CHAIN: 19,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 20,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 21,
  CERT_CHAIN_TOO_LONG: 22,
  CERT_REVOKED: 23,
  INVALID_CA: 24,
  PATH_LENGTH_EXCEEDED: 25,
  INVALID_PURPOSE: 26,
  CERT_UNTRUSTED: 27,
  CERT_REJECTED: 28,
  HOSTNAME_MISMATCH: 62,
  EMAIL_MISMATCH: 63,
  IP_ADDRESS_MISMATCH: 64,
};

/** What a Node TLS error carries. */
interface NodeTlsError extends Error {
  code?: string;
  reason?: string;
  host?: string;
}

const IP_ADDRESS = /^(?:\d{1,3}(?:\.\d{1,3}){3}|.*:.*)$/;

/**
 * Python's `SSLCertVerificationError` or `SSLError` for a Node TLS error (a certificate that
 * failed verification, a name mismatch, an `ERR_SSL_*` handshake failure or alert), or
 * `undefined` when `error` is none of those. Keeps Node's `code` and the error as `cause`.
 */
export function fromTlsError(error: unknown): SSLError | undefined {
  if (!(error instanceof Error) || error instanceof SSLError) return undefined;
  const nodeError = error as NodeTlsError;
  const code = nodeError.code;
  if (typeof code !== "string") return undefined;
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    // Python words it as OpenSSL's own host check does.
    const host = nodeError.host ?? "";
    const byAddress = IP_ADDRESS.test(host);
    const verifyMessage = `${byAddress ? "IP address" : "Hostname"} mismatch, certificate is not valid for '${host}'.`;
    return verificationError(code, byAddress ? 64 : 62, verifyMessage, error);
  }
  const verifyCode = VERIFY_CODES[code];
  // OpenSSL's text alone, as Python gives it: Node 24 appends a hint ("; if the root CA is
  // installed locally, try running Node.js with --use-system-ca").
  if (verifyCode !== undefined) return verificationError(code, verifyCode, error.message.split("; ")[0] ?? "", error);
  if (code.startsWith("ERR_SSL_")) {
    const reason = code.slice("ERR_SSL_".length);
    const text = nodeError.reason ?? reason.toLowerCase().replace(/_/g, " ");
    return new SSLError(SSL_ERROR_SSL, `[SSL: ${reason}] ${text}`, { code, cause: error, library: "SSL", reason });
  }
  return undefined;
}

function verificationError(
  code: string,
  verifyCode: number,
  verifyMessage: string,
  cause: Error,
): SSLCertVerificationError {
  return new SSLCertVerificationError(
    SSL_ERROR_SSL,
    `[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: ${verifyMessage}`,
    { code, cause, library: "SSL", reason: "CERTIFICATE_VERIFY_FAILED", verifyCode, verifyMessage },
  );
}
