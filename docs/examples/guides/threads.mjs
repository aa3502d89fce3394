// What can be sent to toThread: self-contained functions (sent as source text), module
// exports, structured-cloneable arguments and results; errors come back as their class.
import { gather, run, toThread, ValueError } from "asyncio-ts";

function fib(n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2); // recursion by its own name is fine
}

class Point {
  constructor(x, y) {
    this.x = x;
    this.y = y;
  }
}

await run(async () => {
  // 1. A self-contained function and its arguments: runs on a worker thread.
  const [a, b] = await gather(toThread(fib, 20), toThread(fib, 21));
  console.log("1. fib:", a, b);

  // 2. It may import modules itself (or use process.getBuiltinModule).
  const size = await toThread(async (text) => {
    const { gzipSync } = await import("node:zlib");
    return gzipSync(text).length > 0;
  }, "hello");
  console.log("2. imports inside the function work:", size);

  // 3. Real code with imports of its own: name a module and an export. (Its result's type is
  //    not known from here: in TypeScript, say it, `toThread<string[]>(...)`.)
  const digests = /** @type {string[]} */ (
    await toThread({ module: new URL("./thread-work.js", import.meta.url), export: "digestAll" }, ["a", "b"])
  );
  console.log("3. from a module:", digests.join(" "));

  // 4. A variable of the surrounding scope does not cross: ReferenceError.
  const factor = 3;
  try {
    await toThread((x) => x * factor, 2);
  } catch (error) {
    console.log("4. captured variable:", error.constructor.name, "-", error.message.split("\n")[0]);
  }

  // 5. Arguments and results are structured-cloned: a Map stays a Map, a class instance
  //    arrives as a plain object.
  const [kind, isPoint] = await toThread(
    (map, point) => [map.constructor.name, point.constructor.name],
    new Map([[1, 2]]),
    new Point(1, 2),
  );
  console.log("5. in the worker:", kind, isPoint);

  // 6. Errors come back with their class (asyncio-ts's and JavaScript's) and message.
  try {
    await toThread(() => {
      throw new RangeError("too far");
    });
  } catch (error) {
    console.log("6.", error instanceof RangeError, error.message);
  }
  try {
    // A bare import() in the worker resolves from the working directory: pass a resolved URL.
    await toThread(
      async (asyncioUrl) => {
        const { ValueError } = await import(asyncioUrl);
        throw new ValueError("bad value");
      },
      import.meta.resolve("asyncio-ts"),
    );
  } catch (error) {
    console.log("6.", error instanceof ValueError, error.message);
  }

  // 7. Built-in and bound functions have no source text: wrap them.
  try {
    await toThread(Math.max, 1, 2);
  } catch (error) {
    console.log("7. Math.max:", error.constructor.name);
  }
  console.log("7. wrapped:", await toThread((...xs) => Math.max(...xs), 1, 2));
});
