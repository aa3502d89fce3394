// SSLError and SSLCertVerificationError: Python's ssl exceptions, and how Node's TLS errors map
// to them (the handshakes themselves are tested in io/tls.test.ts).
import { describe, expect, it } from "vitest";
import { OSError, SSLCertVerificationError, SSLError, ValueError } from "../../src/index.js";
import { fromTlsError } from "../../src/internal/tls-errors.js";

function nodeError(message: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(message), fields);
}

describe("SSLError and SSLCertVerificationError", () => {
  it("follow Python's hierarchy, but for ValueError (one base class only)", () => {
    expect(Object.getPrototypeOf(SSLError)).toBe(OSError);
    expect(Object.getPrototypeOf(SSLCertVerificationError)).toBe(SSLError);
    const error = new SSLCertVerificationError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed");
    expect(error).toBeInstanceOf(SSLError);
    expect(error).toBeInstanceOf(OSError);
    expect(error).not.toBeInstanceOf(ValueError);
    expect(new SSLError() instanceof SSLCertVerificationError).toBe(false);
  });

  it("print their strerror alone, as Python's SSLError", () => {
    const error = new SSLError(1, "[SSL: WRONG_VERSION_NUMBER] wrong version number", {
      reason: "WRONG_VERSION_NUMBER",
    });
    expect(String(error)).toBe("SSLError: [SSL: WRONG_VERSION_NUMBER] wrong version number");
    expect(error.stack?.split("\n")[0]).toBe("SSLError: [SSL: WRONG_VERSION_NUMBER] wrong version number");
    expect([error.errno, error.strerror, error.reason, error.library]).toEqual([
      1,
      "[SSL: WRONG_VERSION_NUMBER] wrong version number",
      "WRONG_VERSION_NUMBER",
      null,
    ]);
    expect(new SSLError("plain message").message).toBe("plain message");
    expect(new SSLCertVerificationError()).toMatchObject({ verifyCode: null, verifyMessage: null, reason: null });
  });
});

describe("Node's TLS errors as Python's", () => {
  it.each([
    ["UNABLE_TO_VERIFY_LEAF_SIGNATURE", "unable to verify the first certificate", 21],
    ["DEPTH_ZERO_SELF_SIGNED_CERT", "self-signed certificate", 18],
    ["SELF_SIGNED_CERT_IN_CHAIN", "self-signed certificate in certificate chain", 19],
    ["CERT_HAS_EXPIRED", "certificate has expired", 10],
    ["CERT_NOT_YET_VALID", "certificate is not yet valid", 9],
    ["UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "unable to get local issuer certificate", 20],
  ])("%s is an SSLCertVerificationError with verifyCode and verifyMessage", (code, message, verifyCode) => {
    const cause = nodeError(message, { code });
    const error = fromTlsError(cause);
    expect(error).toBeInstanceOf(SSLCertVerificationError);
    expect(error).toMatchObject({
      message: `[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: ${message}`,
      errno: 1,
      library: "SSL",
      reason: "CERTIFICATE_VERIFY_FAILED",
      verifyCode,
      verifyMessage: message,
      code,
      cause,
    });
  });

  it("a host name or address mismatch words it as OpenSSL's check does", () => {
    const byName = fromTlsError(
      nodeError("Hostname/IP does not match certificate's altnames", {
        code: "ERR_TLS_CERT_ALTNAME_INVALID",
        host: "wrong.example",
      }),
    );
    expect(byName).toMatchObject({
      verifyCode: 62,
      verifyMessage: "Hostname mismatch, certificate is not valid for 'wrong.example'.",
    });
    const byAddress = fromTlsError(
      nodeError("Hostname/IP does not match certificate's altnames", {
        code: "ERR_TLS_CERT_ALTNAME_INVALID",
        host: "10.0.0.1",
      }),
    );
    expect(byAddress).toMatchObject({
      verifyCode: 64,
      verifyMessage: "IP address mismatch, certificate is not valid for '10.0.0.1'.",
    });
  });

  it("an ERR_SSL_* failure or alert is an SSLError with OpenSSL's reason", () => {
    const alert = fromTlsError(
      nodeError("error:0A000418:SSL routines::tlsv1 alert unknown ca", {
        code: "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA",
        library: "SSL routines",
        reason: "tlsv1 alert unknown ca",
      }),
    );
    expect(alert).toBeInstanceOf(SSLError);
    expect(alert).not.toBeInstanceOf(SSLCertVerificationError);
    expect(alert).toMatchObject({
      message: "[SSL: TLSV1_ALERT_UNKNOWN_CA] tlsv1 alert unknown ca",
      reason: "TLSV1_ALERT_UNKNOWN_CA",
      library: "SSL",
      code: "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA",
    });
  });

  it("leaves other errors alone", () => {
    expect(fromTlsError(nodeError("read ECONNRESET", { code: "ECONNRESET" }))).toBeUndefined();
    expect(fromTlsError(nodeError("timeout", { code: "ERR_TLS_HANDSHAKE_TIMEOUT" }))).toBeUndefined();
    expect(fromTlsError(new Error("no code"))).toBeUndefined();
    expect(fromTlsError("not an error")).toBeUndefined();
  });
});
