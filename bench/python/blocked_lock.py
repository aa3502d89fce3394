import asyncio
from blocked import measure  # imports loop_choice first (uvloop when the harness asks)


async def setup():
    lock = asyncio.Lock()
    await lock.acquire()

    async def unblock():
        lock.release()

    return dict(block=lock.acquire, after=lock.release, unblock=unblock)


measure(setup)
