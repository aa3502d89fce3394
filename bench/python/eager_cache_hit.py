import loop_choice  # noqa: F401  (uvloop when the harness asks)
import asyncio, os, shutil, sys, time

# asyncio.eager_task_factory is Python 3.12+: an older python3 hands over to a newer one, the one
# ASYNCIO_TS_BENCH_PYTHON names or else the first found on PATH or among pyenv's versions.
def newer_python():
    import glob, subprocess
    candidates = [os.environ.get("ASYNCIO_TS_BENCH_PYTHON"), shutil.which("python3.13"), shutil.which("python3.12")]
    pyenv_root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    candidates += sorted(glob.glob(os.path.join(pyenv_root, "versions", "3.1[2-9]*", "bin", "python3")), reverse=True)
    probe = "import asyncio; asyncio.eager_task_factory"
    for candidate in candidates:
        if candidate and subprocess.run([candidate, "-c", probe], capture_output=True).returncode == 0:
            return candidate
    return None

if not hasattr(asyncio, "eager_task_factory"):
    if os.environ.get("ASYNCIO_TS_BENCH_UVLOOP"):
        sys.exit("eager_cache_hit.py: uvloop runs here on Python %s, which has no eager_task_factory" % sys.version.split()[0])
    newer = newer_python()
    if newer is None:
        sys.exit("eager_cache_hit.py: needs Python 3.12 or later (asyncio.eager_task_factory)")
    os.execv(newer, [newer, *sys.argv])

COUNT = 100_000
cache = {"key": 1}

async def lookup(key):
    return cache[key]

async def main():
    asyncio.get_running_loop().set_task_factory(asyncio.eager_task_factory)
    start = time.perf_counter()
    tasks = [asyncio.create_task(lookup("key")) for _ in range(COUNT)]
    for task in tasks:
        await task
    return (time.perf_counter() - start) * 1000

print("eager_cache_hit.py on Python", sys.version.split()[0], file=sys.stderr)
print(asyncio.run(main()))
