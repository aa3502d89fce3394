import loop_choice  # noqa: F401  (uvloop when the harness asks)
import asyncio, time
TASKS, ROUNDS, PERMITS = 1_000, 100, 10
async def main():
    semaphore = asyncio.Semaphore(PERMITS)
    start = time.perf_counter()
    async def worker():
        for _ in range(ROUNDS):
            async with semaphore:
                await asyncio.sleep(0)
    await asyncio.gather(*(worker() for _ in range(TASKS)))
    return (time.perf_counter() - start) * 1000
print(asyncio.run(main()))
