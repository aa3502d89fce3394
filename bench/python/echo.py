import loop_choice  # noqa: F401  (uvloop when the harness asks)
import asyncio, time
COUNT, CONNECTIONS = 100_000, 10
MESSAGE = b"x" * 64
async def main():
    async def handle(reader, writer):
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
        writer.close()
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    host, port = server.sockets[0].getsockname()[:2]
    async def client():
        reader, writer = await asyncio.open_connection(host, port)
        for _ in range(COUNT // CONNECTIONS):
            writer.write(MESSAGE)
            await reader.readexactly(len(MESSAGE))
        writer.close()
        await writer.wait_closed()
    start = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(CONNECTIONS)))
    elapsed = (time.perf_counter() - start) * 1000
    server.close()
    await server.wait_closed()
    return elapsed
print(asyncio.run(main()))
