// A short tour of asyncio-ts, printing what happens as it happens.
// Run it with `pnpm demo` (see the README). Each section mirrors a Python asyncio idiom.
import * as asyncio from "asyncio-ts";

let startedAt = 0;
function say(text) {
  const elapsed = (asyncio.getRunningLoop().time() - startedAt).toFixed(2).padStart(5);
  console.log(`[${elapsed}s] ${text}`);
}

function section(title) {
  console.log(`\n── ${title} ${"─".repeat(Math.max(0, 60 - title.length))}`);
}

async function tasks() {
  section("Tasks run concurrently (asyncio.create_task)");
  const brew = async (drink, seconds) => {
    say(`start ${drink}`);
    await asyncio.sleep(seconds);
    say(`${drink} ready`);
    return drink;
  };
  const all = [
    ["tea", 0.3],
    ["coffee", 0.1],
    ["cocoa", 0.2],
  ].map(([drink, seconds]) => asyncio.createTask(() => brew(drink, seconds)));
  const served = [];
  for (const task of all) served.push(await task);
  say(`served in creation order: ${served.join(", ")}`);
}

async function cancellation() {
  section("Cancellation is thrown at the exact await (task.cancel)");
  const worker = asyncio.createTask(
    async () => {
      try {
        say("worker: sleeping for an hour");
        await asyncio.sleep(3600);
      } catch (error) {
        say(`worker: ${error.name}("${error.message}") came out of that await; cleaning up`);
        await asyncio.sleep(0.05);
        say("worker: cleaned up");
        throw error;
      }
    },
    { name: "worker" },
  );
  await asyncio.sleep(0.1);
  worker.cancel("shutting down");
  try {
    await worker;
  } catch (error) {
    say(`main: awaiting the worker raised ${error.name}; worker.cancelled() = ${worker.cancelled()}`);
  }
}

async function timeouts() {
  section("Timeouts (asyncio.wait_for, asyncio.timeout)");
  try {
    await asyncio.waitFor(() => asyncio.sleep(10), 0.2);
  } catch (error) {
    say(`waitFor: ${error.name} after 0.2s; the inner sleep was cancelled`);
  }
  const result = await asyncio.timeout(1).with(async (scope) => {
    await asyncio.sleep(0.05);
    return `finished in time (deadline was ${(scope.when() - startedAt).toFixed(2)}s)`;
  });
  say(`timeout(1).with: ${result}`);
}

async function taskGroup() {
  section("A TaskGroup: one child fails, its siblings are cancelled");
  try {
    await new asyncio.TaskGroup().with(async (group) => {
      group.createTask(async () => {
        try {
          await asyncio.sleep(1);
          say("slow sibling finished (not printed)");
        } catch (error) {
          say("slow sibling: cancelled by the group");
          throw error;
        }
      });
      group.createTask(async () => {
        await asyncio.sleep(0.1);
        say("failing child: raising ValueError");
        throw new asyncio.ValueError("bad input");
      });
    });
  } catch (error) {
    const names = error.exceptions.map((inner) => `${inner.name}("${inner.message}")`).join(", ");
    say(`the group raised ${error.name}: [${names}]`);
  }
}

async function queueOfWorkers() {
  section("A queue of workers (asyncio.Queue)");
  const queue = new asyncio.Queue(3);
  const worker = async (name) => {
    for (;;) {
      const job = await queue.get();
      await asyncio.sleep(job.seconds);
      say(`${name} did ${job.name}`);
      queue.taskDone();
    }
  };
  const workers = ["w1", "w2"].map((name) => asyncio.createTask(() => worker(name)));
  for (const [index, seconds] of [0.1, 0.05, 0.02, 0.08, 0.03].entries()) {
    await queue.put({ name: `job-${index + 1}`, seconds });
  }
  await queue.join();
  say("queue.join(): every job done");
  for (const task of workers) task.cancel();
  await asyncio.gather(workers, { returnExceptions: true });
}

async function tcpEcho() {
  section("A TCP echo round trip (asyncio.start_server, open_connection)");
  const server = await asyncio.startServer(
    async (reader, writer) => {
      const line = await reader.readline();
      writer.write(line);
      await writer.drain();
      writer.close();
      await writer.waitClosed();
    },
    "127.0.0.1",
    0,
  );
  const [host, port] = server.sockets[0].getsockname();
  say(`server listening on ${host}:${port}`);
  const [reader, writer] = await asyncio.openConnection(host, port);
  writer.write(new TextEncoder().encode("hello, asyncio-ts\n"));
  await writer.drain();
  const echoed = new TextDecoder().decode(await reader.readline());
  say(`client got back: ${JSON.stringify(echoed)}`);
  writer.close();
  await writer.waitClosed();
  server.close();
  await server.waitClosed();
}

async function subprocess() {
  section("A subprocess (asyncio.create_subprocess_exec)");
  const child = await asyncio.createSubprocessExec(
    process.execPath,
    "-e",
    "console.log('hello from pid ' + process.pid)",
    { stdout: asyncio.PIPE },
  );
  const [stdout] = await child.communicate();
  say(`child said: ${new TextDecoder().decode(stdout).trim()}; exit code ${child.returncode}`);
}

await asyncio.run(async () => {
  startedAt = asyncio.getRunningLoop().time();
  await tasks();
  await cancellation();
  await timeouts();
  await taskGroup();
  await queueOfWorkers();
  await tcpEcho();
  await subprocess();
  console.log("\nDone.");
});
