// Shared tsup settings: every package ships ESM + CJS + declarations from src/index.ts.
import { defineConfig, type Options } from "tsup";

export function packageBuildConfig(overrides: Options = {}) {
  return defineConfig({
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "node20",
    platform: "node",
    splitting: false,
    treeshake: false,
    ...overrides,
  });
}
