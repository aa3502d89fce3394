/**
 * The public API of `@asyncio-ts/sync`. Its guide, with examples: <a href="/packages/sync">@asyncio-ts/sync</a>.
 *
 * @packageDocumentation
 * @module @asyncio-ts/sync
 */
export * from "../../../packages/sync/src/index.js";
