/**
 * The public API of `@asyncio-ts/core`. Its guide, with examples: <a href="/packages/core">@asyncio-ts/core</a>.
 *
 * @packageDocumentation
 * @module @asyncio-ts/core
 */
export * from "../../../packages/core/src/index.js";
