import loop_choice  # noqa: F401  (uvloop when the harness asks)
import asyncio, time
COUNT = 100_000
async def main():
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    remaining = COUNT
    def fire():
        nonlocal remaining
        remaining -= 1
        if remaining == 0:
            done.set_result(None)
    spread = [(index * 7919) % 10_000 / 1_000_000 for index in range(COUNT)]
    start = time.perf_counter()
    for delay in spread:
        loop.call_later(delay, fire)
    await done
    return (time.perf_counter() - start) * 1000
print(asyncio.run(main()))
