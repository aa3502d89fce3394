import asyncio
from blocked import measure  # imports loop_choice first (uvloop when the harness asks)


async def setup():
    gate = asyncio.get_running_loop().create_future()

    async def unblock():
        gate.set_result(None)

    return dict(block=lambda: gate, unblock=unblock)


measure(setup)
