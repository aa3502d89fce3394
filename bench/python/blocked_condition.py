import asyncio
from blocked import measure  # imports loop_choice first (uvloop when the harness asks)


async def setup():
    condition = asyncio.Condition()

    async def unblock():
        async with condition:
            condition.notify_all()

    return dict(before=condition.acquire, block=condition.wait, after=condition.release, unblock=unblock)


measure(setup)
