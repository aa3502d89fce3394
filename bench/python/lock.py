import loop_choice  # noqa: F401  (uvloop when the harness asks)
import asyncio, time
TASKS, ROUNDS = 1_000, 100
async def main():
    lock = asyncio.Lock()
    start = time.perf_counter()
    async def worker():
        for _ in range(ROUNDS):
            async with lock:
                await asyncio.sleep(0)
    await asyncio.gather(*(worker() for _ in range(TASKS)))
    return (time.perf_counter() - start) * 1000
print(asyncio.run(main()))
