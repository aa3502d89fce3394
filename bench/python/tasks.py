import loop_choice  # noqa: F401  (uvloop when the harness asks)
import asyncio, time
COUNT = 100_000
async def main():
    async def one(index):
        await asyncio.sleep(0)
        return index
    start = time.perf_counter()
    tasks = [asyncio.create_task(one(index)) for index in range(COUNT)]
    for task in tasks:
        await task
    return (time.perf_counter() - start) * 1000
print(asyncio.run(main()))
