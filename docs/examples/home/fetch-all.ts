import * as asyncio from "asyncio-ts";

async function fetch(name: string, delay: number) {
  await asyncio.sleep(delay);
  return `${name} done`;
}

await asyncio.run(async () => {
  const [a, b] = await new asyncio.TaskGroup().with((tg) => [
    tg.createTask(() => fetch("a", 0.02)),
    tg.createTask(() => fetch("b", 0.01)),
  ]);
  console.log(a.result(), "/", b.result());

  try {
    await asyncio.timeout(0.01).with(() => fetch("slow", 3600));
  } catch (error) {
    if (!(error instanceof asyncio.TimeoutError)) throw error;
    console.log("slow: timed out");
  }
});
