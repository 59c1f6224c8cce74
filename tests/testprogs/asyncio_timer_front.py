#!/usr/bin/env python3
"""An asyncio HTTP/1.1 front for kotel's e2e tests (standard library only, no
tracing): GET /call/<id> waits a random 0-5 ms, then GETs <back>/leaf/<id>
and answers 200. Besides serving, a timer calls <back>/tick/<n> every 5 ms:
calls that belong to no request. The timer starts once two requests were in
flight at the same time (the loop is then known to multiplex: that is when
kotel can know it too); /stats answers how many timer calls were made.
"""
import argparse
import asyncio
import random
import sys


async def get(host, port, path):
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.decode().split("\r\n"):
        if line.lower().startswith("content-length:"):
            length = int(line.split(":", 1)[1])
    body = await reader.readexactly(length)
    writer.close()
    return body


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--back-port", type=int, required=True)
    args = ap.parse_args()
    state = {"in_flight": 0, "ticks": 0, "timer": None}

    async def timer():
        while True:
            state["ticks"] += 1
            await get("127.0.0.1", args.back_port, f"/tick/{state['ticks']}")
            await asyncio.sleep(0.005)

    async def handle(reader, writer):
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                path = head.split(b" ", 2)[1].decode()
                state["in_flight"] += 1
                if state["in_flight"] >= 2 and state["timer"] is None:
                    state["timer"] = asyncio.create_task(timer())
                if path.startswith("/call/"):
                    await asyncio.sleep(random.uniform(0, 0.005))
                    await get("127.0.0.1", args.back_port, "/leaf/" + path[len("/call/"):])
                    body = b"called"
                else:
                    body = str(state["ticks"]).encode()
                state["in_flight"] -= 1
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", args.port)
    print("listening", args.port, flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
