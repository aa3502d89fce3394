// Runs every TypeScript example of a package's README and compares what it prints with the
// `text` block that follows it, so the README's examples stay runnable and true.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { format } from "node:util";
import { afterAll, describe, expect, it, vi } from "vitest";

/** Declares the README tests of the package whose README is at `readmeUrl`. */
export function describeReadmeExamples(readmeUrl: URL): void {
  const blocks = [...readFileSync(fileURLToPath(readmeUrl), "utf8").matchAll(/```(\w+)\n([\s\S]*?)```/g)].map(
    (match) => ({
      language: match[1],
      code: match[2] ?? "",
    }),
  );
  const examples = blocks.flatMap((block, index) => {
    // Examples that load a sibling module (`new URL("./work.js", import.meta.url)`) need files
    // the README does not ship: they are shown, not run.
    if (block.language !== "ts" || !block.code.startsWith("import ") || block.code.includes('new URL("./')) return [];
    const next = blocks[index + 1];
    return [{ index, code: block.code, output: next?.language === "text" ? next.code : undefined }];
  });
  const folder = mkdtempSync(join(tmpdir(), "asyncio-ts-readme-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  describe("README examples", () => {
    it("has examples", () => {
      expect(examples.length).toBeGreaterThan(3);
    });

    it.each(examples)(
      "example at block $index runs and prints what the README says",
      async ({ index, code, output }) => {
        const file = join(folder, `example-${index}.ts`);
        writeFileSync(file, code);
        const printed: string[] = [];
        const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
          printed.push(format(...args));
        });
        try {
          await import(/* @vite-ignore */ pathToFileURL(file).href);
        } finally {
          spy.mockRestore();
        }
        if (output !== undefined) expect(printed.join("\n")).toBe(output.trimEnd());
      },
    );
  });
}
