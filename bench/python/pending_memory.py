import loop_choice  # noqa: F401  (uvloop when the harness asks)
import asyncio, gc, tracemalloc
COUNT = 100_000
async def main():
    gate = asyncio.Event()
    async def one(index):
        await gate.wait()
        return index
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    tasks = [asyncio.create_task(one(index)) for index in range(COUNT)]
    await asyncio.sleep(0.02)
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    gate.set()
    await asyncio.gather(*tasks)
    return (after - before) / COUNT
print(asyncio.run(main()))
