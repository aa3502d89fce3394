import asyncio
from blocked import measure  # imports loop_choice first (uvloop when the harness asks)


async def setup():
    event = asyncio.Event()

    async def unblock():
        event.set()

    return dict(block=event.wait, unblock=unblock)


measure(setup)
