/**
 * What asyncio calls a coroutine, the TypeScript way: a function of no arguments that returns
 * a promise, such as an `async` function. The library calls it inside the Task that runs it,
 * so `currentTask()` and cancellation work in it.
 *
 * @example
 * ```ts
 * const coro: Coroutine<User> = () => fetchUser(id);
 * const task = createTask(coro);
 * ```
 */
export type Coroutine<T> = () => PromiseLike<T>;

/** Anything asyncio accepts as an awaitable: a coroutine function, a Future or Task, or any promise. */
export type AwaitableLike<T> = Coroutine<T> | PromiseLike<T>;
