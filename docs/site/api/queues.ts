/**
 * The public API of `@asyncio-ts/queues`. Its guide, with examples: <a href="/packages/queues">@asyncio-ts/queues</a>.
 *
 * @packageDocumentation
 * @module @asyncio-ts/queues
 */
export * from "../../../packages/queues/src/index.js";
