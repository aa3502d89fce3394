# asyncio docs, "Synchronization Primitives": Lock and Semaphore, as `async with`.
# TypeScript twin: semaphore-lock.mjs.
import asyncio


async def main():
    # At most two jobs at a time.
    semaphore = asyncio.Semaphore(2)
    running = 0
    most = 0

    async def limited(n):
        nonlocal running, most
        async with semaphore:
            running += 1
            most = max(most, running)
            await asyncio.sleep(0.01)
            running -= 1
            return n * n

    squares = await asyncio.gather(*(limited(n) for n in [1, 2, 3, 4, 5]))
    print("squares:", " ".join(map(str, squares)), "- at most", most, "at once")

    # A lock keeps a read-modify-write with an await in the middle atomic.
    lock = asyncio.Lock()
    counter = 0

    async def increment():
        nonlocal counter
        async with lock:
            seen = counter
            await asyncio.sleep(0.001)
            counter = seen + 1

    tasks = [asyncio.create_task(increment()) for _ in range(5)]
    await asyncio.gather(*tasks)
    print("counter:", counter, "- locked now:", "true" if lock.locked() else "false")


asyncio.run(main())
