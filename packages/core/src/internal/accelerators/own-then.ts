/**
 * Gives a Future subclass its own `then`, the same function it inherits. An engine looks `then`
 * up on every `await` of a thenable; found on the object's first prototype, the lookup is
 * shorter than one that climbs to Future's. The same function is found either way, so the
 * language itself guarantees the same behaviour: no probe is needed.
 */
export function defineOwnThen(subclass: { readonly prototype: object }): void {
  const then = (subclass.prototype as { then?: unknown }).then;
  if (typeof then !== "function") return;
  Object.defineProperty(subclass.prototype, "then", {
    value: then,
    writable: true,
    configurable: true,
    enumerable: false,
  });
}
