/**
 * Python's `<` on the values a TypeScript program puts in a priority queue, so that
 * `PriorityQueue` orders items as CPython's `heapq` orders Python values:
 *
 * - numbers, bigints and booleans compare by value with each other (Python's `int`,
 *   `float` and `bool` are one numeric tower);
 * - strings compare by Unicode code point (Python's `str` order; JavaScript's `<` compares
 *   UTF-16 code units, which differs past U+FFFF);
 * - arrays compare as Python compares tuples: the first pair of elements that are not equal
 *   decides, else the shorter array is smaller;
 * - anything else (objects, `null`, `undefined`, mixed kinds such as a number and a string)
 *   throws `TypeError`, as Python's `'<' not supported between instances of ...` does.
 *
 * @internal
 * @module
 */

const enum Kind {
  Numeric,
  String,
  Array,
  Other,
}

function kindOf(value: unknown): Kind {
  switch (typeof value) {
    case "number":
    case "bigint":
    case "boolean":
      return Kind.Numeric;
    case "string":
      return Kind.String;
    default:
      return Array.isArray(value) ? Kind.Array : Kind.Other;
  }
}

/** The name a TypeScript user knows the value's type by, for error messages. */
function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "Array";
  if (typeof value === "object") {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === "string" && name !== "" ? name : "Object";
  }
  return typeof value;
}

function notSupported(a: unknown, b: unknown): TypeError {
  return new TypeError(`'<' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

/** A UTF-16 code unit, remapped so that code-unit order matches code-point order. */
function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000; // surrogates encode code points above U+FFFF
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

function stringLess(a: string, b: string): boolean {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const left = a.charCodeAt(index);
    const right = b.charCodeAt(index);
    if (left !== right) return codePointRank(left) < codePointRank(right);
  }
  return a.length < b.length;
}

/** Python's `==` as tuple comparison uses it: identity first, then value for what compares by value. */
function pythonEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  const kind = kindOf(a);
  if (kind !== kindOf(b)) return false;
  switch (kind) {
    case Kind.Numeric:
      // Loose equality is exact across number, bigint and boolean (1 == 1n, true == 1).
      // biome-ignore lint/suspicious/noDoubleEquals: loose equality is the comparison wanted here
      return a == b;
    case Kind.Array: {
      const left = a as unknown[];
      const right = b as unknown[];
      if (left.length !== right.length) return false;
      for (let index = 0; index < left.length; index++) {
        if (!pythonEqual(left[index], right[index])) return false;
      }
      return true;
    }
    default:
      return false; // strings are equal only if identical (Object.is above); objects by identity
  }
}

/**
 * `a < b` with Python's semantics (see the module comment); throws `TypeError` when Python
 * would.
 *
 * @internal
 */
export function pythonLess(a: unknown, b: unknown): boolean {
  const kind = kindOf(a);
  if (kind !== kindOf(b)) throw notSupported(a, b);
  switch (kind) {
    case Kind.Numeric:
      // `<` is exact between number and bigint; a boolean counts as 0 or 1, as in Python.
      return (
        (typeof a === "boolean" ? Number(a) : (a as number | bigint)) <
        (typeof b === "boolean" ? Number(b) : (b as number | bigint))
      );
    case Kind.String:
      return stringLess(a as string, b as string);
    case Kind.Array: {
      const left = a as unknown[];
      const right = b as unknown[];
      const length = Math.min(left.length, right.length);
      for (let index = 0; index < length; index++) {
        if (!pythonEqual(left[index], right[index])) return pythonLess(left[index], right[index]);
      }
      return left.length < right.length;
    }
    default:
      throw notSupported(a, b);
  }
}
