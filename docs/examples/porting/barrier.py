# asyncio docs, "Synchronization Primitives": Barrier. The repr's address is cut out to
# match toString(). TypeScript twin: barrier.mjs.
import asyncio
import re


def show(barrier):
    print(re.sub(r"<asyncio\.locks\.Barrier object at 0x[0-9a-f]+ ", "<Barrier ", repr(barrier)))


async def main():
    b = asyncio.Barrier(3)

    # Create 2 new waiting tasks
    asyncio.create_task(b.wait())
    asyncio.create_task(b.wait())

    await asyncio.sleep(0)
    show(b)

    # The third .wait() call passes the barrier
    await b.wait()
    show(b)
    print("barrier passed")

    await asyncio.sleep(0)
    show(b)


asyncio.run(main())
