// Counts what one item through a Queue(100) costs in promises and in loop work, for the
// queue-1-1 and queue-10-10 workloads: asyncio-ts on the build against the hand-written queue of
// bench/plain/promise-queue.mjs, and for asyncio-ts the waits (tasks resumed from a blocked put
// or get, and wake-ups handed to a waiter that then found the slot taken and waited again) and
// the loop's step turns (microtask turns it spends waiting for a woken task to suspend).
//
//   node bench/promises-per-item.mjs [producers=1] [consumers=producers]
//
// Promises are counted with an async_hooks init hook, which is itself enabled only around the
// measured run: V8 then also makes the throwaway promise of each `await` that an enabled
// AsyncLocalStorage on async_hooks (Node 20) makes it create. The counts, not times, are the point.
import { createHook } from "node:async_hooks";
import * as asyncio from "asyncio-ts";
import { PromiseQueue } from "./plain/promise-queue.mjs";

const producers = Number(process.argv[2] ?? 1);
const consumers = Number(process.argv[3] ?? producers);
const COUNT = 200_000;

function jobs(queue) {
  const produce = async () => {
    for (let index = 0; index < COUNT / producers; index++) await queue.put(index);
  };
  const consume = async () => {
    for (let index = 0; index < COUNT / consumers; index++) await queue.get();
  };
  return [...Array.from({ length: producers }, () => produce), ...Array.from({ length: consumers }, () => consume)];
}

let promises = 0;
const hook = createHook({
  init(_id, type) {
    if (type === "PROMISE") promises++;
  },
});

/** Promises made while `body` runs, per item. */
async function promisesPerItem(body) {
  promises = 0;
  hook.enable();
  try {
    await body();
  } finally {
    hook.disable();
  }
  return promises / COUNT;
}

// The waits, counted on the Waiter class every queue wait is an instance of.
const waiterPrototype = asyncio.Waiter.prototype;
const counts = { wakes: 0, resumed: 0 };
const { wake, finish } = waiterPrototype;
waiterPrototype.wake = function (...args) {
  const woken = wake.apply(this, args);
  if (woken) counts.wakes++;
  return woken;
};
waiterPrototype.finish = function (...args) {
  counts.resumed++;
  return finish.apply(this, args);
};
// The step turns: the loop's `then` on its one settled promise, told apart by its callback's name.
let stepTurns = 0;
const then = Promise.prototype.then;
Promise.prototype.then = function (onFulfilled, onRejected) {
  if (onFulfilled?.name === "onStepTurn") stepTurns++;
  return then.call(this, onFulfilled, onRejected);
};

const plain = await promisesPerItem(() => Promise.all(jobs(new PromiseQueue(100)).map((job) => job())));
const library = await promisesPerItem(() =>
  asyncio.run(() => asyncio.gather(jobs(new asyncio.Queue(100)).map((job) => asyncio.createTask(job)))),
);
Promise.prototype.then = then;
const perItem = (count) => (count / COUNT).toFixed(3);
console.log(`Node ${process.version}, Queue(100), ${producers} producer(s)/${consumers} consumer(s), per item:`);
console.log(`  plain Node   promises ${plain.toFixed(3)}`);
console.log(
  `  asyncio-ts   promises ${library.toFixed(3)}, tasks resumed from a wait ${perItem(counts.resumed)}, ` +
    `wake-ups ${perItem(counts.wakes)} (${perItem(counts.wakes - counts.resumed)} of them waited again), ` +
    `loop step turns ${perItem(stepTurns)}`,
);
