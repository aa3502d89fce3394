/**
 * The public API of `@asyncio-ts/core`: see its README (packages/core/README.md).
 *
 * @packageDocumentation
 * @module @asyncio-ts/core
 */
export * from "../../../packages/core/src/index.js";
