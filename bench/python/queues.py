import loop_choice  # noqa: F401  (uvloop when the harness asks)
import asyncio, time
COUNT = 200_000
async def main():
    start = time.perf_counter()
    for producers, consumers in ((1, 1), (10, 10)):
        queue = asyncio.Queue(100)
        per_producer = COUNT // 2 // producers
        async def produce():
            for index in range(per_producer):
                await queue.put(index)
        async def consume(items):
            for _ in range(items):
                await queue.get()
        jobs = [produce() for _ in range(producers)] + [consume(producers * per_producer // consumers) for _ in range(consumers)]
        await asyncio.gather(*jobs)
    return (time.perf_counter() - start) * 1000
print(asyncio.run(main()))
