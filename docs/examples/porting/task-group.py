# asyncio docs, "Task Groups". TypeScript twin: task-group.mjs.
import asyncio


async def some_coro(result, delay):
    await asyncio.sleep(delay)
    return result


async def main():
    async with asyncio.TaskGroup() as tg:
        task1 = tg.create_task(some_coro("one", 0.02))
        task2 = tg.create_task(some_coro("two", 0.01))
    print(f"Both tasks have completed now: {task1.result()}, {task2.result()}")

    async def sleeper():
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            print("sibling cancelled")
            raise

    async def failing():
        await asyncio.sleep(0.01)
        raise Exception("boom")

    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(sleeper())
            tg.create_task(failing())
    except ExceptionGroup as error:
        print(f"{error.message}: {', '.join(str(e) for e in error.exceptions)}")


asyncio.run(main())
