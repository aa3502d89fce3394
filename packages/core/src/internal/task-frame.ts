import { AsyncLocalStorage, AsyncResource } from "node:async_hooks";
import { promiseHooks } from "node:v8";
import type { FrameStorage, LoopFrameScope, TaskFrame } from "./frame-types.js";

export type { FrameStorage, LoopFrameScope, TaskFrame };

const FRAME = Symbol("asyncio-ts frame");
/** On the promise of an async function whose end the settled hook watches: what attaches the watcher. */
const WATCH = Symbol("asyncio-ts watch");

type FramedPromise = Promise<unknown> & { [FRAME]?: TaskFrame; [WATCH]?: SettlementWatch };

/** What {@link PromiseFrameStorage.callWatchingSettlement} returns when it watches the promise. */
export const WATCHED: unique symbol = Symbol("asyncio-ts watched");

/** Attaches the reactions that take over a promise's outcome; called in the promise's frame. */
export type SettlementWatch = (promise: Promise<unknown>) => void;

/**
 * Frames that follow promises, through V8's promise hooks: a promise made inside a frame
 * carries it, and the frame is current while a reaction of that promise runs (an `await`'s
 * continuation, a `then` callback, the engine calling a thenable's `then`). This is what
 * AsyncLocalStorage does before Node 24, without async_hooks' ids and resources, so a task
 * runs faster and weighs less there. Unlike AsyncLocalStorage it does not
 * follow timers, sockets, emitters, `queueMicrotask` or `process.nextTick`, whose callbacks run
 * outside any frame, as Python runs callbacks outside any task. The hooks are installed when the
 * first frame is entered.
 *
 * A frame is a property of the promise, and the first property V8 adds to a promise grows it. For an async function whose settlement is watched ({@link callWatchingSettlement}),
 * two kinds of promise go without: the one a `then` watching its promise would derive, and the
 * wrapper promise of each of its awaits of a thenable (below).
 */
export class PromiseFrameStorage implements FrameStorage {
  private current: TaskFrame | undefined = undefined;
  private readonly saved: (TaskFrame | undefined)[] = [];
  private installed = false;
  /** While {@link callWatchingSettlement} calls its function: the watch for the first promise made. */
  private watchNext: SettlementWatch | undefined = undefined;
  /** The promise that took the watch. */
  private lastWatched: FramedPromise | undefined = undefined;
  /** Promises carrying a watch that have not settled yet: the settled hook runs while there are any. */
  private watchedCount = 0;
  private stopSettledHook: (() => void) | undefined = undefined;
  /**
   * The wrapper promise V8 just made for an `await` of a thenable in a watched function, and
   * the frame it is to have. Its only job that runs code in the frame is the one calling the
   * thenable's `then` (unless that resolves it with another thenable, whose `then` then runs
   * outside the frame). If the next hook event is the await's own promise being made, that job
   * is queued: the wrapper goes without a property and the frame waits in
   * {@link queuedWrappers} for the job. On any other event it gets its property after all.
   */
  private deferred: FramedPromise | undefined = undefined;
  private deferredFrame: TaskFrame | undefined = undefined;
  /** Wrapper promises and their frames, in the order of their `then` jobs, from {@link queuedHead} on. */
  private readonly queuedWrappers: (FramedPromise | TaskFrame | undefined)[] = [];
  private queuedHead = 0;

  getStore(): TaskFrame | undefined {
    return this.current;
  }

  run<R, Args extends unknown[]>(frame: TaskFrame | undefined, fn: (...args: Args) => R, ...args: Args): R {
    if (!this.installed && frame !== undefined) this.install();
    const previous = this.current;
    this.current = frame;
    try {
      return fn(...args);
    } finally {
      this.current = previous;
    }
  }

  exit<R>(fn: () => R): R {
    return this.run(undefined, fn);
  }

  /**
   * Calls `fn`, an async function, inside a frame and has `watch(promise)` called, in the frame,
   * when the promise it returns settles. Watching with a reaction from the start would keep a
   * derived promise, its reaction and its frame for as long as the function is
   * pending. An async function makes its promise before running any of its code, so that promise
   * is the first one made here. Returns {@link WATCHED}, or what `fn` returned if that is not the
   * promise watched (an async generator function returns its generator and makes no promise).
   * While watched promises are pending, a settled hook runs for every promise in the process.
   */
  callWatchingSettlement(fn: () => unknown, watch: SettlementWatch): unknown {
    this.stopSettledHook ??= promiseHooks.onSettled(this.onSettled) as () => void;
    const previousWatched = this.lastWatched;
    this.lastWatched = undefined;
    this.watchNext = watch;
    let outcome: unknown;
    let watched: FramedPromise | undefined;
    try {
      outcome = fn();
    } finally {
      this.watchNext = undefined;
      watched = this.lastWatched as FramedPromise | undefined; // set by the init hook meanwhile
      this.lastWatched = previousWatched;
    }
    if (watched === outcome) return WATCHED;
    if (watched !== undefined && watched[WATCH] !== undefined) {
      watched[WATCH] = undefined;
      this.unwatched();
    }
    return outcome;
  }

  private readonly onInit = (promise: Promise<unknown>, parent: Promise<unknown> | undefined): void => {
    if (this.deferred !== undefined) {
      // V8's await makes the wrapper, queues its `then` job, then makes the await's own promise.
      if (parent === this.deferred) this.queueDeferred();
      else this.giveDeferredItsFrame();
    }
    const current = this.current;
    if (current === undefined) return;
    // Only an await makes a promise whose parent is an async function's own promise: no code
    // but the watch holds a watched function's promise, and it drops the mark first.
    if (this.watchedCount !== 0 && parent !== undefined && (parent as FramedPromise)[WATCH] !== undefined) {
      this.deferred = promise;
      this.deferredFrame = current;
      return;
    }
    (promise as FramedPromise)[FRAME] = current;
    const watch = this.watchNext;
    if (watch !== undefined) {
      this.watchNext = undefined;
      (promise as FramedPromise)[WATCH] = watch;
      this.lastWatched = promise;
      this.watchedCount++;
    }
  };

  private readonly onBefore = (promise: Promise<unknown>): void => {
    if (this.deferred !== undefined) this.giveDeferredItsFrame();
    this.saved.push(this.current);
    let frame = (promise as FramedPromise)[FRAME];
    // Jobs run in the order they were queued, so a queued wrapper's job finds it at the head.
    if (frame === undefined && this.queuedWrappers[this.queuedHead] === promise) frame = this.takeQueuedFrame();
    this.current = frame;
  };

  private readonly onAfter = (): void => {
    if (this.deferred !== undefined) this.giveDeferredItsFrame();
    this.current = this.saved.pop();
  };

  private readonly onSettled = (promise: FramedPromise): void => {
    if (this.deferred !== undefined) this.giveDeferredItsFrame();
    const watch = promise[WATCH];
    if (watch === undefined) return;
    promise[WATCH] = undefined;
    this.unwatched();
    const previous = this.current;
    this.current = promise[FRAME];
    try {
      watch(promise);
    } finally {
      this.current = previous;
    }
  };

  private giveDeferredItsFrame(): void {
    (this.deferred as FramedPromise)[FRAME] = this.deferredFrame;
    this.deferred = this.deferredFrame = undefined;
  }

  private queueDeferred(): void {
    this.queuedWrappers.push(this.deferred, this.deferredFrame);
    this.deferred = this.deferredFrame = undefined;
  }

  private takeQueuedFrame(): TaskFrame | undefined {
    const queue = this.queuedWrappers;
    const head = this.queuedHead;
    const frame = queue[head + 1] as TaskFrame;
    if (head + 2 === queue.length) {
      queue.length = 0;
      this.queuedHead = 0;
    } else {
      queue[head] = queue[head + 1] = undefined;
      this.queuedHead = head + 2;
    }
    return frame;
  }

  private unwatched(): void {
    // Stopped from a microtask: Node's hook lists are not to be changed while a hook runs.
    if (--this.watchedCount === 0) queueMicrotask(this.stopSettledHookIfIdle);
  }

  private readonly stopSettledHookIfIdle = (): void => {
    if (this.watchedCount !== 0 || this.stopSettledHook === undefined) return;
    this.stopSettledHook();
    this.stopSettledHook = undefined;
  };

  private install(): void {
    this.installed = true;
    promiseHooks.createHook({ init: this.onInit, before: this.onBefore, after: this.onAfter });
  }
}

/**
 * Node 24 runs AsyncLocalStorage on AsyncContextFrame, which costs an await nothing; earlier
 * Nodes (or Node 24 with `--no-async-context-frame`) run it on promise hooks plus async_hooks
 * bookkeeping, and the library's own promise frames are cheaper.
 */
function hasAsyncContextFrame(): boolean {
  const major = Number(process.versions.node.split(".")[0]);
  const flags = `${process.execArgv.join(" ")} ${process.env["NODE_OPTIONS"] ?? ""}`;
  if (major >= 24) return !flags.includes("--no-async-context-frame");
  return flags.includes("--experimental-async-context-frame");
}

export const taskStorage: FrameStorage = hasAsyncContextFrame()
  ? (new AsyncLocalStorage<TaskFrame>() as unknown as FrameStorage)
  : new PromiseFrameStorage();

/** The storage when frames follow promise hooks, whose extra methods spare memory; else undefined. */
export const promiseFrames: PromiseFrameStorage | undefined =
  taskStorage instanceof PromiseFrameStorage ? taskStorage : undefined;

/**
 * On AsyncLocalStorage, `run` makes two frames per call, one to enter and one to restore the
 * previous store; an AsyncResource bound to the loop's frame restores that frame as it was, so
 * a task start makes one frame and costs half as much. Where Node lets us (below), that one
 * frame is a {@link TaskFrameRecord} instead of a copied Map. On promise frames both are plain
 * `run`.
 */
export function createLoopFrameScope(): LoopFrameScope {
  const storage = taskStorage;
  if (storage instanceof PromiseFrameStorage) {
    return {
      enter: (frame, fn, arg) => storage.run(frame, fn, arg),
      resume: (fn) => storage.run(undefined, fn),
    };
  }
  const loopFrame = new AsyncResource("asyncio-ts loop");
  const slot = recordSlot();
  if (slot !== undefined) {
    const parent = (loopFrame as unknown as FrameSlot)[slot] as ParentFrame | undefined;
    const LoopTaskFrameRecord = taskFrameRecordOver(parent);
    const taskEntry = new AsyncResource("asyncio-ts task") as unknown as FrameSlot & AsyncResource;
    return {
      enter: (frame, fn, arg) => {
        taskEntry[slot] = new LoopTaskFrameRecord(frame);
        try {
          taskEntry.runInAsyncScope(fn, null, arg);
        } finally {
          taskEntry[slot] = parent;
        }
      },
      resume: (fn) => loopFrame.runInAsyncScope(fn),
    };
  }
  const enterWith = (storage as unknown as AsyncLocalStorage<TaskFrame>).enterWith.bind(storage);
  const enterAndCall = <A>(frame: TaskFrame, fn: (arg: A) => void, arg: A): void => {
    enterWith(frame);
    fn(arg);
  };
  return {
    enter: (frame, fn, arg) => loopFrame.runInAsyncScope(enterAndCall, null, frame, fn, arg),
    resume: (fn) => loopFrame.runInAsyncScope(fn),
  };
}

/** The parts of Node's AsyncContextFrame (a Map of storage to store) that a record delegates to. */
interface ParentFrame extends Iterable<[unknown, unknown]> {
  has(key: unknown): boolean;
  get(key: unknown): unknown;
}

type FrameSlot = Record<symbol, unknown>;

/**
 * A task's frame on Node's AsyncContextFrame. Node keeps the current frame as V8's
 * continuation data, which promise reactions carry and restore as they are, and reads a
 * storage's store from it with `has` and `get` (a copy for a nested `run` iterates it). A frame
 * that Node makes is a Map copied from the frame it starts in. This record answers the
 * library's storage itself and hands every other question to the loop's frame: a small
 * object, and no copy. The frame it hands on to is the same for all records of a loop,
 * so it sits on the prototype of a class made for that loop ({@link taskFrameRecordOver}).
 */
abstract class TaskFrameRecord implements ParentFrame {
  declare readonly parent: ParentFrame | undefined;

  constructor(private readonly frame: TaskFrame) {}

  has(key: unknown): boolean {
    return key === taskStorage || this.parent?.has(key) === true;
  }

  get(key: unknown): unknown {
    return key === taskStorage ? this.frame : this.parent?.get(key);
  }

  /**
   * `AsyncLocalStorage.disable()` deletes its store from the current frame. The loop's frame is
   * shared, so the record enters a frame of its own where that store is unset instead.
   */
  disable(key: unknown): void {
    if (key !== taskStorage && this.has(key)) (key as AsyncLocalStorage<unknown>).enterWith(undefined);
  }

  *[Symbol.iterator](): Iterator<[unknown, unknown]> {
    if (this.parent !== undefined) for (const entry of this.parent) if (entry[0] !== taskStorage) yield entry;
    yield [taskStorage, this.frame];
  }
}

/** The record class for the tasks of a loop whose own frame is `parent`. */
function taskFrameRecordOver(parent: ParentFrame | undefined): new (frame: TaskFrame) => TaskFrameRecord {
  class LoopTaskFrameRecord extends TaskFrameRecord {}
  Object.defineProperty(LoopTaskFrameRecord.prototype, "parent", { value: parent });
  return LoopTaskFrameRecord;
}

let slotFound: symbol | null | undefined;

/**
 * Where an AsyncResource keeps the frame it runs in: the record enters through it. Node does
 * not document it, so it is used only after a check that a record read through it answers
 * `getStore()` as the storage's own frame does, inside and around a nested `run`.
 */
function recordSlot(): symbol | undefined {
  if (slotFound === undefined) slotFound = findRecordSlot() ?? null;
  return slotFound ?? undefined;
}

function findRecordSlot(): symbol | undefined {
  try {
    const probe = new AsyncResource("asyncio-ts probe") as unknown as FrameSlot & AsyncResource;
    const slot = Object.getOwnPropertySymbols(probe).find((symbol) => symbol.description === "context_frame");
    if (slot === undefined) return undefined;
    const storage = taskStorage as unknown as AsyncLocalStorage<TaskFrame>;
    const outer = { _frameTask: undefined, _frameOwner: undefined } as unknown as TaskFrame;
    const inner = { _frameTask: undefined, _frameOwner: undefined } as unknown as TaskFrame;
    probe[slot] = new (taskFrameRecordOver(probe[slot] as ParentFrame | undefined))(outer);
    const works = probe.runInAsyncScope(
      () =>
        storage.getStore() === outer &&
        storage.run(inner, () => storage.getStore() === inner) &&
        storage.getStore() === outer,
    );
    return works && storage.getStore() !== outer ? slot : undefined;
  } catch {
    return undefined;
  }
}
