import loop_choice  # noqa: F401  (uvloop when the harness asks)
import asyncio, time
COUNT, CONCURRENCY = 300, 8
async def main():
    limit = asyncio.Semaphore(CONCURRENCY)
    async def one():
        async with limit:
            child = await asyncio.create_subprocess_exec("/bin/true")
            assert await child.wait() == 0
    start = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(COUNT)))
    return (time.perf_counter() - start) * 1000
print(asyncio.run(main()))
