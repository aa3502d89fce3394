// The umbrella must re-export every public name of every member package.
//
// Member packages are found generically: every folder under packages/ whose package.json
// names an @asyncio-ts/* package. A new package is covered by this test the moment it has a
// src/index.ts, and the test fails until the umbrella lists it (dependency + `export *`).
//
// Two checks:
// - values: each runtime export of a member is exported by the umbrella as the very same
//   object (same module instance, not a copy);
// - types: each exported name, interfaces and type aliases included, is exported by the
//   umbrella, as the TypeScript checker sees the sources.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import * as umbrella from "../src/index.js";

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const packagesDirectory = join(packageRoot, "..");
const umbrellaManifest = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as {
  name: string;
  dependencies?: Record<string, string>;
};

interface Member {
  name: string;
  entry: string;
}

function findMembers(): Member[] {
  const members: Member[] = [];
  for (const folder of readdirSync(packagesDirectory).sort()) {
    const manifestPath = join(packagesDirectory, folder, "package.json");
    const entry = join(packagesDirectory, folder, "src", "index.ts");
    if (!existsSync(manifestPath) || !existsSync(entry)) continue;
    const { name } = JSON.parse(readFileSync(manifestPath, "utf8")) as { name: string };
    if (name === umbrellaManifest.name || !name.startsWith("@asyncio-ts/")) continue;
    members.push({ name, entry });
  }
  return members;
}

const members = findMembers();

describe("the umbrella package re-exports every member package", () => {
  it("finds the member packages", () => {
    expect(members.map((member) => member.name)).toContain("@asyncio-ts/core");
  });

  describe.each(members)("$name", (member) => {
    it("is a dependency of the umbrella", () => {
      expect(umbrellaManifest.dependencies?.[member.name], `add "${member.name}": "workspace:^" to dependencies`).toBe(
        "workspace:^",
      );
    });

    it("exports every runtime value through the umbrella, as the same object", async () => {
      // Imported by package name: vitest.shared.ts aliases it to the package's source.
      const namespace = (await import(/* @vite-ignore */ member.name)) as Record<string, unknown>;
      expect(Object.keys(namespace), `${member.name} must not have a default export (export * skips it)`).not.toContain(
        "default",
      );
      const umbrellaValues = umbrella as Record<string, unknown>;
      const missing = Object.keys(namespace).filter((name) => !(name in umbrellaValues));
      expect(missing, `not re-exported by ${umbrellaManifest.name}`).toEqual([]);
      const different = Object.keys(namespace).filter((name) => umbrellaValues[name] !== namespace[name]);
      expect(different, `re-exported as a different object by ${umbrellaManifest.name}`).toEqual([]);
    });
  });

  // Type-checking every package's sources takes seconds, many more on a loaded machine: the
  // limit is only a safety net.
  it("exports every name, types included, as the type checker sees it", { timeout: 300_000 }, () => {
    // Resolve each of our packages to its source, as the test runner does.
    const paths: Record<string, string[]> = {};
    for (const member of members) paths[member.name] = [member.entry];
    const umbrellaEntry = join(packageRoot, "src", "index.ts");
    const program = ts.createProgram({
      rootNames: [umbrellaEntry, ...members.map((member) => member.entry)],
      options: {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        strict: true,
        skipLibCheck: true,
        noEmit: true,
        types: ["node"],
        paths,
      },
    });
    const checker = program.getTypeChecker();
    const exportedNames = (file: string): Set<string> => {
      const source = program.getSourceFile(file);
      if (source === undefined) throw new Error(`TypeScript did not load ${file}`);
      const moduleSymbol = checker.getSymbolAtLocation(source);
      if (moduleSymbol === undefined) return new Set();
      return new Set(checker.getExportsOfModule(moduleSymbol).map((symbol) => symbol.getName()));
    };
    const umbrellaNames = exportedNames(umbrellaEntry);
    const missing: string[] = [];
    for (const member of members) {
      for (const name of exportedNames(member.entry)) {
        if (name !== "default" && !umbrellaNames.has(name)) missing.push(`${member.name}: ${name}`);
      }
    }
    expect(missing, `not re-exported by ${umbrellaManifest.name}`).toEqual([]);
  });
});
