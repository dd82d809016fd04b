"""What an open websocket costs the server itself, before any app: a bare ASGI app that echoes,
served by Granian (Reflex 0.10's default) and by uvicorn as quanyi_app/serving.py configures it
(wsproto), or with the websockets library's protocols instead, held open by N clients that send
a message every 2–4 s, as the phones in phones.py do.

    .venv/bin/python bench/ws_floor.py [--sockets 2000] [--runs 3]

Prints the server's resident memory per open socket (median and range over the runs).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import psutil

APP = """
async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            else:
                await send({"type": "lifespan.shutdown.complete"})
                return
    elif scope["type"] == "websocket":
        await receive()
        await send({"type": "websocket.accept"})
        while True:
            message = await receive()
            if message["type"] == "websocket.disconnect":
                return
            await send({"type": "websocket.send", "text": message.get("text") or ""})
"""

BIN = Path(sys.executable).parent
SERVERS = {
    "granian": lambda port: [
        str(BIN / "granian"),
        "--interface",
        "asgi",
        "--port",
        str(port),
        "--workers",
        "1",
        "--log-level",
        "warning",
        "echo:app",
    ],
    **{
        f"uvicorn ({name})": (
            lambda port, changes=changes: [
                sys.executable,
                "-c",
                "import uvicorn\n"
                "from quanyi_app.serving import Worker\n"
                f"uvicorn.run('echo:app', port={port}, log_level='warning',"
                f" **{{**Worker.CONFIG_KWARGS, **{changes!r}}})",
            ]
        )
        for name, changes in (
            ("wsproto, as served", {}),
            ("websockets", {"ws": "websockets"}),
            ("websockets' sans-I/O protocol", {"ws": "websockets-sansio"}),
        )
    },
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss(pid: int) -> int:
    proc = psutil.Process(pid)
    return sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)])


async def _hold(port: int, pid: int, sockets: int) -> float:
    stop = asyncio.Event()

    async def client(session: aiohttp.ClientSession) -> None:
        async with session.ws_connect(f"http://127.0.0.1:{port}/ws") as ws:
            while not stop.is_set():
                await ws.send_str('42["event",' + '"x"' * 100 + "]")
                await ws.receive()
                await asyncio.sleep(random.uniform(2, 4))

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        before = _rss(pid)
        tasks = []
        for n in range(sockets):
            tasks.append(asyncio.create_task(client(session)))
            if n % 50 == 49:
                await asyncio.sleep(0.2)
        await asyncio.sleep(20)
        after = _rss(pid)
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
    return (after - before) / sockets / 1024


def run(name: str, sockets: int, folder: Path) -> float:
    port = _free_port()
    proc = subprocess.Popen(SERVERS[name](port), cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        return asyncio.run(_hold(port, proc.pid, sockets))
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sockets", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "echo.py").write_text(APP)
        results: dict[str, list[float]] = {name: [] for name in SERVERS}
        for _ in range(args.runs):
            for name in SERVERS:  # alternating, so both see the same machine
                results[name].append(run(name, args.sockets, folder))
    for name, kb in results.items():
        spread = f"{min(kb):.0f}–{max(kb):.0f}"
        median = statistics.median(kb)
        print(f"{name}: {median:.0f} KB per open socket ({spread}), {args.sockets} sockets, {args.runs} runs")


if __name__ == "__main__":
    main()
