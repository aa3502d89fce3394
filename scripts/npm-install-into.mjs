// Installs one npm package into a scratch folder of the repository (.node24/, .runtimes/<name>/),
// for the scripts that fetch runtimes. Plain Node, no dependencies.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";

/**
 * `npm install spec` into `prefix`, without touching any package.json or lock file. npm's own
 * output goes to stderr, so a script whose stdout is its answer stays clean. Says what it runs,
 * prefixed with `tag`, and says so when npm fails; the caller checks for the binary afterwards.
 */
export function npmInstallInto(prefix, spec, tag) {
  mkdirSync(prefix, { recursive: true });
  console.error(`${tag}: npm install --prefix ${prefix} ${spec}`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const result = spawnSync(
    npm,
    [
      "install",
      "--prefix",
      prefix,
      "--no-save",
      "--no-package-lock",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      spec,
    ],
    { stdio: ["ignore", process.stderr, "inherit"], cwd: prefix, shell: process.platform === "win32" },
  );
  if (result.status !== 0) console.error(`${tag}: npm install ${spec} exited with ${result.status ?? result.signal}`);
}
