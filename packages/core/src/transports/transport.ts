import type { WriteBufferLimits } from "./write-transport.js";
import { ReadTransport } from "./read-transport.js";
import { WriteTransport, _registerFullTransport } from "./write-transport.js";

/**
 * A bidirectional stream transport (TCP, Unix socket, TLS), as Python's `asyncio.Transport`:
 * both a {@link ReadTransport} and a {@link WriteTransport} (`instanceof` holds for both).
 *
 * @example
 * ```ts
 * class Hello extends Protocol {
 *   override connectionMade(transport: Transport): void {
 *     transport.write(Buffer.from("hello\n"));
 *     transport.close();
 *   }
 * }
 * ```
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the write half's methods are copied onto the prototype below
export class Transport extends ReadTransport {}

// Python's Transport inherits from both ReadTransport and WriteTransport: the write half's
// methods are declared here and copied from WriteTransport below.
export interface Transport {
  /** As {@link WriteTransport.setWriteBufferLimits}. */
  setWriteBufferLimits(limits?: WriteBufferLimits | number, low?: number): void;
  /** As {@link WriteTransport.getWriteBufferSize}. */
  getWriteBufferSize(): number;
  /** As {@link WriteTransport.getWriteBufferLimits}. */
  getWriteBufferLimits(): [number, number];
  /** As {@link WriteTransport.write}. */
  write(data: Uint8Array | ArrayBufferView): void;
  /** As {@link WriteTransport.writelines}. */
  writelines(listOfData: Iterable<Uint8Array | ArrayBufferView>): void;
  /** As {@link WriteTransport.writeEof}. */
  writeEof(): void;
  /** As {@link WriteTransport.canWriteEof}. */
  canWriteEof(): boolean;
  /** As {@link WriteTransport.abort}. */
  abort(): void;
}

for (const name of [
  "setWriteBufferLimits",
  "getWriteBufferSize",
  "getWriteBufferLimits",
  "write",
  "writelines",
  "writeEof",
  "canWriteEof",
  "abort",
] as const) {
  Object.defineProperty(Transport.prototype, name, {
    value: WriteTransport.prototype[name],
    writable: true,
    configurable: true,
  });
}

_registerFullTransport((value) => value instanceof Transport);
