// The accelerators: faster forms of what the plain code does, resting on behaviour no runtime
// documents. The plain code (future.ts, task.ts, driven-future.ts, the loop) is the semantics;
// as CPython swaps its C `_asyncio` in beside the Python code, each accelerator here is swapped
// in only when a probe finds, at startup on this runtime, that it answers as the plain code
// would. `ASYNCIO_TS_ACCELERATE=0` turns them all off; `ASYNCIO_TS_ACCELERATE=always` takes the
// memory-sparing forms from the first await instead of only with many awaits pending, so that a
// test suite runs through them.
import { AsyncResource } from "node:async_hooks";
import type { AwaitedFuture } from "../awaited-future.js";
import type { Awaiter } from "../frame-types.js";
import { type LoopFrameScope, plainLoopFrameScope, taskStorage } from "../task-frame.js";
import { compactAwait, probeCompactAwait, resumeCompactAwait } from "./compact-await.js";
import { enterWithFrameScope, probeEnterWith, probeRecordSlot, recordFrameScope } from "./frame-entry.js";
import { defineOwnThen } from "./own-then.js";

/** `ASYNCIO_TS_ACCELERATE`: "0" (or "false", "off") for the plain path, "always" to take every form at once. */
function readSetting(): "off" | "on" | "always" {
  let value: string | undefined;
  try {
    value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[
      "ASYNCIO_TS_ACCELERATE"
    ];
  } catch {
    // A runtime that refuses to read the environment: the default.
  }
  const setting = value?.trim().toLowerCase();
  if (setting === "0" || setting === "false" || setting === "off" || setting === "no") return "off";
  return setting === "always" ? "always" : "on";
}

const setting = readSetting();

/** Whether accelerators may be used at all. */
export const accelerating = setting !== "off";

/**
 * From how many pending awaits on a loop the compact await is taken: below, its check costs
 * more time than the memory it spares is worth.
 */
const MANY_PENDING_AWAITS = 10_000;
let compactAwaitsFrom = setting === "always" ? 0 : MANY_PENDING_AWAITS;

let compactAwaitPassed = false;

/** Settles once the compact await's probe has run: true when it passed (false when accelerators are off). */
export const compactAwaitProbe: Promise<boolean> = accelerating
  ? probeCompactAwait().then((passed) => {
      compactAwaitPassed = passed;
      return passed;
    })
  : Promise.resolve(false);

/**
 * The accelerated form of `await future` in `Future.then`, or undefined: then the plain form
 * serves. Called with the future pending, its owner's refusal checked.
 */
export function acceleratedAwait(
  future: AwaitedFuture,
  owner: Awaiter | undefined,
  onFulfilled: unknown,
  onRejected: unknown,
): PromiseLike<unknown> | undefined {
  if (!compactAwaitPassed) return undefined;
  return compactAwait(future, owner, onFulfilled, onRejected, compactAwaitsFrom);
}

/** Resumes the owner of a compact await: it is the awaited future's callback then. */
export { resumeCompactAwait };

/** Gives a Future subclass awaited on hot paths its own `then` (the same function). */
export function ownThen(subclass: { readonly prototype: object }): void {
  if (accelerating) defineOwnThen(subclass);
}

type FrameEntry = "record" | "enter-with" | "run";
let frameEntry: FrameEntry | undefined;
let recordSlot: symbol | undefined;

function chooseFrameEntry(): FrameEntry {
  if (!accelerating) return "run";
  recordSlot = probeRecordSlot(taskStorage);
  if (recordSlot !== undefined) return "record";
  return probeEnterWith(taskStorage) ? "enter-with" : "run";
}

/** How the loop enters task frames: the plain `run`, or a probed faster entry. Call it in the loop's frame. */
export function createLoopFrameScope(): LoopFrameScope {
  frameEntry ??= chooseFrameEntry();
  const loopFrame = new AsyncResource("asyncio-ts loop");
  if (frameEntry === "record") return recordFrameScope(taskStorage, loopFrame, recordSlot as symbol);
  if (frameEntry === "enter-with") return enterWithFrameScope(taskStorage, loopFrame);
  return plainLoopFrameScope(loopFrame);
}

/**
 * Whether the loop enters task frames with the storage's own `run` or `enterWith`, which enable
 * it again after `disable()`, as documented. The record entry uses neither, so a storage it
 * enters must not be disabled (it rides AsyncContextFrame, where an unused storage costs nothing).
 */
export function frameEntryReenablesStorage(): boolean {
  return frameEntry !== "record";
}

/** Which accelerator is in use, by name: for tests, benchmarks and bug reports. */
export async function acceleratorsInUse(): Promise<{
  setting: "off" | "on" | "always";
  frameEntry: FrameEntry;
  compactAwait: boolean;
  ownThen: boolean;
}> {
  frameEntry ??= chooseFrameEntry();
  return { setting, frameEntry, compactAwait: await compactAwaitProbe, ownThen: accelerating };
}

/** Sets from how many pending awaits the compact await is taken; returns the previous value. For tests. */
export function setCompactAwaitThreshold(pendingAwaits: number): number {
  const previous = compactAwaitsFrom;
  compactAwaitsFrom = pendingAwaits;
  return previous;
}
