# Items through an asyncio.Queue(100) from producers to consumers, for the queue_*.py workloads.
import loop_choice  # noqa: F401  (uvloop when the harness asks)
import asyncio, time

COUNT = 200_000


def measure(producers, consumers):
    async def main():
        queue = asyncio.Queue(100)

        async def produce():
            for index in range(COUNT // producers):
                await queue.put(index)

        async def consume():
            for _ in range(COUNT // consumers):
                await queue.get()

        start = time.perf_counter()
        await asyncio.gather(*([produce() for _ in range(producers)] + [consume() for _ in range(consumers)]))
        return (time.perf_counter() - start) * 1000

    print(asyncio.run(main()))
