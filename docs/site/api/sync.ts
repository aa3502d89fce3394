/**
 * The public API of `@asyncio-ts/sync`: see its README (packages/sync/README.md).
 *
 * @packageDocumentation
 * @module @asyncio-ts/sync
 */
export * from "../../../packages/sync/src/index.js";
