// @asyncio-ts/core on its own: run and Runner, tasks, Futures, loop callbacks, contextvars.
import { ContextVar, createTask, currentTask, getRunningLoop, run, Runner, sleep } from "@asyncio-ts/core";

const requestId = new ContextVar("requestId", { default: "-" });

async function handle(id) {
  requestId.set(id); // each task runs in its own copy of the context
  await sleep(0.01 * id);
  return `request ${requestId.get()} handled by ${currentTask()?.getName()}`;
}

const answer = await run(async () => {
  const loop = getRunningLoop();

  // Tasks: started at the next loop iteration, awaited like promises.
  const tasks = [1, 2].map((id) => createTask(() => handle(id), { name: `handler-${id}` }));
  for (const task of tasks) console.log(await task);
  console.log("context of main is untouched:", requestId.get());

  // A Future set by a loop callback.
  const future = loop.createFuture();
  loop.callLater(0.01, () => future.setResult("set by callLater"));
  loop.callSoon((what) => console.log("callSoon runs first:", what), "hello");
  console.log(await future);

  // A Future's callbacks, and its state.
  const other = loop.createFuture();
  other.addDoneCallback((done) => console.log("done callback sees", done.result()));
  other.setResult(7);
  await sleep(0);
  console.log(String(other), other.done());
  return 42;
});
console.log("run() resolved with", answer);

// Runner: several top-level calls on one loop (Python's `with asyncio.Runner() as runner:`).
await new Runner().with(async (runner) => {
  const loop1 = await runner.run(async () => getRunningLoop());
  const loop2 = await runner.run(async () => getRunningLoop());
  console.log("same loop for both runs:", loop1 === loop2);
});
