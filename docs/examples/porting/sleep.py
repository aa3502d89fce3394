# asyncio docs, "Coroutines". TypeScript twin: sleep.mjs.
import asyncio


async def say_after(delay, what):
    await asyncio.sleep(delay)
    print(what)


async def main():
    print("started (awaited in turn)")
    await say_after(0.02, "hello")
    await say_after(0.01, "world")

    print("started (as tasks)")
    task1 = asyncio.create_task(say_after(0.02, "hello"))
    task2 = asyncio.create_task(say_after(0.01, "world"))
    await task1
    await task2
    print("finished")


asyncio.run(main())
