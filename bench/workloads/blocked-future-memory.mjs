// Heap bytes per task blocked on a bare Future: the floor for the primitives' memory workloads.
import { asyncioBlocked, plainBlocked } from "../blocked-memory.mjs";

export const description = "memory per task blocked on a bare Future (100,000 tasks)";
export const unit = "bytes/task";
export const count = 100_000;
export const measures = "memory";

export const implementations = {
  "asyncio-ts": asyncioBlocked(({ getRunningLoop }) => {
    const gate = getRunningLoop().createFuture();
    return { block: () => gate, unblock: () => gate.setResult(undefined) };
  }),
  "plain Node": plainBlocked(() => {
    let open;
    const gate = new Promise((resolve) => (open = resolve));
    return { block: () => gate, unblock: () => open() };
  }),
};
export const python = "blocked_future.py";
