# asyncio docs, "Waiting Primitives": wait (with return_when) and as_completed.
# TypeScript twin: wait-as-completed.mjs.
import asyncio


async def job(name, delay):
    await asyncio.sleep(delay)
    return name


async def main():
    # wait(): returns two sets, done and pending; it cancels nothing.
    tasks = [asyncio.create_task(job("fast", 0.01)), asyncio.create_task(job("slow", 10))]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print("done:", ", ".join(task.result() for task in done), "- pending:", len(pending))
    for task in pending:
        task.cancel()

    # as_completed(): results in the order they finish.
    order = []
    for next in asyncio.as_completed([job("c", 0.03), job("a", 0.01), job("b", 0.02)]):
        order.append(await next)
    print("finished in order:", ", ".join(order))


asyncio.run(main())
