// A vitest setup file (vitest.shared.ts adds it when ASYNCIO_TS_TEST_COMPACT_AWAITS=always): every
// task's await takes the compact form from the first pending await on, so that a whole suite runs
// through it, not only through the full form that loops below 10,000 pending awaits use.
import { EventLoop } from "@asyncio-ts/core";

(EventLoop.prototype as unknown as { _compactAwaitsFrom: number })._compactAwaitsFrom = 0;
