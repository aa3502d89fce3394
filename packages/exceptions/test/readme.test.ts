// Runs every README example that starts with an import, and checks what it prints against
// its `// → ` comments.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { format } from "node:util";
import { afterAll, describe, expect, it, vi } from "vitest";

const readme = readFileSync(fileURLToPath(new URL("../README.md", import.meta.url)), "utf8");
const examples = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)]
  .map((match) => match[1]!)
  .filter((code) => code.startsWith("import "));

const directory = mkdtempSync(join(tmpdir(), "asyncio-ts-readme-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe("README examples", () => {
  it("has runnable examples", () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });

  it.each(examples.map((code, index) => [index + 1, code] as const))(
    "example %i prints what it says",
    async (index, code) => {
      const expected = [...code.matchAll(/^\/\/ → (.*)$/gm)].map((match) => match[1]);
      expect(expected.length).toBeGreaterThan(0);
      const file = join(directory, `example-${index}.ts`);
      writeFileSync(file, code);
      const printed: string[] = [];
      const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
        printed.push(format(...args));
      });
      try {
        await import(pathToFileURL(file).href);
      } finally {
        spy.mockRestore();
      }
      expect(printed).toEqual(expected);
    },
  );
});
