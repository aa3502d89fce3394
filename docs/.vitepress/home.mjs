// The home pages' hero and feature boxes, per locale: set as the front matter of index.md and
// zh/index.md by config.mjs (written here, because Biome formats Markdown and would reflow YAML
// front matter into paragraphs).
export const home = {
  en: {
    hero: {
      name: "asyncio-ts",
      text: "Python's asyncio for TypeScript",
      tagline:
        "The event loop, tasks, cancellation, TaskGroup, timeouts, queues, locks, streams and subprocesses of CPython's asyncio, on Node.js 20 and later, behaving as CPython's do.",
      actions: [
        { theme: "brand", text: "Get started", link: "/getting-started" },
        { theme: "alt", text: "Porting guide", link: "/porting-guide" },
        { theme: "alt", text: "High-level API index", link: "/api-index" },
      ],
    },
    features: [
      {
        title: "Python's exact cancellation, on async/await",
        details:
          "task.cancel() throws CancelledError out of the very await where Python would throw it, with the same message, cancelling() count and uncancel(). Each task also carries an AbortSignal for the fetch or fs call it is waiting on.",
        link: "/cancellation",
        linkText: "How cancellation works",
      },
      {
        title: "TaskGroup and timeouts",
        details:
          "TaskGroup, timeout, waitFor, gather, shield, wait and asCompleted with Python 3.12's semantics, ExceptionGroup included. async with becomes await x.with(async (x) => ...).",
        link: "/getting-started#cancellation-and-timeouts",
        linkText: "Cancellation and timeouts",
      },
      {
        title: "Streams and subprocesses",
        details:
          "openConnection, startServer, StreamReader and StreamWriter with drain() backpressure; createSubprocessExec and createSubprocessShell with pipes and communicate(); Queue, Lock, Event, Semaphore, Barrier.",
        link: "/api-index",
        linkText: "The high-level API index",
      },
      {
        title: "Close to plain Node's speed",
        details:
          "Tasks, task groups, timers and echo round trips reach 0.6× to 0.8× the throughput of the same work written with plain Node promises, and 2× to 4× CPython asyncio's; a pending task takes about 1 kB.",
        link: "/benchmarks",
        linkText: "The benchmarks",
      },
    ],
  },
};
