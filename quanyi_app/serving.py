"""``QUANYI_SERVER=uvicorn`` (the default): gunicorn forking uvicorn workers
(``--config python:quanyi_app.serving``).

Reflex 0.10 serves its production backend with Granian unless told otherwise; the launcher tells
it (``REFLEX_USE_GRANIAN=false``) and points gunicorn at this module. ``QUANYI_SERVER=granian``
gives Reflex's own choice back. Why uvicorn, by measurement (bench/README.md, "The server" and
"The default server: uvicorn", and bench/ws_floor.py):

- **uvicorn** (default): a quarter of the memory per connected phone (~45 KB against ~185;
  bench/README.md, "Each event's states freed at once"). Granian keeps ~150 KB per open websocket
  before any app runs; uvicorn with wsproto ~20 KB. Since events free their states at once and a
  phone's socket keeps one task, its tail is Granian's: at 2,000 phones on one node p95 312 and
  517 ms against Granian's 375 and 314 (alternating, a busy afternoon), and in the cluster's
  10-minute soak (2026-12-01) p95 541 (324–693) ms against 579 (420–759), 200 MB less in the
  workers.
- **Granian**: its HTTP and websocket work runs in Rust beside the Python thread, which gave it the
  shorter tail before that work (p95 ~65 against ~130 ms on one node, 338 against 569 in the soak).

Gunicorn runs the master (which imports the app once, ``--preload``) and forks the workers; it
restarts a worker that dies or stops answering, and stops them all on SIGTERM.
"""

from __future__ import annotations

import asyncio
import gc

from uvicorn.protocols.websockets.wsproto_impl import WSProtocol
from uvicorn_worker import UvicornWorker

from quanyi_app.launcher import die_with_parent

# Seconds a worker gets to finish its requests when asked to stop, before it is killed.
graceful_timeout = 10
# Longer than nginx keeps an idle upstream connection (60 s), so nginx never sends a request on a
# connection the worker is closing at that moment (an occasional 502 otherwise).
keepalive = 75


def on_starting(server) -> None:
    """In the master: stop with the process that started it (the launcher or a node), even if
    that one is killed with ``kill -9`` (Linux); gunicorn then stops its workers."""
    die_with_parent()


def post_fork(server, worker) -> None:
    """In each worker: gunicorn forks a fresh one when it ends, so it may renew itself once a
    crowd has left (quanyi_app/core/memory.py)."""
    from quanyi_app.core import memory

    memory.renewable = True


def when_ready(server) -> None:
    """In the master, with the app imported, before any worker forks: freeze every object it
    holds, so the workers' garbage collector never writes to them and the pages they share with
    the master stay shared (without this each worker copied ~40 MB of the master in its first
    minute under load)."""
    gc.collect()
    gc.freeze()


class Mailbox:
    """What uvicorn's websocket protocol asks of its ``asyncio.Queue`` — ``put_nowait``, ``get``,
    ``empty`` — for the one reader an ASGI connection has: a list and at most one waiter. An
    ``asyncio.Queue`` keeps four deques (its items, getters, putters, and the event its ``join``
    waits on), ~3 KB a connected phone for a queue that holds a message or two."""

    __slots__ = ("_items", "_waiter")

    def __init__(self) -> None:
        self._items: list = []
        self._waiter: asyncio.Future | None = None

    def put_nowait(self, item) -> None:
        self._items.append(item)
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)

    def empty(self) -> bool:
        return not self._items

    async def get(self):
        if self._waiter is not None:
            raise RuntimeError("a websocket's messages have one reader")
        while not self._items:
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                await self._waiter
            finally:
                self._waiter = None
        return self._items.pop(0)


class LeanWSProtocol(WSProtocol):
    """uvicorn's wsproto websocket protocol, its messages waiting in a :class:`Mailbox`."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.queue = Mailbox()


class Worker(UvicornWorker):
    """uvloop and httptools (C event loop and HTTP parser), and wsproto for the event socket:
    one protocol object per socket, where the websockets library keeps three tasks and the
    handshake's headers besides — 19 KB per open socket against 29 (bench/ws_floor.py), and
    ~80 KB per connected phone against ~93 with the app then (bench/README.md, "The server"); its
    messages wait in a :class:`Mailbox`, not an ``asyncio.Queue``. No per-message compression: a
    state update is a few hundred bytes, and each compressed socket would keep two zlib contexts
    for its whole life (Granian offered none)."""

    CONFIG_KWARGS = {
        "loop": "uvloop",
        "http": "httptools",
        "ws": "quanyi_app.serving:LeanWSProtocol",
        "ws_per_message_deflate": False,
        "server_header": False,
    }
