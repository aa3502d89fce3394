/**
 * The public API of `@asyncio-ts/tasks-utils`: see its README (packages/tasks-utils/README.md).
 *
 * @packageDocumentation
 * @module @asyncio-ts/tasks-utils
 */
export * from "../../../packages/tasks-utils/src/index.js";
