// loop.addSignalHandler / loop.removeSignalHandler over process.on(signal).
import { constants } from "node:os";
import type { AbstractEventLoop } from "./abstract-event-loop.js";
import { RuntimeError } from "../exceptions/runtime-error.js";
import { ValueError } from "../exceptions/value-error.js";
import { typeName } from "./net-bytes.js";
import { nodeWorkerThreads } from "./node-builtins.js";

const AsyncFunction = (async () => {}).constructor;
const signalNumbers = constants.signals as Record<string, number>;
const UNCATCHABLE = new Set(["SIGKILL", "SIGSTOP"]);

const handlersByLoop = new WeakMap<AbstractEventLoop, Map<string, () => void>>();

/** The signal's name for a number or a name; Python's errors for anything else. */
export function signalName(sig: unknown): NodeJS.Signals {
  if (typeof sig === "string") {
    if (!Object.hasOwn(signalNumbers, sig)) throw new ValueError(`invalid signal name '${sig}'`);
    return sig as NodeJS.Signals;
  }
  if (typeof sig !== "number" || !Number.isInteger(sig))
    throw new TypeError(`sig must be an int, not ${typeName(sig)}`);
  for (const [name, number] of Object.entries(signalNumbers)) if (number === sig) return name as NodeJS.Signals;
  throw new ValueError(`invalid signal number ${sig}`);
}

/** `loop.addSignalHandler(sig, callback, ...args)`: `callback(...args)` runs in the loop on each `sig`. */
export function addSignalHandler<Args extends unknown[]>(
  loop: AbstractEventLoop,
  sig: number | NodeJS.Signals,
  callback: (...args: Args) => unknown,
  args: Args,
): void {
  if (callback instanceof AsyncFunction) throw new TypeError("coroutines cannot be used with add_signal_handler()");
  if (typeof callback !== "function")
    throw new TypeError(`a callable object was expected by add_signal_handler(), got ${typeName(callback)}`);
  const name = signalName(sig);
  loop._checkClosed();
  if (!nodeWorkerThreads().isMainThread)
    throw new RuntimeError("set_wakeup_fd only works in main thread of the main interpreter");
  if (UNCATCHABLE.has(name)) throw new RuntimeError(`sig ${signalNumbers[name]} cannot be caught`);
  let handlers = handlersByLoop.get(loop);
  if (handlers === undefined) handlersByLoop.set(loop, (handlers = new Map()));
  const previous = handlers.get(name);
  if (previous !== undefined) process.off(name, previous);
  const listener = (): void => {
    if (loop.isClosed()) {
      // The loop is gone: stop catching the signal, and let it do what it would have done.
      removeSignalHandler(loop, name);
      if (process.listenerCount(name) === 0) process.kill(process.pid, name);
      return;
    }
    loop.callSoon(callback, ...args);
  };
  try {
    process.on(name, listener);
  } catch (error) {
    throw new RuntimeError(`sig ${signalNumbers[name]} cannot be caught`, { cause: error });
  }
  handlers.set(name, listener);
}

/** `loop.removeSignalHandler(sig)`: true if a handler was removed. */
export function removeSignalHandler(loop: AbstractEventLoop, sig: number | NodeJS.Signals): boolean {
  const name = signalName(sig);
  const handlers = handlersByLoop.get(loop);
  const listener = handlers?.get(name);
  if (listener === undefined) return false;
  handlers?.delete(name);
  process.off(name, listener);
  return true;
}

/** Removes every signal handler of `loop` (its close() does, as Python's). */
export function removeAllSignalHandlers(loop: AbstractEventLoop): void {
  const handlers = handlersByLoop.get(loop);
  if (handlers === undefined) return;
  for (const [name, listener] of handlers) process.off(name, listener);
  handlersByLoop.delete(loop);
}
