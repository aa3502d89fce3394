// asyncio docs, "Timeouts": waitFor and timeout. Python twin: wait-for.py.
import { run, sleep, timeout, TimeoutError, waitFor } from "asyncio-ts";

async function eternity() {
  await sleep(3600);
  console.log("yay!");
}

await run(async () => {
  // Wait for at most 0.05 seconds.
  try {
    await waitFor(eternity, 0.05);
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error;
    console.log("timeout!");
  }

  // async with asyncio.timeout(0.05):
  try {
    await timeout(0.05).with(async () => {
      await eternity();
    });
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error;
    console.log("The long operation timed out, but we've handled it.");
  }
  console.log("This statement will run regardless.");
});
