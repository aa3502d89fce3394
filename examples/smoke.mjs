// The runtime smoke program: the same answers on every runtime asyncio-ts supports (Node 20, 22,
// 24 and 26 with async-context-frame on and off, Bun, Deno) and with the accelerators off
// (ASYNCIO_TS_ACCELERATE=0). It prints only what must not differ: `node scripts/runtimes.mjs`
// runs it everywhere and compares the outputs line by line.
import { EventEmitter } from "node:events";
import { setTimeout as delay } from "node:timers/promises";
import * as asyncio from "asyncio-ts";

const lines = [];
const print = (line) => lines.push(line);
const taskName = () => asyncio.currentTask()?.getName() ?? "no task";

async function tasks() {
  const order = [];
  const make = (name, seconds) =>
    asyncio.createTask(
      async () => {
        await asyncio.sleep(seconds);
        order.push(name);
        return name.toUpperCase();
      },
      { name },
    );
  // A tenth of a second apart: the three sleeps start one after another, and on a busy machine
  // tens of milliseconds may pass between two of them.
  const all = [make("slow", 0.3), make("fast", 0.1), make("middle", 0.2)];
  const results = await asyncio.gather(...all);
  print(`tasks: finished ${order.join(" ")}; gather ${results.join(" ")}`);
}

async function contextVariables() {
  const identity = new asyncio.ContextVar("identity", { default: -1 });
  identity.set("main");
  let mismatches = 0;
  const count = 20_000;
  const all = [];
  for (let index = 0; index < count; index++) {
    all.push(
      asyncio.createTask(async () => {
        if (identity.get() !== "main") mismatches++;
        identity.set(index);
        await asyncio.sleep(0);
        const child = await asyncio.createTask(async () => identity.get());
        if (child !== index || identity.get() !== index) mismatches++;
        return index;
      }),
    );
  }
  const results = await asyncio.gather(all);
  const sum = results.reduce((total, value) => total + value, 0);
  print(`contextvars: ${count} tasks, ${mismatches} mismatches, sum ${sum}, main still ${identity.get()}`);
}

async function cancelMessages() {
  const worker = asyncio.createTask(
    async () => {
      try {
        await asyncio.sleep(3600);
      } catch (error) {
        print(
          `cancel: ${error.name}("${error.message}") at the await, cancelling()=${asyncio.currentTask().cancelling()}`,
        );
        throw error;
      }
    },
    { name: "worker" },
  );
  await asyncio.sleep(0);
  worker.cancel("enough");
  try {
    await worker;
  } catch (error) {
    print(`cancel: awaiting it raised ${error.name}("${error.message}"), cancelled()=${worker.cancelled()}`);
  }
}

async function ordering() {
  const loop = asyncio.getRunningLoop();
  const seen = [];
  const stepper = (name) =>
    asyncio.createTask(async () => {
      for (let step = 0; step < 3; step++) {
        seen.push(`${name}${step}`);
        await asyncio.sleep(0);
      }
    });
  loop.callSoon(() => seen.push("soon1"));
  const a = stepper("a");
  loop.callSoon(() => seen.push("soon2"));
  const b = stepper("b");
  loop.callSoon(() => loop.callSoon(() => seen.push("soon3")));
  await asyncio.gather(a, b);
  print(`ordering: ${seen.join(" ")}`);
}

async function foreignAwaits(request) {
  const results = await asyncio.gather(
    ...["f1", "f2"].map((name, index) =>
      asyncio.createTask(
        async () => {
          request.set(`request-${name}`);
          await delay(5 - index * 3);
          await Promise.resolve();
          await new Promise((resolve) => setImmediate(resolve));
          return `${taskName()}/${request.get()}`;
        },
        { name },
      ),
    ),
  );
  print(`foreign awaits: ${results.join(" ")}`);
}

async function foreignCallbacks(request) {
  const loop = asyncio.getRunningLoop();
  const seen = [];
  await asyncio.createTask(
    async () => {
      request.set("callbacks");
      const done = loop.createFuture();
      let pending = 4;
      const note = (label) => {
        seen.push(`${label}=${taskName()}/${request.get()}`);
        if (--pending === 0) loop.callSoonThreadsafe(() => done.setResult(undefined));
      };
      const emitter = new EventEmitter();
      emitter.on("event", () => note("emitter"));
      setTimeout(() => note("setTimeout"), 1);
      queueMicrotask(() => note("queueMicrotask"));
      setImmediate(() => emitter.emit("event"));
      process.nextTick(() => note("nextTick"));
      loop.callSoon(() => seen.push(`callSoon=${taskName()}/${request.get()}`));
      await done;
    },
    { name: "caller" },
  );
  print(`foreign callbacks: ${seen.sort().join(" ")}`);
}

async function groupQueueTimeout() {
  const queue = new asyncio.Queue({ maxsize: 2 });
  const consumed = [];
  await new asyncio.TaskGroup().with(async (group) => {
    group.createTask(async () => {
      for (let item = 1; item <= 5; item++) await queue.put(item);
      await queue.put(null);
    });
    group.createTask(async () => {
      for (;;) {
        const item = await queue.get();
        if (item === null) break;
        consumed.push(item * 10);
        await asyncio.sleep(0);
      }
    });
  });
  let timedOut = "no";
  try {
    await asyncio.timeout(0.02).with(() => queue.get());
  } catch (error) {
    timedOut = error.name;
  }
  let groupError = "";
  try {
    await new asyncio.TaskGroup().with(async (group) => {
      group.createTask(async () => {
        await asyncio.sleep(0.01);
        throw new asyncio.ValueError("bad item");
      });
      group.createTask(() => asyncio.sleep(3600));
    });
  } catch (error) {
    groupError = `${error.name}: ${error.exceptions.map((inner) => `${inner.name}(${inner.message})`).join(", ")}`;
  }
  print(`taskgroup+queue+timeout: consumed ${consumed.join(" ")}; get on empty queue -> ${timedOut}; ${groupError}`);
}

async function tcpEcho() {
  const server = await asyncio.startServer(
    async (reader, writer) => {
      for (;;) {
        const line = await reader.readline();
        if (line.length === 0) break;
        writer.write(new TextEncoder().encode(`echo ${new TextDecoder().decode(line)}`));
        await writer.drain();
      }
      writer.close();
      await writer.waitClosed();
    },
    "127.0.0.1",
    0,
  );
  const port = server.sockets[0].getsockname()[1];
  const [reader, writer] = await asyncio.openConnection("127.0.0.1", port);
  const replies = [];
  for (const word of ["one", "two", "three"]) {
    writer.write(new TextEncoder().encode(`${word}\n`));
    await writer.drain();
    replies.push(new TextDecoder().decode(await reader.readline()).trim());
  }
  writer.close();
  await writer.waitClosed();
  server.close();
  await server.waitClosed();
  print(`tcp echo: ${replies.join(", ")}`);
}

async function subprocess() {
  const child = await asyncio.createSubprocessExec(
    "/bin/sh",
    "-c",
    "read line; echo got $line; echo oops >&2; exit 3",
    {
      stdin: asyncio.PIPE,
      stdout: asyncio.PIPE,
      stderr: asyncio.PIPE,
    },
  );
  const [out, err] = await child.communicate(new TextEncoder().encode("hello\n"));
  print(
    `subprocess: stdout ${JSON.stringify(new TextDecoder().decode(out))}, stderr ${JSON.stringify(new TextDecoder().decode(err))}, returncode ${child.returncode}`,
  );
}

async function toThread() {
  const [product, text] = await asyncio.gather(
    asyncio.toThread((a, b) => a * b, 6, 7),
    asyncio.toThread((word) => word.toUpperCase(), "thread"),
  );
  print(`toThread: ${product} ${text}`);
}

await asyncio.run(async () => {
  const request = new asyncio.ContextVar("request", { default: "none" });
  await tasks();
  await contextVariables();
  await cancelMessages();
  await ordering();
  await foreignAwaits(request);
  await foreignCallbacks(request);
  await groupQueueTimeout();
  await tcpEcho();
  await subprocess();
  await toThread();
  print(`after: currentTask in main is ${taskName() === "no task" ? "missing" : "the main task"}`);
});
print(
  `outside run: ${(() => {
    try {
      asyncio.getRunningLoop();
      return "a loop runs";
    } catch (error) {
      return `${error.name}: ${error.message}`;
    }
  })()}`,
);
console.log(lines.join("\n"));
