import loop_choice  # noqa: F401  (uvloop when the harness asks)
import asyncio, time
COUNT, PRODUCERS, CONSUMERS = 200_000, 1, 1
async def main():
    queue = asyncio.Queue(100)
    async def produce():
        for index in range(COUNT // PRODUCERS):
            await queue.put(index)
    async def consume():
        for _ in range(COUNT // CONSUMERS):
            await queue.get()
    start = time.perf_counter()
    await asyncio.gather(*([produce() for _ in range(PRODUCERS)] + [consume() for _ in range(CONSUMERS)]))
    return (time.perf_counter() - start) * 1000
print(asyncio.run(main()))
