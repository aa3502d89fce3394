import asyncio
from blocked import measure  # imports loop_choice first (uvloop when the harness asks)


async def setup():
    semaphore = asyncio.Semaphore(0)

    async def unblock():
        # One permit, handed on by each task once it has it: releasing 100,000 permits at once
        # costs CPython's _wake_up_next quadratic time.
        semaphore.release()

    return dict(block=semaphore.acquire, after=semaphore.release, unblock=unblock)


measure(setup)
