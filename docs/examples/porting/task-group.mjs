// asyncio docs, "Task Groups": a TaskGroup waits for its tasks; when one fails, it cancels the
// others and raises an ExceptionGroup. Python twin: task-group.py.
import { CancelledError, ExceptionGroup, run, sleep, TaskGroup } from "asyncio-ts";

async function someCoro(result, delay) {
  await sleep(delay);
  return result;
}

await run(async () => {
  // async with asyncio.TaskGroup() as tg:
  const [task1, task2] = await new TaskGroup().with(async (tg) => [
    tg.createTask(() => someCoro("one", 0.02)),
    tg.createTask(() => someCoro("two", 0.01)),
  ]);
  console.log(`Both tasks have completed now: ${task1.result()}, ${task2.result()}`);

  // A failing task cancels its siblings.
  try {
    await new TaskGroup().with(async (tg) => {
      tg.createTask(async () => {
        try {
          await sleep(3600);
        } catch (error) {
          if (error instanceof CancelledError) console.log("sibling cancelled");
          throw error;
        }
      });
      tg.createTask(async () => {
        await sleep(0.01);
        throw new Error("boom");
      });
    });
  } catch (error) {
    if (!(error instanceof ExceptionGroup)) throw error;
    console.log(`${error.message}: ${error.exceptions.map((inner) => inner.message).join(", ")}`);
  }
});
