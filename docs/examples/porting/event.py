# asyncio docs, "Synchronization Primitives": Event. TypeScript twin: event.mjs.
import asyncio


async def waiter(event):
    print("waiting for it ...")
    await event.wait()
    print("... got it!")


async def main():
    # Create an Event object.
    event = asyncio.Event()

    # Spawn a Task to wait until 'event' is set.
    waiter_task = asyncio.create_task(waiter(event))

    # Sleep for 0.01 second and set the event.
    await asyncio.sleep(0.01)
    event.set()

    # Wait until the waiter task is finished.
    await waiter_task
    print("is set:", "true" if event.is_set() else "false")


asyncio.run(main())
