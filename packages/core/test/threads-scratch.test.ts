import { test } from "vitest";
test("src", () => {
  function outer(a: number) { function inner(b: number) { return b + 1; } const f = (x: number) => x; class K {} return inner(a) + f(1) + String(K); }
  console.log(outer.toString());
  console.log((async function named() { return 1; }).toString());
  console.log(({ method(x: number) { return x; } }).method.toString());
});
