import { AsyncLocalStorage, AsyncResource } from "node:async_hooks";
import type { AsyncResourceLike, FrameStorage, LoopFrameScope, TaskFrame } from "../task-frame.js";

/**
 * Two cheaper ways for the loop to start a task in its frame than `storage.run`, which makes two
 * frames per call on AsyncContextFrame (one to enter, one to restore the previous store). Each
 * is used only where its probe finds that it answers `getStore()` as `run` would: inside the
 * task, in what the task schedules, in a nested `run`, for other storages, and back in the
 * loop's frame afterwards.
 */

type FrameSlot = Record<symbol, unknown>;
type Storage = AsyncLocalStorage<TaskFrame>;

/** The parts of Node's AsyncContextFrame (a Map of storage to store) that a record delegates to. */
interface ParentFrame extends Iterable<[unknown, unknown]> {
  has(key: unknown): boolean;
  get(key: unknown): unknown;
}

/**
 * A task's frame on Node's AsyncContextFrame. Node keeps the current frame as V8's continuation
 * data, which promise reactions carry and restore as they are, and reads a storage's store from
 * it with `has` and `get` (a copy for a nested `run` iterates it). A frame that Node makes is a
 * Map copied from the frame it starts in; this record answers the library's storage itself and
 * hands every other question to the loop's frame, with no copy. The frame it hands on to is the
 * same for all records of a loop, so it sits on the prototype of a class made for that loop
 * ({@link recordClassOver}). It enters through the slot where an AsyncResource keeps the frame
 * it runs in, which Node does not document: hence the probe.
 */
abstract class TaskFrameRecord implements ParentFrame {
  declare readonly parent: ParentFrame | undefined;
  declare readonly storage: unknown;

  constructor(private readonly frame: TaskFrame) {}

  has(key: unknown): boolean {
    return key === this.storage || this.parent?.has(key) === true;
  }

  get(key: unknown): unknown {
    return key === this.storage ? this.frame : this.parent?.get(key);
  }

  /**
   * `AsyncLocalStorage.disable()` deletes its store from the current frame. The loop's frame is
   * shared, so the record enters a frame of its own where that store is unset instead.
   */
  disable(key: unknown): void {
    if (key !== this.storage && this.has(key)) (key as AsyncLocalStorage<unknown>).enterWith(undefined);
  }

  *[Symbol.iterator](): Iterator<[unknown, unknown]> {
    if (this.parent !== undefined) for (const entry of this.parent) if (entry[0] !== this.storage) yield entry;
    yield [this.storage, this.frame];
  }
}

/** The record class for the tasks of a loop whose own frame is `parent`. */
function recordClassOver(parent: ParentFrame | undefined, storage: unknown): new (frame: TaskFrame) => TaskFrameRecord {
  class LoopTaskFrameRecord extends TaskFrameRecord {}
  Object.defineProperty(LoopTaskFrameRecord.prototype, "parent", { value: parent });
  Object.defineProperty(LoopTaskFrameRecord.prototype, "storage", { value: storage });
  return LoopTaskFrameRecord;
}

/** A scope whose task frames are records entered through the AsyncResource slot. */
export function recordFrameScope(storage: FrameStorage, loopFrame: AsyncResourceLike, slot: symbol): LoopFrameScope {
  const parent = (loopFrame as unknown as FrameSlot)[slot] as ParentFrame | undefined;
  const Record = recordClassOver(parent, storage);
  const taskEntry = new AsyncResource("asyncio-ts task") as unknown as FrameSlot & AsyncResource;
  return {
    enter: (frame, fn, arg) => {
      taskEntry[slot] = new Record(frame);
      try {
        taskEntry.runInAsyncScope(fn, null, arg);
      } finally {
        taskEntry[slot] = parent;
      }
    },
    resume: (fn) => loopFrame.runInAsyncScope(fn),
  };
}

/** A scope that enters a task's frame with `enterWith` inside the loop's resource, which restores the loop's frame after. */
export function enterWithFrameScope(storage: FrameStorage, loopFrame: AsyncResourceLike): LoopFrameScope {
  const enterWith = (storage as unknown as Storage).enterWith.bind(storage);
  const enterAndCall = <A>(frame: TaskFrame, fn: (arg: A) => void, arg: A): void => {
    enterWith(frame);
    fn(arg);
  };
  return {
    enter: (frame, fn, arg) => loopFrame.runInAsyncScope(enterAndCall, null, frame, fn, arg),
    resume: (fn) => loopFrame.runInAsyncScope(fn),
  };
}

function probeFrame(): TaskFrame {
  return { _frameTask: undefined, _frameOwner: undefined } as unknown as TaskFrame;
}

/**
 * Probes a scope as the loop uses it: made in a frame where another storage has a store, it must
 * show the task's frame inside `enter` (and the other store), a nested `run`'s frame inside that
 * run, a second task's frame inside an `enter` made from the first task's frame and the first
 * task's frame after it (an eager start), the task's frame again to a resource made inside (what
 * a timer set there captures) when it runs later, and the loop's own frame after `enter` and in
 * `resume`.
 */
function scopeAnswersAsRun(storage: FrameStorage, makeScope: (loopFrame: AsyncResource) => LoopFrameScope): boolean {
  const other = new AsyncLocalStorage<object>();
  const otherStore = {};
  try {
    return other.run(otherStore, () => probeScope(storage, makeScope, other, otherStore));
  } finally {
    // An enabled storage costs every async resource made after it, on async_hooks: let it go.
    other.disable();
  }
}

function probeScope(
  storage: FrameStorage,
  makeScope: (loopFrame: AsyncResource) => LoopFrameScope,
  other: AsyncLocalStorage<object>,
  otherStore: object,
): boolean {
  const before = storage.getStore();
  const loopFrame = new AsyncResource("asyncio-ts probe loop");
  const scope = makeScope(loopFrame);
  const task = probeFrame();
  const nested = probeFrame();
  const eager = probeFrame();
  let inside = false;
  let eagerInside = false;
  let captured: AsyncResource | undefined;
  scope.enter(
    task,
    () => {
      captured = new AsyncResource("asyncio-ts probe capture");
      inside =
        storage.getStore() === task &&
        other.getStore() === otherStore &&
        storage.run(nested, () => storage.getStore() === nested && other.getStore() === otherStore) &&
        storage.getStore() === task;
      // An eager task starts from inside its creator's frame, which must come back after.
      scope.enter(
        eager,
        () => {
          eagerInside = storage.getStore() === eager && other.getStore() === otherStore;
        },
        undefined,
      );
      inside = inside && eagerInside && storage.getStore() === task && other.getStore() === otherStore;
    },
    undefined,
  );
  const after = storage.getStore() === before && other.getStore() === otherStore;
  let resumed = false;
  scope.resume(() => {
    resumed = storage.getStore() === before && other.getStore() === otherStore;
  });
  const later =
    captured?.runInAsyncScope(() => storage.getStore() === task && other.getStore() === otherStore) === true;
  return inside && after && resumed && later && storage.getStore() === before;
}

/** The slot of an AsyncResource that holds its frame, when records entered through it pass the probe. */
export function probeRecordSlot(storage: FrameStorage): symbol | undefined {
  try {
    const sample = new AsyncResource("asyncio-ts probe");
    const slot = Object.getOwnPropertySymbols(sample).find((symbol) => symbol.description === "context_frame");
    if (slot === undefined) return undefined;
    return scopeAnswersAsRun(storage, (loopFrame) => recordFrameScope(storage, loopFrame, slot)) ? slot : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `enterWith` inside the loop's resource passes the probe (not where it changes the resource itself). */
export function probeEnterWith(storage: FrameStorage): boolean {
  try {
    if (typeof (storage as unknown as Storage).enterWith !== "function") return false;
    return scopeAnswersAsRun(storage, (loopFrame) => enterWithFrameScope(storage, loopFrame));
  } catch {
    return false;
  }
}
