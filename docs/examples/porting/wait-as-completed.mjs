// asyncio docs, "Waiting Primitives": wait (with return_when) and as_completed.
// Python twin: wait-as-completed.py.
import { asCompleted, createTask, FIRST_COMPLETED, run, sleep, wait } from "asyncio-ts";

async function job(name, delay) {
  await sleep(delay);
  return name;
}

await run(async () => {
  // wait(): returns two sets, done and pending; it cancels nothing.
  const tasks = [createTask(() => job("fast", 0.01)), createTask(() => job("slow", 10))];
  const [done, pending] = await wait(tasks, { returnWhen: FIRST_COMPLETED });
  console.log("done:", [...done].map((task) => task.result()).join(", "), "- pending:", pending.size);
  for (const task of pending) task.cancel();

  // as_completed(): results in the order they finish. Pass functions, as everywhere a
  // Python coroutine goes: asCompleted runs each as a task.
  const order = [];
  for (const next of asCompleted([() => job("c", 0.03), () => job("a", 0.01), () => job("b", 0.02)])) {
    order.push(await next);
  }
  console.log("finished in order:", order.join(", "));
});
