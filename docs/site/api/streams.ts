/**
 * The public API of `@asyncio-ts/streams`. Its guide, with examples: <a href="/packages/streams">@asyncio-ts/streams</a>.
 *
 * @packageDocumentation
 * @module @asyncio-ts/streams
 */
export * from "../../../packages/streams/src/index.js";
