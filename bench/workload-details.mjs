// What each workload does, exactly, on each side: the "What each workload does" section of
// docs/benchmarks.md. A workload missing here is listed with its description alone; keep this in
// step with bench/workloads/, bench/plain/ and bench/python/.
export const workloadDetails = {
  tasks: {
    "asyncio-ts":
      "100,000 `createTask(async () => { await sleep(0); return index; })` inside `run()`, then each task awaited in turn",
    "plain Node":
      "100,000 async functions each awaiting `new Promise((resolve) => setImmediate(resolve))`, then `Promise.all`",
    python: "`asyncio.create_task` of the same coroutine (`await asyncio.sleep(0)`), each awaited in turn",
  },
  gather: {
    "asyncio-ts": "100,000 tasks as in tasks, then `await gather(tasks)`",
    "plain Node": "the same async functions as in tasks, `Promise.all`",
    python: "`asyncio.gather` over 100,000 tasks",
  },
  "task-group": {
    "asyncio-ts": "`new TaskGroup().with(...)`, `group.createTask` 100,000 times (each `await sleep(0)`)",
    "plain Node": "the same async functions as in tasks, `Promise.all`",
    python: "`async with asyncio.TaskGroup()`, `group.create_task` 100,000 times",
  },
  "call-soon": {
    "asyncio-ts":
      "a chain of 1,000,000 `loop.callSoon(step)`, each scheduling the next; the loop runs a batch of ready callbacks per turn of Node's event loop",
    "plain Node":
      "a chain of 1,000,000 `setImmediate(step)`, Node's nearest equivalent, which polls for I/O between callbacks: so asyncio-ts is far ahead here, which shows that the loop's own overhead is small, not that it beats Node",
    python: "a chain of `loop.call_soon`",
  },
  timers: {
    "asyncio-ts": "100,000 `loop.callLater(delay, fire)` with delays spread over 10 ms, all pending at once",
    "plain Node": "100,000 `setTimeout(fire, delay)` with the same delays",
    python: "`loop.call_later` with the same delays",
  },
  lock: {
    "asyncio-ts":
      "1,000 tasks, each 100 times: `await lock.acquire()`, `await sleep(0)`, `lock.release()` on one `Lock` (100,000 acquisitions, nearly all contended)",
    "plain Node":
      "1,000 async functions doing the same with a hand-written FIFO promise mutex (`bench/plain/promise-queue.mjs`) and a `setImmediate` yield",
    python: "`async with lock: await asyncio.sleep(0)`, 1,000 coroutines × 100, under `asyncio.gather`",
  },
  semaphore: {
    "asyncio-ts": "as lock, with a `Semaphore(10)`: 1,000 tasks × 100 acquisitions",
    "plain Node": "a hand-written promise semaphore (`bench/plain/promise-sync.mjs`), `setImmediate` inside",
    python: "`async with asyncio.Semaphore(10)`, `sleep(0)` inside",
  },
  "queue-1-1": {
    "asyncio-ts":
      "200,000 items through a `Queue(100)`: one task `await queue.put(i)` 200,000 times, one task `await queue.get()` as often, under `gather`",
    "plain Node": "a hand-written bounded promise queue (`bench/plain/promise-queue.mjs`), `Promise.all`",
    python: "`asyncio.Queue(100)`, one producer and one consumer coroutine under `asyncio.gather`",
  },
  "queue-10-10": {
    "asyncio-ts": "as queue-1-1 with 10 producer and 10 consumer tasks (20,000 items each)",
    "plain Node": "the same hand-written promise queue, 10 and 10 async functions",
    python: "`asyncio.Queue(100)`, 10 producers and 10 consumers",
  },
  echo: {
    "asyncio-ts":
      "`startServer` whose handler reads (`reader.read(65536)`) and writes back (`write`, `await drain()`); 10 clients from `openConnection`, each 10,000 times `write` 64 bytes then `await reader.readexactly(64)`, over loopback",
    "plain Node":
      "`net.createServer` with `socket.pipe(socket)`; 10 `net.connect` clients writing the next message from the `data` event",
    python: "`asyncio.start_server` and `open_connection`, the same loop of `write` and `readexactly`",
  },
  bulk: {
    "asyncio-ts":
      "1 GiB sent over one loopback connection in 64 KiB writes (`write`, then `await drain()`), read by the server with `reader.read(1 MiB)` and discarded",
    "plain Node": "`socket.write`, waiting for `drain` when it returns false; the server counts `data` events",
    python: "`StreamWriter.write` and `drain`, `StreamReader.read(1 MiB)`",
  },
  spawn: {
    "asyncio-ts":
      "300 runs of `/bin/true` with `createSubprocessExec` and `await child.wait()`, at most 8 at once (`Semaphore(8)`)",
    "plain Node": "`child_process.spawn` of `/bin/true` (stdio ignored) from 8 async workers, waiting for `exit`",
    python: "`asyncio.create_subprocess_exec` under an `asyncio.Semaphore(8)`",
  },
  "pending-memory": {
    "asyncio-ts":
      "heap growth per task (after a full garbage collection) while 100,000 tasks wait in `event.wait()` on one `Event`",
    "plain Node": "100,000 async functions waiting on a hand-written promise event (`bench/plain/promise-sync.mjs`)",
    python: "`tracemalloc` growth per task while 100,000 tasks wait in `asyncio.Event.wait()`",
  },
  "blocked-future-memory": {
    "asyncio-ts": "as pending-memory, each task awaiting one shared bare `Future` (the floor for the rows below)",
    "plain Node": "each async function awaiting one shared bare promise",
    python: "each task awaiting one shared `asyncio.Future`",
  },
  "blocked-lock-memory": {
    "asyncio-ts": "as pending-memory, each task blocked in `lock.acquire()` on a held `Lock`",
    "plain Node": "the hand-written promise mutex",
    python: "`asyncio.Lock.acquire()` on a held lock",
  },
  "blocked-semaphore-memory": {
    "asyncio-ts": "as pending-memory, each task blocked in `semaphore.acquire()` on a `Semaphore(0)`",
    "plain Node": "the hand-written promise semaphore",
    python: "`asyncio.Semaphore(0).acquire()`",
  },
  "blocked-queue-memory": {
    "asyncio-ts": "as pending-memory, each task blocked in `queue.get()` on an empty `Queue`",
    "plain Node": "the hand-written promise queue",
    python: "`asyncio.Queue.get()` on an empty queue",
  },
  "blocked-condition-memory": {
    "asyncio-ts": "as pending-memory, each task holding a `Condition`'s lock (free) and blocked in `condition.wait()`",
    "plain Node": "a hand-written promise condition over the promise mutex",
    python: "`asyncio.Condition.wait()`, the lock taken first",
  },
};

/** Where a workload goes on the page and the chart: the order above, then any other by name. */
export function workloadOrder(name) {
  const index = Object.keys(workloadDetails).indexOf(name);
  return index === -1 ? Object.keys(workloadDetails).length : index;
}
