/**
 * The public API of `@asyncio-ts/subprocess`. Its guide, with examples: <a href="/packages/subprocess">@asyncio-ts/subprocess</a>.
 *
 * @packageDocumentation
 * @module @asyncio-ts/subprocess
 */
export * from "../../../packages/subprocess/src/index.js";
