# asyncio docs, "Streams": the TCP echo client and server, in one program.
# TypeScript twin: tcp-echo.mjs.
import asyncio
import json


async def handle_echo(reader, writer):
    data = await reader.read(100)
    message = data.decode()
    print(f"Server received {json.dumps(message)}")

    print(f"Server sends: {json.dumps(message)}")
    writer.write(data)
    await writer.drain()

    print("Server closes the connection")
    writer.close()
    await writer.wait_closed()


async def tcp_echo_client(port, message):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)

    print(f"Client sends: {json.dumps(message)}")
    writer.write(message.encode())
    await writer.drain()

    data = await reader.read(100)
    print(f"Client received: {json.dumps(data.decode())}")

    print("Client closes the connection")
    writer.close()
    await writer.wait_closed()


async def main():
    server = await asyncio.start_server(handle_echo, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        await tcp_echo_client(port, "Hello World!")
    print("Server closed")


asyncio.run(main())
