import { AsyncLocalStorage } from "node:async_hooks";
import type { TaskFrame } from "./frame-types.js";
import type { SchedulingLoop } from "./loop-interface.js";

/**
 * What every copy of core in this thread shares: the ESM and the CommonJS build, or two versions
 * of the package under different dependents. With one registry they agree on the running loop,
 * on the current task and on what a Future is; with one each, a task of one copy would not be
 * `currentTask()` for the other, and `getRunningLoop()` would fail inside the other's `run()`.
 *
 * `globalThis` is per thread (a worker has its own), as Python's running loop is. The key names
 * the shape's version: a copy whose shape differs keeps a registry of its own instead of
 * misreading this one.
 */
export interface RuntimeRegistry {
  /** The storage whose store is the current task frame. */
  readonly taskStorage: AsyncLocalStorage<TaskFrame>;
  /** The loop running now in this thread. */
  runningLoop: SchedulingLoop | undefined;
  /** The loop set as current for this thread (`setEventLoop`). */
  currentLoop: SchedulingLoop | undefined;
  /** The context code outside any task runs in, made by the first copy that needs it. */
  rootContext: object | undefined;
  /** Whether any ContextVar was ever set: until then, callbacks and tasks need no context of their own. */
  contextVariablesUsed: boolean;
  /** How many loops of the thread have run and are not closed yet (internal/loop-state.ts). */
  loopsInUse: number;
}

const REGISTRY_KEY = Symbol.for("asyncio-ts.runtime.v1");

/** The property a Future of any copy carries, true: `isFuture` reads it. */
export const FUTURE_BRAND: unique symbol = Symbol.for("asyncio-ts.future") as never;

/** The property a Task of any copy carries, true: `isTaskOfAnyCopy` (internal/any-copy.ts) reads it. */
export const TASK_BRAND: unique symbol = Symbol.for("asyncio-ts.task") as never;

function sharedRegistry(): RuntimeRegistry {
  const holder = globalThis as { [REGISTRY_KEY]?: RuntimeRegistry };
  let registry = holder[REGISTRY_KEY];
  if (registry === undefined) {
    registry = {
      taskStorage: new AsyncLocalStorage<TaskFrame>(),
      runningLoop: undefined,
      currentLoop: undefined,
      rootContext: undefined,
      contextVariablesUsed: false,
      loopsInUse: 0,
    };
    Object.defineProperty(holder, REGISTRY_KEY, { value: registry, enumerable: false });
  }
  // Made by a copy that does not count loops: count from here on.
  if (typeof registry.loopsInUse !== "number") registry.loopsInUse = 0;
  return registry;
}

/** This thread's registry, made by the first copy of core loaded in it. */
export const runtimeRegistry: RuntimeRegistry = sharedRegistry();
