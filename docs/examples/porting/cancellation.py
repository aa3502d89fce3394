# asyncio docs, "Task Cancellation" (Task.cancel): handling CancelledError. TypeScript twin:
# cancellation.mjs.
import asyncio


async def cancel_me():
    print("cancel_me(): before sleep")
    try:
        # Wait for 1 hour
        await asyncio.sleep(3600)
    except asyncio.CancelledError:
        print("cancel_me(): cancel sleep")
        raise
    finally:
        print("cancel_me(): after sleep")


async def main():
    # Create a "cancel_me" Task
    task = asyncio.create_task(cancel_me())

    # Wait for 0.01 second
    await asyncio.sleep(0.01)

    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("main(): cancel_me is cancelled now")
    print("cancelled:", "true" if task.cancelled() else "false")

    named = asyncio.create_task(asyncio.sleep(3600))
    await asyncio.sleep(0)
    named.cancel("shutting down")
    try:
        await named
    except asyncio.CancelledError as error:
        print("message:", error)

    async def stubborn_body():
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            asyncio.current_task().uncancel()
        return "finished anyway"

    stubborn = asyncio.create_task(stubborn_body())
    await asyncio.sleep(0)
    stubborn.cancel()
    print(await stubborn)


asyncio.run(main())
