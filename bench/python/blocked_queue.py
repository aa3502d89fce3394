import asyncio
from blocked import COUNT, measure  # imports loop_choice first (uvloop when the harness asks)


async def setup():
    queue = asyncio.Queue()

    async def unblock():
        for index in range(COUNT):
            queue.put_nowait(index)

    return dict(block=queue.get, unblock=unblock)


measure(setup)
