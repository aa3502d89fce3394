// Bytes-like checks and conversions shared by the transports.

/** Python's `type(x).__name__`, the JavaScript way: "string", "number", "null", "Array", ... */
export function typeName(value: unknown): string {
  if (value === null) return "null";
  if (typeof value !== "object" && typeof value !== "function") return typeof value;
  const name = (value as { constructor?: { name?: string } }).constructor?.name;
  return typeof name === "string" && name !== "" ? name : "object";
}

/** Whether `value` is bytes-like: any `ArrayBufferView` (Buffer, Uint8Array, DataView...) or an `ArrayBuffer`. */
export function isBytesLike(value: unknown): value is ArrayBufferView | ArrayBuffer {
  return ArrayBuffer.isView(value) || value instanceof ArrayBuffer;
}

/** Throws Python's TypeError unless `data` is bytes-like. */
export function checkBytes(data: unknown, what = "data argument"): void {
  if (!isBytesLike(data)) throw new TypeError(`${what} must be a bytes-like object, not '${typeName(data)}'`);
}

/** A Uint8Array view of bytes-like `data` (no copy). */
export function asBytes(data: ArrayBufferView | ArrayBuffer): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** A Buffer view of bytes-like `data` (no copy). */
export function asBuffer(data: ArrayBufferView | ArrayBuffer): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** Python's `repr` of an address: `('127.0.0.1', 8888)` for a tuple, `'/tmp/sock'` for a path. */
export function formatAddress(address: unknown): string {
  if (Array.isArray(address)) {
    const parts = address.map((part) => (typeof part === "string" ? `'${part}'` : String(part)));
    return `(${parts.join(", ")}${parts.length === 1 ? "," : ""})`;
  }
  return typeof address === "string" ? `'${address}'` : String(address);
}
