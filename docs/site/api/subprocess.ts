/**
 * The public API of `@asyncio-ts/subprocess`: see its README (packages/subprocess/README.md).
 *
 * @packageDocumentation
 * @module @asyncio-ts/subprocess
 */
export * from "../../../packages/subprocess/src/index.js";
