# Heap bytes per task blocked in one primitive (tracemalloc), for the blocked_*.py workloads:
# 100,000 tasks each wait once, measured after a collection, then all are let go.
import loop_choice  # noqa: F401  (uvloop when the harness asks)
import asyncio, gc, tracemalloc

COUNT = 100_000


def measure(setup):
    """setup() -> dict(block, unblock, before=None, after=None): each task awaits before() if
    given, then block(), then calls after() if given; unblock() lets them all go."""

    async def main():
        parts = await setup()
        before, block, after = parts.get("before"), parts["block"], parts.get("after")

        async def one(index):
            if before is not None:
                await before()
            await block()
            if after is not None:
                after()
            return index

        gc.collect()
        tracemalloc.start()
        start = tracemalloc.get_traced_memory()[0]
        tasks = [asyncio.create_task(one(index)) for index in range(COUNT)]
        await asyncio.sleep(0.02)
        gc.collect()
        end = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        await parts["unblock"]()
        await asyncio.gather(*tasks)
        return (end - start) / COUNT

    print(asyncio.run(main()))
