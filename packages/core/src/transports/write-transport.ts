import { NotImplementedError } from "../exceptions/not-implemented-error.js";
import { BaseTransport } from "./base-transport.js";

/** The limits of {@link WriteTransport.setWriteBufferLimits}, in bytes. */
export interface WriteBufferLimits {
  /** Above this many buffered bytes the protocol's `pauseWriting()` is called (default 64 KiB, or 4 × `low`). */
  readonly high?: number;
  /** At or below this many the protocol's `resumeWriting()` is called (default `high / 4`). */
  readonly low?: number;
}

/**
 * A transport that sends data, as Python's `asyncio.WriteTransport` (a write pipe, or the
 * writing half of a {@link Transport}). `write()` never blocks: data that cannot be sent at
 * once is buffered, and the protocol is told to pause when the buffer goes over the high-water
 * mark (`pauseWriting`) and to resume when it drains to the low-water mark (`resumeWriting`).
 *
 * @example
 * ```ts
 * transport.setWriteBufferLimits({ high: 1 << 20 });
 * transport.write(new TextEncoder().encode("hello\n"));
 * transport.writeEof();
 * ```
 */
export class WriteTransport extends BaseTransport {
  /**
   * Sets the high- and low-water marks of the write buffer (Python's
   * `set_write_buffer_limits(high=None, low=None)`); also callable as `(high, low)`.
   * Throws `ValueError` unless `high >= low >= 0`.
   */
  setWriteBufferLimits(_limits?: WriteBufferLimits | number, _low?: number): void {
    throw new NotImplementedError();
  }

  /** How many bytes wait in the write buffer. */
  getWriteBufferSize(): number {
    throw new NotImplementedError();
  }

  /** The write buffer's `[low, high]` water marks. */
  getWriteBufferLimits(): [number, number] {
    throw new NotImplementedError();
  }

  /**
   * Sends `data` (a `Uint8Array`, `Buffer` or other `ArrayBufferView`), buffering what cannot be
   * sent at once. Anything else throws `TypeError("data argument must be a bytes-like object,
   * not '...'")`.
   */
  write(_data: Uint8Array | ArrayBufferView): void {
    throw new NotImplementedError();
  }

  /** Sends each chunk of `listOfData`, in order, as one write. */
  writelines(listOfData: Iterable<Uint8Array | ArrayBufferView>): void {
    const chunks: Uint8Array[] = [];
    for (const chunk of listOfData) chunks.push(chunk as Uint8Array);
    this.write(Buffer.concat(chunks));
  }

  /** Closes the write end after the buffered data is sent (half-close); data can still be received. */
  writeEof(): void {
    throw new NotImplementedError();
  }

  /** True if {@link writeEof} is supported (not over TLS). */
  canWriteEof(): boolean {
    throw new NotImplementedError();
  }

  /**
   * Closes the transport at once: buffered data is lost, and the protocol's `connectionLost`
   * is called with `null`.
   */
  abort(): void {
    throw new NotImplementedError();
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    // A Transport is a WriteTransport too (Python's multiple inheritance).
    return (
      Function.prototype[Symbol.hasInstance].call(this, value) || (this === WriteTransport && isFullTransport(value))
    );
  }
}

let isFullTransport: (value: unknown) => boolean = () => false;

/** Lets `transport.ts` teach `instanceof WriteTransport` about `Transport`. */
export function _registerFullTransport(check: (value: unknown) => boolean): void {
  isFullTransport = check;
}
