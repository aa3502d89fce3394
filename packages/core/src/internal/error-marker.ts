/**
 * Recognition of asyncio-ts error classes across duplicate copies of the package.
 *
 * Two copies of `@asyncio-ts/core` in one process (a bundled copy next to an installed
 * one, an ESM and a CommonJS build, ...) define different class objects, so plain
 * `instanceof` would not recognise the other copy's errors. Each error class therefore
 * marks its prototype with `Symbol.for("asyncio-ts.error.<ClassName>")`, and its
 * `isInstance` and `Symbol.hasInstance` check that marker instead of the prototype chain.
 * A subclass carries the markers of all its marked ancestors through the prototype chain,
 * so a `BrokenBarrierError` is an instance of `RuntimeError` but not the other way round.
 *
 * @module
 */

/** Any class whose instances are errors. */
type AnyErrorClass = abstract new (...args: never[]) => Error;

const ordinaryHasInstance = Function.prototype[Symbol.hasInstance];

/**
 * The global-registry symbol that marks instances of the asyncio-ts class `className`.
 */
export function errorMarker(className: string): symbol {
  return Symbol.for(`asyncio-ts.error.${className}`);
}

/**
 * Whether `value` carries `marker`, own or inherited.
 */
export function hasErrorMarker(value: unknown, marker: symbol): boolean {
  return typeof value === "object" && value !== null && (value as { readonly [key: symbol]: unknown })[marker] === true;
}

/**
 * Marks `errorClass` as the asyncio-ts class `className`: sets `name` and the marker on its
 * prototype and installs the static `isInstance` and `Symbol.hasInstance` (one shared
 * function, so `errors.filter(CancelledError.isInstance)` works unbound).
 *
 * Call it once per class, from a `static {}` block. A user subclass that does not call it
 * inherits the two statics; they then fall back to the ordinary prototype-chain check, so
 * `x instanceof MySubclass` is not true for every instance of the base class.
 */
export function markErrorClass(errorClass: AnyErrorClass, className: string): void {
  const marker = errorMarker(className);
  const prototype = errorClass.prototype as object;
  Object.defineProperty(prototype, marker, { value: true });
  Object.defineProperty(prototype, "name", { value: className, writable: true, configurable: true });

  function isInstance(this: unknown, value: unknown): boolean {
    return typeof this === "function" && this !== errorClass
      ? ordinaryHasInstance.call(this, value)
      : hasErrorMarker(value, marker);
  }
  Object.defineProperty(isInstance, "name", { value: "isInstance" });
  Object.defineProperty(errorClass, "isInstance", { value: isInstance, writable: true, configurable: true });
  Object.defineProperty(errorClass, Symbol.hasInstance, { value: isInstance, configurable: true });
}
