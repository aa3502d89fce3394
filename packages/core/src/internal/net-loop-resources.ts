// What a loop's I/O holds open (sockets, listeners, pipes), so that closing the loop releases
// it: in Python a closed loop's leftover sockets do not keep the program running, while in
// Node an open socket keeps the process alive. loop.close() unrefs them (and removes the
// loop's signal handlers, as Python's close() does).
import type { AbstractEventLoop } from "./abstract-event-loop.js";
import { removeAllSignalHandlers } from "./signal-handlers.js";
import { nodeNet } from "./node-builtins.js";

/** Anything Node keeps the process alive for. */
export interface Referenced {
  unref?(): unknown;
}

const resourcesByLoop = new WeakMap<AbstractEventLoop, Set<Referenced>>();

export function trackResource(loop: AbstractEventLoop, resource: Referenced): void {
  let resources = resourcesByLoop.get(loop);
  if (resources === undefined) resourcesByLoop.set(loop, (resources = new Set()));
  if (resources.has(resource)) return;
  resources.add(resource);
  // An open connection or pipe may deliver data at any time; a listener waits for others.
  if (!(resource instanceof nodeNet().Server)) loop._operationStarted();
}

export function untrackResource(loop: AbstractEventLoop, resource: Referenced): void {
  if (resourcesByLoop.get(loop)?.delete(resource) === true && !(resource instanceof nodeNet().Server)) {
    loop._operationFinished();
  }
}

/** Called by loop.close(). */
export function releaseLoopResources(loop: AbstractEventLoop): void {
  removeAllSignalHandlers(loop);
  const resources = resourcesByLoop.get(loop);
  if (resources === undefined) return;
  resourcesByLoop.delete(loop);
  for (const resource of resources) {
    try {
      resource.unref?.();
    } catch {
      // Already closed.
    }
  }
}
