// Shared tsup settings: every package ships ESM + CJS + declarations from src/index.ts.
import { defineConfig, type Options } from "tsup";

export function packageBuildConfig(overrides: Options = {}) {
  return defineConfig({
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    // Members tagged `@internal` are for the package itself: users' editors should not offer them.
    dts: { compilerOptions: { stripInternal: true } },
    sourcemap: true,
    clean: true,
    target: "node20",
    platform: "node",
    splitting: false,
    treeshake: false,
    // esbuild renames a class whose name another declaration in the bundle also uses
    // (`_Task`); users see class names in `String(task)`, stacks and error messages.
    keepNames: true,
    ...overrides,
  });
}
