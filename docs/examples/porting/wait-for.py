# asyncio docs, "Timeouts": wait_for and timeout. TypeScript twin: wait-for.mjs.
import asyncio


async def eternity():
    await asyncio.sleep(3600)
    print("yay!")


async def main():
    # Wait for at most 0.05 seconds.
    try:
        await asyncio.wait_for(eternity(), timeout=0.05)
    except TimeoutError:
        print("timeout!")

    try:
        async with asyncio.timeout(0.05):
            await eternity()
    except TimeoutError:
        print("The long operation timed out, but we've handled it.")
    print("This statement will run regardless.")


asyncio.run(main())
