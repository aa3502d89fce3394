/**
 * @asyncio-ts/core: the event loop, Future, Task, `run`/`Runner`, contextvars and every
 * asyncio exception.
 *
 * @packageDocumentation
 */
export * from "./exceptions/index.js";
export { Context, copyContext } from "./context.js";
export { ContextVar, Token, type ContextVarOptions } from "./context-var.js";
export type { Coroutine, AwaitableLike } from "./coroutine.js";
export { Future, isFuture, type DoneCallback, type FutureOptions } from "./future.js";
export { Handle, TimerHandle } from "./handle.js";
export {
  EventLoop,
  type ExceptionContext,
  type ExceptionHandler,
  type Executor,
  type TaskFactory,
} from "./event-loop.js";
export { getRunningLoop, getEventLoop, setEventLoop, newEventLoop } from "./running-loop.js";
export { VirtualTimeLoop } from "./virtual-time-loop.js";
export { Task, type TaskOptions, type TaskConstructorOptions } from "./task.js";
export { createTask } from "./create-task.js";
export {
  eagerTaskFactory,
  createEagerTaskFactory,
  type EagerTaskFactory,
  type TaskConstructor,
} from "./eager-task-factory.js";
export { CoroutineCall, callCoroutine } from "./coroutine-call.js";
export { currentTask } from "./current-task.js";
export { cancellationOf } from "./cancellation-of.js";
export { allTasks } from "./all-tasks.js";
export { ensureFuture } from "./ensure-future.js";
export { sleep } from "./sleep.js";
export { run, type RunOptions } from "./run.js";
export { Runner, type RunnerOptions, type RunnerRunOptions } from "./runner.js";
export {
  ThreadPoolExecutor,
  type ThreadPoolExecutorOptions,
  type ShutdownOptions,
  type WorkerFunction,
  type WorkerModuleFunction,
} from "./thread-pool-executor.js";
export { ConcurrentFuture } from "./concurrent-future.js";
export { wrapFuture, type ExecutorFuture } from "./wrap-future.js";
export { RemoteEventLoop } from "./remote-event-loop.js";
export type { ThreadsafeFunctions } from "./internal/thread-loop-handle.js";
export { BaseProtocol } from "./protocols/base-protocol.js";
export { Protocol } from "./protocols/protocol.js";
export { BufferedProtocol } from "./protocols/buffered-protocol.js";
export { DatagramProtocol } from "./protocols/datagram-protocol.js";
export { SubprocessProtocol } from "./protocols/subprocess-protocol.js";
export { BaseTransport } from "./transports/base-transport.js";
export { ReadTransport } from "./transports/read-transport.js";
export { WriteTransport, type WriteBufferLimits } from "./transports/write-transport.js";
export { Transport } from "./transports/transport.js";
export { DatagramTransport } from "./transports/datagram-transport.js";
export { SubprocessTransport } from "./transports/subprocess-transport.js";
export { TransportSocket } from "./transports/transport-socket.js";
export { AddressFamily, SocketKind, type AddressInfo, type SocketAddress } from "./transports/address-family.js";
export { Server } from "./server.js";
export { StreamReader, DEFAULT_LIMIT, type StreamReaderOptions } from "./streams/stream-reader.js";
export { StreamWriter, type StreamWriterStartTlsOptions } from "./streams/stream-writer.js";
export { StreamReaderProtocol, type ClientConnectedCallback } from "./streams/stream-reader-protocol.js";
export { FlowControlMixin } from "./streams/flow-control-mixin.js";
export type {
  GetaddrinfoOptions,
  CreateConnectionOptions,
  CreateUnixConnectionOptions,
  StartTlsOptions,
  CreateServerOptions,
  CreateUnixServerOptions,
  CreateDatagramEndpointOptions,
  ReadPipe,
  WritePipe,
  SSLOption,
} from "./internal/net-loop-methods.js";
export { PIPE, STDOUT, DEVNULL } from "./internal/subprocess-constants.js";
export type { SubprocessOptions, SubprocessStdio } from "./internal/subprocess-options.js";
export {
  captureCallGraph,
  formatCallGraph,
  printCallGraph,
  futureAddToAwaitedBy,
  futureDiscardFromAwaitedBy,
  type CallGraphOptions,
  type PrintCallGraphOptions,
  type TextOutput,
  type FrameCallGraphEntry,
  type FutureCallGraph,
  type FutureStateName,
} from "./call-graph.js";
export { watchHold, type HoldWatch } from "./hold-watch.js";
export { Waiter } from "./waiter.js";
export { WaiterQueue } from "./waiter-queue.js";
export { doneFuture, failedFuture } from "./done-future.js";
export { bindLoop } from "./bind-loop.js";
export {
  captureTaskTree,
  formatTaskTree,
  printTaskTree,
  setWaitDescription,
  type PrintTaskTreeOptions,
  type TaskTree,
  type TaskTreeNode,
  type FormatTaskTreeOptions,
} from "./task-tree.js";
