// Shared tsup settings: every package ships ESM + CJS + declarations from src/index.ts.
import { defineConfig, type Options } from "tsup";
import { restoreClassNamesPlugin } from "./scripts/restore-class-names.ts";

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
    // esbuild names a class that refers to itself `_Task`; the plugin gives it its name back.
    // Not `keepNames`: it redefines each class's `name`, which makes V8 keep the constructor in
    // dictionary mode, and `new` and `instanceof` of every class slower.
    plugins: [restoreClassNamesPlugin()],
    ...overrides,
  });
}
