// asyncio docs, "Subprocesses": run a shell command and collect its output. The docs run
// `ls /zzz`, whose message differs between systems; this command prints the same everywhere.
// Python twin: subprocess-shell.py.
import { createSubprocessShell, PIPE, run } from "asyncio-ts";

async function runCommand(cmd) {
  const proc = await createSubprocessShell(cmd, { stdout: PIPE, stderr: PIPE });
  const [stdout, stderr] = await proc.communicate();

  console.log(`[${JSON.stringify(cmd)} exited with ${proc.returncode}]`);
  if (stdout.length > 0) console.log(`[stdout]\n${Buffer.from(stdout).toString()}`);
  if (stderr.length > 0) console.log(`[stderr]\n${Buffer.from(stderr).toString()}`);
}

await run(async () => {
  await runCommand("echo hello; echo 'no such file' >&2; exit 2");
});
