# asyncio docs, "Queues": workers sharing a queue of jobs, with fixed sleep times.
# TypeScript twin: queue-workers.mjs.
import asyncio


async def worker(name, queue, log):
    while True:
        # Get a "work item" out of the queue.
        sleep_for = await queue.get()
        # Sleep for the "sleep_for" seconds.
        await asyncio.sleep(sleep_for)
        # Notify the queue that the "work item" has been processed.
        queue.task_done()
        log.append(f"a worker has slept for {sleep_for:.2f} seconds")  # which one depends on timing


async def main():
    # Create a queue that we will use to store our "workload".
    queue = asyncio.Queue()
    log = []

    total_sleep_time = 0
    for sleep_for in [0.03, 0.01, 0.02, 0.05, 0.01, 0.04]:
        total_sleep_time += sleep_for
        queue.put_nowait(sleep_for)

    # Create three worker tasks to process the queue concurrently.
    tasks = [asyncio.create_task(worker(f"worker-{i}", queue, log)) for i in range(3)]

    # Wait until the queue is fully processed.
    await queue.join()

    # Cancel our worker tasks and wait until all of them are cancelled.
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)

    print("\n".join(sorted(log)))
    print("====")
    print(f"3 workers slept in parallel; total expected sleep time: {total_sleep_time:.2f} seconds")


asyncio.run(main())
