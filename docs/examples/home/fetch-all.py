import asyncio


async def fetch(name, delay):
    await asyncio.sleep(delay)
    return f"{name} done"


async def main():
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(fetch("a", 0.02))
        b = tg.create_task(fetch("b", 0.01))
    print(a.result(), "/", b.result())

    try:
        async with asyncio.timeout(0.01):
            await fetch("slow", 3600)
    except TimeoutError:
        print("slow: timed out")


asyncio.run(main())
