import { setWaitDescription } from "../task-tree.js";
import { callCoroutine } from "../coroutine-call.js";
import { setDescription } from "../internal/call-graph-walk.js";
import { type AbstractEventLoop, eventLoop } from "../internal/abstract-event-loop.js";
import { IncompleteReadError } from "../exceptions/incomplete-read-error.js";
import { LimitOverrunError } from "../exceptions/limit-overrun-error.js";
import { NotImplementedError } from "../exceptions/not-implemented-error.js";
import { RuntimeError } from "../exceptions/runtime-error.js";
import { ValueError } from "../exceptions/value-error.js";
import { Future } from "../future.js";
import { ByteBuffer } from "../internal/net-byte-buffer.js";
import { asBytes, checkBytes, isBytesLike } from "../internal/net-bytes.js";
import { PendingRead, type PendingReadSource } from "../internal/net-stream-read.js";
import type { ReadTransport } from "../transports/read-transport.js";
import type { BaseTransport } from "../transports/base-transport.js";

/**
 * Python's `streams._DEFAULT_LIMIT`: 64 KiB, the default buffer limit of a {@link StreamReader}.
 *
 * @example
 * ```ts
 * const [reader, writer] = await openConnection("127.0.0.1", 8888, { limit: 4 * DEFAULT_LIMIT });
 * const line = await reader.readline(); // lines up to 256 KiB
 * ```
 */
export const DEFAULT_LIMIT = 2 ** 16;

const EMPTY = Buffer.alloc(0);
const NEWLINE = Buffer.from("\n");

/** Options of the {@link StreamReader} constructor. */
export interface StreamReaderOptions {
  /** The buffer limit in bytes (default 64 KiB). */
  readonly limit?: number;
  /** The loop (default: the current event loop). */
  readonly loop?: AbstractEventLoop;
}

function toSeparator(separator: Uint8Array | string): Buffer {
  if (typeof separator === "string") return Buffer.from(separator, "utf8");
  if (!isBytesLike(separator))
    throw new TypeError(`separator must be a bytes-like object or a string, not '${typeof separator}'`);
  const bytes = asBytes(separator);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function doneWith<T>(loop: AbstractEventLoop, value: T): Future<T> {
  const future = new Future<T>({ loop });
  future._resolve(value);
  return future;
}

/**
 * A byte stream to read from, as Python's `asyncio.StreamReader`: what `openConnection`,
 * `startServer` and subprocess pipes give you. Reads return `Buffer`s (a `Uint8Array`) and are
 * Futures: a task cancelled while waiting gets `CancelledError` at that `await`, and no data
 * is lost. `for await (const line of reader)` yields lines, as `async for` does.
 *
 * The buffer holds up to `limit` bytes (default 64 KiB) before reading from the transport is
 * paused; `readline()`/`readuntil()` raise when a line is longer than that.
 *
 * @example
 * ```ts
 * const [reader, writer] = await openConnection("127.0.0.1", 8888);
 * const header = await reader.readuntil("\r\n\r\n");
 * const body = await reader.readexactly(42);
 * for await (const line of reader) console.log(line.toString());
 * ```
 */
export class StreamReader implements AsyncIterable<Buffer>, PendingReadSource {
  /** @internal */ readonly _limit: number;
  /** @internal */ readonly _loop: AbstractEventLoop;
  /** @internal */ readonly _buffer = new ByteBuffer();
  /** @internal */ _eof = false;
  /** @internal a waiter future, or a read waiting for data (PendingRead) */
  _waiter: Future<unknown> | null = null;
  /** @internal */ _exception: unknown = null;
  /** @internal */ _transport: BaseTransport | null = null;
  /** @internal */ _paused = false;

  /**
   * @param limit - the buffer limit in bytes (default 64 KiB), or `{ limit, loop }`
   * @param loop - the loop (default: the current event loop)
   */
  constructor(limit: number | StreamReaderOptions = DEFAULT_LIMIT, loop?: AbstractEventLoop) {
    if (typeof limit === "object" && limit !== null) {
      loop = limit.loop;
      limit = limit.limit ?? DEFAULT_LIMIT;
    }
    if (typeof limit !== "number" || Number.isNaN(limit))
      throw new TypeError(`limit must be a number, not ${typeof limit}`);
    // The limit checks below compare lengths with it; a non-positive one would never work.
    if (limit <= 0) throw new ValueError("Limit cannot be <= 0");
    this._limit = limit;
    this._loop = loop ?? eventLoop();
  }

  /** The buffer limit, in bytes. */
  get limit(): number {
    return this._limit;
  }

  /** The error set by {@link setException} (for example the connection's), or `null`. */
  exception(): unknown {
    return this._exception;
  }

  /** Makes every read throw `exc` from now on, and wakes a waiting read with it. */
  setException(exc: unknown): void {
    this._exception = exc;
    const waiter = this._waiter;
    if (waiter !== null) {
      this._waiter = null;
      if (!waiter.cancelled()) waiter.setException(exc);
    }
  }

  /** @internal */
  _wakeupWaiter(): void {
    const waiter = this._waiter;
    if (waiter !== null) {
      this._waiter = null;
      if (waiter.cancelled()) return;
      if (waiter instanceof PendingRead) waiter._wake();
      else waiter.setResult(undefined);
    }
  }

  /** Sets the transport the reader pauses and resumes (once). */
  setTransport(transport: BaseTransport): void {
    if (this._transport !== null) throw new RuntimeError("Transport already set");
    this._transport = transport;
  }

  /** @internal */
  _maybeResumeTransport(): void {
    if (this._paused && this._buffer.length <= this._limit) {
      this._paused = false;
      (this._transport as ReadTransport).resumeReading();
    }
  }

  /** Marks the end of the stream: reads return what is left, then empty results. */
  feedEof(): void {
    this._eof = true;
    this._wakeupWaiter();
  }

  /** True when the stream ended and the buffer is empty. */
  atEof(): boolean {
    return this._eof && this._buffer.length === 0;
  }

  /** Adds received bytes to the buffer (the protocol calls it); pauses the transport past twice the limit. */
  feedData(data: Uint8Array): void {
    if (this._eof) throw new RuntimeError("feed_data after feed_eof");
    checkBytes(data, "data");
    if (data.byteLength === 0) return;
    this._buffer.append(asBytes(data));
    this._wakeupWaiter();
    if (this._transport !== null && !this._paused && this._buffer.length > 2 * this._limit) {
      try {
        (this._transport as ReadTransport).pauseReading();
      } catch (error) {
        if (!(error instanceof NotImplementedError)) throw error;
        // The transport cannot pause: stop trying.
        this._transport = null;
        return;
      }
      this._paused = true;
    }
  }

  /** @internal Python's `_wait_for_data`: waits until data or EOF is fed. */
  async _waitForData(functionName: string): Promise<void> {
    if (this._waiter !== null) {
      throw new RuntimeError(`${functionName}() called while another coroutine is already waiting for incoming data`);
    }
    if (this._eof) throw new RuntimeError("_wait_for_data after EOF");
    // Waiting while paused would deadlock (readexactly(n) with n over the limit).
    if (this._paused) {
      this._paused = false;
      (this._transport as ReadTransport).resumeReading();
    }
    const waiter = this._loop.createFuture<void>();
    setDescription(waiter, `StreamReader.${functionName}(): waiting for data`);
    this._waiter = waiter;
    try {
      await waiter;
    } finally {
      this._waiter = null;
    }
  }

  /**
   * Reads a line ending with `\n` (included). At EOF, returns what is left (possibly without
   * `\n`), then empty buffers. A line over the limit throws `ValueError` (the line is dropped).
   */
  readline(): Future<Buffer> {
    const ready = this._lineReady(NEWLINE);
    if (ready !== undefined) return doneWith(this._loop, ready);
    return setWaitDescription(
      callCoroutine(async () => {
        try {
          return await this._readuntil([NEWLINE]);
        } catch (error) {
          if (error instanceof IncompleteReadError) return error.partial as Buffer;
          if (error instanceof LimitOverrunError) {
            if (this._buffer.startsWith(NEWLINE, error.consumed)) this._buffer.skip(error.consumed + NEWLINE.length);
            else this._buffer.clear();
            this._maybeResumeTransport();
            throw new ValueError(error.message, { cause: error });
          }
          throw error;
        }
      }, this._loop),
      "StreamReader.readline()",
    );
  }

  /**
   * Reads up to and including `separator` (default `"\n"`), a `Uint8Array` or string (UTF-8),
   * or an array of them: the shortest match wins (Python 3.13). At EOF before the separator,
   * throws `IncompleteReadError` with what was read (`expected` is `null`), the buffer emptied.
   * When the separator is not found within the limit, throws `LimitOverrunError`, leaving the
   * data in the buffer.
   */
  readuntil(separator: Uint8Array | string | ReadonlyArray<Uint8Array | string> = NEWLINE): Future<Buffer> {
    let separators: Buffer[];
    try {
      separators = Array.isArray(separator)
        ? (separator as ReadonlyArray<Uint8Array | string>).map(toSeparator)
        : [toSeparator(separator as Uint8Array | string)];
    } catch (error) {
      return callCoroutine(() => Promise.reject(error), this._loop);
    }
    if (separators.length === 1) {
      const ready = this._lineReady(separators[0] as Buffer);
      if (ready !== undefined) return doneWith(this._loop, ready);
    }
    return setWaitDescription(
      callCoroutine(() => this._readuntil(separators), this._loop),
      "StreamReader.readuntil()",
    );
  }

  /**
   * @internal the common case of readuntil with the separator already in the buffer within the
   * limit: the chunk, taken at once (Python does not suspend there either); else `undefined`.
   */
  _lineReady(separator: Buffer): Buffer | undefined {
    if (this._exception !== null || separator.length === 0 || this._buffer.length === 0) return undefined;
    const index = this._buffer.indexOf(separator, 0);
    if (index === -1 || index > this._limit) return undefined;
    const chunk = this._buffer.take(index + separator.length);
    this._maybeResumeTransport();
    return chunk;
  }

  /** @internal Python 3.13's readuntil. */
  async _readuntil(separators: Buffer[]): Promise<Buffer> {
    separators = [...separators].sort((a, b) => a.length - b.length);
    if (separators.length === 0) throw new ValueError("Separator should contain at least one element");
    const minimumLength = (separators[0] as Buffer).length;
    const maximumLength = (separators[separators.length - 1] as Buffer).length;
    if (minimumLength === 0) throw new ValueError("Separator should be at least one-byte string");
    if (this._exception !== null) throw this._exception;
    // Bytes from the start of the buffer known to hold no separator.
    let offset = 0;
    let matchStart = -1;
    let matchEnd = -1;
    for (;;) {
      const length = this._buffer.length;
      if (length - offset >= minimumLength) {
        for (const candidate of separators) {
          const index = this._buffer.indexOf(candidate, offset);
          if (index !== -1) {
            const end = index + candidate.length;
            if (matchEnd === -1 || end < matchEnd) {
              matchEnd = end;
              matchStart = index;
            }
          }
        }
        if (matchEnd !== -1) break;
        offset = Math.max(0, length + 1 - maximumLength);
        if (offset > this._limit)
          throw new LimitOverrunError("Separator is not found, and chunk exceed the limit", offset);
      }
      // A whole message may be in the buffer with EOF set: look before giving up.
      if (this._eof) {
        const chunk = this._buffer.take(this._buffer.length);
        throw new IncompleteReadError(chunk, null);
      }
      await this._waitForData("readuntil");
      if (this._exception !== null) throw this._exception;
    }
    if (matchStart > this._limit)
      throw new LimitOverrunError("Separator is found, but chunk is longer than limit", matchStart);
    const chunk = this._buffer.take(matchEnd);
    this._maybeResumeTransport();
    return chunk;
  }

  /**
   * Reads up to `n` bytes (`n = -1`, the default: until EOF). Returns as soon as some data is
   * there; an empty buffer means EOF. As asyncio promises, at most `n` of the bytes available:
   * small received chunks are joined (as CPython does), but a chunk of 16 KiB or more comes
   * alone, without copying it and what follows into one buffer.
   */
  read(n = -1): Future<Buffer> {
    if (this._exception === null && n > 0 && (this._buffer.length > 0 || this._eof)) {
      // Data is there: no waiting, no coroutine.
      const data = this._buffer.takeSome(n);
      this._maybeResumeTransport();
      return doneWith(this._loop, data);
    }
    if (this._exception === null && n > 0 && this._waiter === null && !this._paused) {
      // The common wait, without a coroutine: see PendingRead.
      const read = new PendingRead(this._loop, this, n, false);
      this._waiter = read;
      return read;
    }
    return setWaitDescription(
      callCoroutine(() => this._read(n), this._loop),
      "StreamReader.read()",
    );
  }

  /**
   * @internal settles a PendingRead one iteration after its wake, as `_read`/`readexactly` do
   * after `await this._waitForData(...)`; a readexactly short of data waits again.
   */
  _completeRead(read: PendingRead): void {
    read._inline = true;
    try {
      const size = read._size;
      if (!read._exactly) {
        if (this._exception !== null && this._buffer.length === 0) {
          read._reject(this._exception);
          return;
        }
        const data = this._buffer.takeSome(size);
        this._maybeResumeTransport();
        read._resolve(data);
        return;
      }
      if (this._exception !== null) {
        read._reject(this._exception);
        return;
      }
      if (this._buffer.length >= size) {
        const data = this._buffer.take(size);
        this._maybeResumeTransport();
        read._resolve(data);
        return;
      }
      if (this._eof) {
        read._reject(new IncompleteReadError(this._buffer.take(this._buffer.length), size));
        return;
      }
      // As _waitForData, with the same future.
      if (this._waiter !== null) {
        read._reject(
          new RuntimeError("readexactly() called while another coroutine is already waiting for incoming data"),
        );
        return;
      }
      if (this._paused) {
        this._paused = false;
        (this._transport as ReadTransport).resumeReading();
      }
      this._waiter = read;
    } catch (error) {
      if (read._isPending) read._reject(error);
    } finally {
      read._inline = false;
    }
  }

  /** @internal */
  async _read(n: number): Promise<Buffer> {
    if (this._exception !== null) throw this._exception;
    if (n === 0) return EMPTY;
    if (n < 0) {
      // Read block by block, so that the transport gets resumed when paused.
      const blocks: Buffer[] = [];
      for (;;) {
        const block = await this._read(this._limit);
        if (block.length === 0) break;
        blocks.push(block);
      }
      return blocks.length === 1 ? (blocks[0] as Buffer) : Buffer.concat(blocks);
    }
    if (this._buffer.length === 0 && !this._eof) {
      await this._waitForData("read");
      if (this._exception !== null && this._buffer.length === 0) throw this._exception;
    }
    const data = this._buffer.takeSome(n);
    this._maybeResumeTransport();
    return data;
  }

  /**
   * Reads exactly `n` bytes. At EOF before that, throws `IncompleteReadError` with what was
   * read (the buffer emptied). `n` may exceed the limit.
   */
  readexactly(n: number): Future<Buffer> {
    if (this._exception === null && n > 0 && this._buffer.length >= n) {
      const data = this._buffer.take(n);
      this._maybeResumeTransport();
      return doneWith(this._loop, data);
    }
    if (this._exception === null && n > 0 && !this._eof && this._waiter === null && !this._paused) {
      const read = new PendingRead(this._loop, this, n, true);
      this._waiter = read;
      return read;
    }
    return setWaitDescription(
      callCoroutine(async () => {
        if (n < 0) throw new ValueError("readexactly size can not be less than zero");
        if (this._exception !== null) throw this._exception;
        if (n === 0) return EMPTY;
        while (this._buffer.length < n) {
          if (this._eof) {
            const incomplete = this._buffer.take(this._buffer.length);
            throw new IncompleteReadError(incomplete, n);
          }
          await this._waitForData("readexactly");
          if (this._exception !== null) throw this._exception;
        }
        const data = this._buffer.take(n);
        this._maybeResumeTransport();
        return data;
      }, this._loop),
      "StreamReader.readexactly()",
    );
  }

  /** `for await (const line of reader)`: yields lines until EOF, as `async for line in reader`. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer, void, undefined> {
    for (;;) {
      const line = await this.readline();
      if (line.length === 0) return;
      yield line;
    }
  }

  toString(): string {
    const info = ["StreamReader"];
    if (this._buffer.length > 0) info.push(`${this._buffer.length} bytes`);
    if (this._eof) info.push("eof");
    if (this._limit !== DEFAULT_LIMIT) info.push(`limit=${this._limit}`);
    if (this._waiter !== null) info.push(`waiter=${this._waiter.toString()}`);
    if (this._exception !== null) info.push(`exception=${String(this._exception)}`);
    if (this._transport !== null) info.push(`transport=${this._transport.toString()}`);
    if (this._paused) info.push("paused");
    return `<${info.join(" ")}>`;
  }
}
