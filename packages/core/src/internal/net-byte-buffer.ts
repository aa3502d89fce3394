// The StreamReader's buffer (Python's bytearray): appends at the end, takes from the front.
// It keeps the received chunks as they are (Node never writes into a chunk it handed out), so
// reading a whole chunk, or the front of one, copies nothing; chunks are joined only when a
// read spans several of them, or when a separator must be searched across them.

import { emptyKeepingCapacity } from "./empty-keeping-capacity.js";

const EMPTY = Buffer.alloc(0);

/**
 * A received chunk at least this large is handed to `read(n)` alone rather than joined with the
 * ones after it: joining bulk data copied most of it once more (a third of the time of a bulk
 * transfer went to that copy and its fresh pages). Small chunks are joined, as CPython does.
 */
const LARGE_CHUNK = 16 * 1024;

function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

export class ByteBuffer {
  /** Chunks from `head` on hold the data; the first one from `offset` on. */
  private chunks: Buffer[] = [];
  private head = 0;
  private offset = 0;
  private size = 0;

  get length(): number {
    return this.size;
  }

  append(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(asBuffer(chunk));
    this.size += chunk.length;
  }

  /** Removes and returns the first `count` bytes (all of them if fewer). */
  take(count: number): Buffer {
    if (this.size === 0 || count <= 0) return EMPTY;
    if (count > this.size) count = this.size;
    const first = this.chunks[this.head] as Buffer;
    const available = first.length - this.offset;
    if (count <= available) {
      const part =
        this.offset === 0 && count === first.length ? first : first.subarray(this.offset, this.offset + count);
      this.advance(count);
      return part;
    }
    const result = Buffer.allocUnsafe(count);
    let filled = 0;
    while (filled < count) {
      const chunk = this.chunks[this.head] as Buffer;
      const piece = Math.min(chunk.length - this.offset, count - filled);
      chunk.copy(result, filled, this.offset, this.offset + piece);
      filled += piece;
      this.advance(piece);
    }
    return result;
  }

  /**
   * What `read(n)` takes: up to `count` bytes, but only the oldest chunk when that one alone is
   * large. asyncio's `read(n)` promises "at most n available bytes"; CPython returns all of them
   * up to `n`, which for small chunks this does too.
   */
  takeSome(count: number): Buffer {
    if (this.size > 0) {
      const available = (this.chunks[this.head] as Buffer).length - this.offset;
      if (available >= LARGE_CHUNK && count > available) return this.take(available);
    }
    return this.take(count);
  }

  /** Drops the first `count` bytes. */
  skip(count: number): void {
    if (count >= this.size) this.clear();
    else
      while (count > 0) count -= this.advance(Math.min(count, (this.chunks[this.head] as Buffer).length - this.offset));
  }

  clear(): void {
    this.chunks = [];
    this.head = 0;
    this.offset = 0;
    this.size = 0;
  }

  /** A copy of the buffered bytes, left in place. */
  contents(): Buffer {
    return Buffer.from(this.contiguous());
  }

  /** Python's `bytearray.find(separator, offset)`. */
  indexOf(separator: Uint8Array, offset: number): number {
    if (this.size === 0) return -1;
    return this.contiguous().indexOf(separator, offset);
  }

  /** Python's `bytearray.startswith(prefix, offset)`. */
  startsWith(prefix: Uint8Array, offset: number): boolean {
    if (offset + prefix.length > this.size) return false;
    const data = this.contiguous();
    for (let index = 0; index < prefix.length; index++) if (data[offset + index] !== prefix[index]) return false;
    return true;
  }

  /** The buffered bytes as one Buffer (joining the chunks into one, kept for next time). */
  private contiguous(): Buffer {
    if (this.size === 0) return EMPTY;
    const first = this.chunks[this.head] as Buffer;
    if (this.chunks.length - this.head === 1) return this.offset === 0 ? first : first.subarray(this.offset);
    const joined = Buffer.allocUnsafe(this.size);
    let filled = 0;
    for (let index = this.head; index < this.chunks.length; index++) {
      const chunk = this.chunks[index] as Buffer;
      const start = index === this.head ? this.offset : 0;
      chunk.copy(joined, filled, start);
      filled += chunk.length - start;
    }
    this.chunks = [joined];
    this.head = 0;
    this.offset = 0;
    return joined;
  }

  /** Consumes `count` bytes of the first chunk (at most what it holds); returns `count`. */
  private advance(count: number): number {
    const first = this.chunks[this.head] as Buffer;
    this.offset += count;
    this.size -= count;
    if (this.offset >= first.length) {
      this.head++;
      this.offset = 0;
      if (this.head === this.chunks.length) {
        this.chunks = emptyKeepingCapacity(this.chunks);
        this.head = 0;
      } else if (this.head > 1024 && this.head * 2 > this.chunks.length) {
        this.chunks = this.chunks.slice(this.head);
        this.head = 0;
      }
    }
    return count;
  }
}
