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
        title: "Measured against plain Node and CPython",
        details:
          "Timers, echo round trips and bulk transfers reach 0.77× to 0.95× the throughput of the same work written with plain Node, and 1.7× to 4.4× CPython asyncio's; workloads of 100,000 tasks 0.39× to 0.55× plain promises' (1.2× to 2.3× CPython's). A pending task takes 1.1 to 1.4 kB.",
        link: "/benchmarks",
        linkText: "The benchmarks",
      },
    ],
  },
  zh: {
    hero: {
      name: "asyncio-ts",
      text: "TypeScript 上的 Python asyncio",
      tagline:
        "CPython asyncio 的事件循环、任务、取消、TaskGroup、超时、队列、锁、流和子进程，运行在 Node.js 20 及更高版本上，行为与 CPython 一致。",
      actions: [
        { theme: "brand", text: "入门", link: "/zh/getting-started" },
        { theme: "alt", text: "高层级 API 索引", link: "/zh/api-index" },
        { theme: "alt", text: "移植指南", link: "/zh/porting-guide" },
      ],
    },
    features: [
      {
        title: "在 async/await 上精确还原 Python 的取消",
        details:
          "task.cancel() 恰好在 Python 会抛出 CancelledError 的那个 await 处抛出它，带有相同的消息、cancelling() 计数和 uncancel()。每个任务还带有一个 AbortSignal，用于它正在等待的 fetch 或 fs 调用。",
        link: "/zh/cancellation",
        linkText: "取消如何工作",
      },
      {
        title: "TaskGroup 与超时",
        details:
          "TaskGroup、timeout、waitFor、gather、shield、wait 和 asCompleted，具有 Python 3.12 的语义，包括 ExceptionGroup。async with 写作 await x.with(async (x) => ...)。",
        link: "/zh/getting-started#取消与超时",
        linkText: "取消与超时",
      },
      {
        title: "流与子进程",
        details:
          "openConnection、startServer、带 drain() 背压的 StreamReader 和 StreamWriter；带管道和 communicate() 的 createSubprocessExec 与 createSubprocessShell；Queue、Lock、Event、Semaphore、Barrier。",
        link: "/zh/api-index",
        linkText: "高层级 API 索引",
      },
      {
        title: "与原生 Node 和 CPython 对比实测",
        details:
          "定时器、回显往返和大块传输的吞吐量达到用原生 Node 编写的同样工作的 0.77 到 0.95 倍，是 CPython asyncio 的 1.7 到 4.4 倍；10 万个任务的工作负载为原生 promise 的 0.39 到 0.55 倍（CPython 的 1.2 到 2.3 倍）。一个挂起的任务占 1.1 到 1.4 kB。",
        link: "/benchmarks",
        linkText: "基准测试（英文）",
      },
    ],
  },
};
