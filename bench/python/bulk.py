import loop_choice  # noqa: F401  (uvloop when the harness asks)
import asyncio, time
TOTAL = 1024 * 1024 * 1024
CHUNK = b"a" * (64 * 1024)
async def main():
    received = 0
    finished = asyncio.Event()
    async def handle(reader, writer):
        nonlocal received
        while data := await reader.read(1 << 20):
            received += len(data)
        writer.close()
        finished.set()
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    host, port = server.sockets[0].getsockname()[:2]
    start = time.perf_counter()
    _, writer = await asyncio.open_connection(host, port)
    sent = 0
    while sent < TOTAL:
        writer.write(CHUNK)
        await writer.drain()
        sent += len(CHUNK)
    writer.close()
    await finished.wait()
    elapsed = (time.perf_counter() - start) * 1000
    assert received == TOTAL
    server.close()
    await server.wait_closed()
    return elapsed
print(asyncio.run(main()))
