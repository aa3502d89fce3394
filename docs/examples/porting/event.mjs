// asyncio docs, "Synchronization Primitives": Event. Python twin: event.py.
import { createTask, Event, run, sleep } from "asyncio-ts";

async function waiter(event) {
  console.log("waiting for it ...");
  await event.wait();
  console.log("... got it!");
}

await run(async () => {
  // Create an Event object.
  const event = new Event();

  // Spawn a Task to wait until 'event' is set.
  const waiterTask = createTask(() => waiter(event));

  // Sleep for 0.01 second and set the event.
  await sleep(0.01);
  event.set();

  // Wait until the waiter task is finished.
  await waiterTask;
  console.log("is set:", event.isSet());
});
