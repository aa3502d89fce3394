// Getting started: run a main coroutine, start tasks, wait for them. Only two packages are
// needed here: @asyncio-ts/core (run, createTask, sleep) and @asyncio-ts/tasks-utils (gather).
import { createTask, currentTask, run, sleep } from "@asyncio-ts/core";
import { gather } from "@asyncio-ts/tasks-utils";

async function brew(drink, seconds) {
  console.log(`${currentTask()?.getName()}: start ${drink}`);
  await sleep(seconds); // suspends this task only; the others run meanwhile
  console.log(`${currentTask()?.getName()}: ${drink} ready`);
  return drink;
}

const result = await run(async () => {
  // A task starts running at the next loop iteration, whether or not it is awaited.
  const tea = createTask(() => brew("tea", 0.03), { name: "tea-task" });
  const coffee = createTask(() => brew("coffee", 0.01), { name: "coffee-task" });
  console.log("two tasks created");
  console.log("first:", await coffee, "then:", await tea);

  // gather runs functions as tasks and keeps the order of its arguments in the result.
  const drinks = await gather(
    () => brew("cocoa", 0.02),
    () => brew("water", 0.01),
  );
  console.log("gathered:", drinks.join(", "));
  return "main's result";
});
console.log("run() resolved with", result);
