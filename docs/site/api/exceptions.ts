/**
 * The public API of `@asyncio-ts/exceptions`: see its README (packages/exceptions/README.md).
 *
 * @packageDocumentation
 * @module @asyncio-ts/exceptions
 */
export * from "../../../packages/exceptions/src/index.js";
