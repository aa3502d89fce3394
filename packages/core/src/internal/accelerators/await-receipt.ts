import type { AwaitedFuture } from "../awaited-future.js";
import type { ReadyItem } from "../ready-item.js";

/**
 * What `Future.then` returns for a compact await (compact-await.ts). V8 drops it. Code
 * that passed its own promise's resolving functions may chain on it: since those return
 * nothing, it fulfills with `undefined` once the future's outcome has been delivered: chained,
 * it becomes a callback of the future after the awaiter.
 */
export class AwaitReceipt implements PromiseLike<undefined>, ReadyItem {
  /** @internal */ declare readonly _cancelled: boolean;
  declare private settle: ((value: undefined) => void) | undefined;
  declare private promise: Promise<undefined> | undefined;

  constructor(private readonly future: AwaitedFuture) {}

  then<R1 = undefined, R2 = never>(
    onFulfilled?: ((value: undefined) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.chained().then(onFulfilled, onRejected);
  }

  catch<R = never>(onRejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<undefined | R> {
    return this.chained().catch(onRejected);
  }

  finally(onFinally?: (() => void) | null): Promise<undefined> {
    return this.chained().finally(onFinally);
  }

  /** @internal the future's outcome has been delivered */
  _run(): void {
    this.settle?.(undefined);
    this.settle = undefined;
  }

  toString(): string {
    return `<Await ${this.future.toString()}>`;
  }

  private chained(): Promise<undefined> {
    if (this.promise === undefined) {
      this.promise = new Promise<undefined>((resolve) => {
        this.settle = resolve;
      });
      if (this.future._isPending) this.future._addCallback(this);
      else this.future._loop._enqueue(this);
    }
    return this.promise;
  }
}

(AwaitReceipt.prototype as { _cancelled: boolean })._cancelled = false;
