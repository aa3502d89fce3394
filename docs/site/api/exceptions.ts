/**
 * The public API of `@asyncio-ts/exceptions`. Its guide, with examples: <a href="/packages/exceptions">@asyncio-ts/exceptions</a>.
 *
 * @packageDocumentation
 * @module @asyncio-ts/exceptions
 */
export * from "../../../packages/exceptions/src/index.js";
