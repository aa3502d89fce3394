# asyncio docs, "Running Tasks Concurrently": gather. TypeScript twin: gather.mjs.
import asyncio


async def factorial(name, number):
    f = 1
    for i in range(2, number + 1):
        print(f"Task {name}: Compute factorial({number}), currently i={i}...")
        await asyncio.sleep(0.01)
        f *= i
    print(f"Task {name}: factorial({number}) = {f}")
    return f


async def main():
    # Schedule three calls *concurrently*:
    results = await asyncio.gather(
        factorial("A", 2),
        factorial("B", 3),
        factorial("C", 4),
    )
    print("results:", " ".join(map(str, results)))

    async def fail():
        raise Exception("boom")

    outcomes = await asyncio.gather(factorial("D", 2), fail(), return_exceptions=True)
    print("outcomes:", ", ".join(f"error: {o}" if isinstance(o, Exception) else str(o) for o in outcomes))


asyncio.run(main())
