/**
 * The public API of `@asyncio-ts/tasks-utils`. Its guide, with examples: <a href="/packages/tasks-utils">@asyncio-ts/tasks-utils</a>.
 *
 * @packageDocumentation
 * @module @asyncio-ts/tasks-utils
 */
export * from "../../../packages/tasks-utils/src/index.js";
