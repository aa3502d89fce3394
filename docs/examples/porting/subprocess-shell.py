# asyncio docs, "Subprocesses": run a shell command and collect its output.
# TypeScript twin: subprocess-shell.mjs.
import asyncio
import json


async def run(cmd):
    proc = await asyncio.create_subprocess_shell(
        cmd, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    stdout, stderr = await proc.communicate()

    print(f"[{json.dumps(cmd)} exited with {proc.returncode}]")
    if stdout:
        print(f"[stdout]\n{stdout.decode()}")
    if stderr:
        print(f"[stderr]\n{stderr.decode()}")


asyncio.run(run("echo hello; echo 'no such file' >&2; exit 2"))
