// asyncio docs, "Running Tasks Concurrently": gather. Python twin: gather.py.
import { gather, run, sleep } from "asyncio-ts";

async function factorial(name, number) {
  let f = 1;
  for (let i = 2; i <= number; i++) {
    console.log(`Task ${name}: Compute factorial(${number}), currently i=${i}...`);
    await sleep(0.01);
    f *= i;
  }
  console.log(`Task ${name}: factorial(${number}) = ${f}`);
  return f;
}

await run(async () => {
  // Schedule three calls *concurrently*: pass functions, gather runs each as a Task.
  const results = await gather(
    () => factorial("A", 2),
    () => factorial("B", 3),
    () => factorial("C", 4),
  );
  console.log("results:", results.join(" "));

  // return_exceptions=True
  const outcomes = await gather(
    () => factorial("D", 2),
    async () => {
      throw new Error("boom");
    },
    { returnExceptions: true },
  );
  console.log(
    "outcomes:",
    outcomes.map((outcome) => (outcome instanceof Error ? `error: ${outcome.message}` : outcome)).join(", "),
  );
});
