// Shared vitest settings for every package. Tests resolve our own packages to their
// TypeScript sources (by package name, through aliases), so one package's tests run
// without building the others first, and every package sees the same module instances.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const workspaceRoot = dirname(fileURLToPath(import.meta.url));
const packagesDirectory = join(workspaceRoot, "packages");

function sourceAliases(): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const folder of readdirSync(packagesDirectory)) {
    const manifestPath = join(packagesDirectory, folder, "package.json");
    const entryPath = join(packagesDirectory, folder, "src", "index.ts");
    if (!existsSync(manifestPath) || !existsSync(entryPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { name: string };
    aliases[manifest.name] = entryPath;
  }
  return aliases;
}

function aliases(): Record<string, string> {
  // Shared test helpers (test-support/), never published: by name, like a package.
  return { ...sourceAliases(), "asyncio-ts-test-support": join(workspaceRoot, "test-support", "index.ts") };
}

export default defineConfig({
  resolve: {
    alias: Object.entries(aliases()).map(([find, replacement]) => ({
      // Exact match only: "asyncio-ts" must not swallow "@asyncio-ts/core".
      find: new RegExp(`^${find.replace(/[/\\^$*+?.()|[\]{}-]/g, "\\$&")}$`),
      replacement,
    })),
  },
  test: {
    include: ["test/**/*.test.ts"],
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
