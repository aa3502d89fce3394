/**
 * The public API of `@asyncio-ts/streams`: see its README (packages/streams/README.md).
 *
 * @packageDocumentation
 * @module @asyncio-ts/streams
 */
export * from "../../../packages/streams/src/index.js";
