// asyncio-ts: the umbrella package. `import * as asyncio from "asyncio-ts"` reads like
// Python's `import asyncio`: every public name of every @asyncio-ts/* package is here.
// Add one `export *` line per member package (and a dependency in package.json); the test
// in test/reexports.test.ts checks that nothing is missing.
export * from "@asyncio-ts/core";
export * from "@asyncio-ts/exceptions";
export * from "@asyncio-ts/queues";
export * from "@asyncio-ts/tasks-utils";
export * from "@asyncio-ts/sync";
export * from "@asyncio-ts/streams";
export * from "@asyncio-ts/subprocess";
