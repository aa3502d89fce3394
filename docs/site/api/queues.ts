/**
 * The public API of `@asyncio-ts/queues`: see its README (packages/queues/README.md).
 *
 * @packageDocumentation
 * @module @asyncio-ts/queues
 */
export * from "../../../packages/queues/src/index.js";
