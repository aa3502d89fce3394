import loop_choice  # noqa: F401  (uvloop when the harness asks)
import asyncio, time
COUNT = 1_000_000
async def main():
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    remaining = COUNT
    def step():
        nonlocal remaining
        remaining -= 1
        if remaining > 0:
            loop.call_soon(step)
        else:
            done.set_result(None)
    start = time.perf_counter()
    loop.call_soon(step)
    await done
    return (time.perf_counter() - start) * 1000
print(asyncio.run(main()))
