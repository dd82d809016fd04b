"""The event socket's own door: a websocket to ``/_event`` goes straight to Socket.IO.

Reflex mounts Socket.IO inside its HTTP app, so a phone's websocket passed through three Starlette
stacks (Reflex's outer app, the ``/api`` app, Reflex's own API app) and Quanyi's HTTP middlewares
(``quanyi_app.py``) — and stayed in them: a websocket's ASGI call lasts as long as the phone is
connected, so every layer kept its coroutine, its copy of the scope and its closures for the
socket's whole life, 31 of the 58 coroutines a connected phone kept in its worker. None of them
does anything for a websocket: Starlette's error and CORS middlewares and ours look only at HTTP,
and the routers only find the mount (bench/README.md, "What one phone costs").

Here a websocket to ``/_event`` skips them and gets on its way only what they did for it:

- Reflex's contexts, as its ``_ContextMiddleware`` sets them for every request;
- our private cookies moved out of the ``Cookie`` header into the scope
  (``cookies.scope_without_private_cookies``, as ``with_private_cookies`` does for HTTP);
- Reflex's answer with the sub-protocol: the app called is the one Reflex mounted, its
  ``HeaderMiddleware`` around Socket.IO.

It also keeps only the headers something reads on the socket (``SOCKET_HEADERS``): engine.io its
``Origin`` (the allowed origins), ``Upgrade``, ``Connection``, ``Host`` and ``X-Forwarded-*``,
Reflex the sub-protocol and the client's address, Quanyi the cookies. The rest — the phone's user
agent (a WeChat one is 250 bytes), languages, encodings, cache hints, the handshake's key and
extensions, which the server has answered before the app is called — was otherwise kept four
times for as long as the phone stayed: in the scope, in engine.io's environ, in Reflex's router
data in the worker, and in the tab's state in the store.

Engine.IO's socket for it is :class:`LeanSocket` (:func:`lean_sockets`): Reflex's client opens
a websocket straight away, and engine.io kept five tasks for each (the connection's reader, a task
per message read, a writer with a task reading its queue, a pinger asleep between pings), each of
the reads under its own time-out. Here the connection's own task reads, packets go out as they are
sent, and a timer sends the pings. Its environ, kept for as long as the phone stays, also lets go
of the reader engine.io gives every request for its body: an instance of a class engine.io defines
anew for each request, which a websocket, having no body, never reads.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from engineio import exceptions, packet
from engineio.async_socket import AsyncSocket
from starlette.routing import Mount

from quanyi_app.core.accounts.cookies import EVENT_PATH, scope_without_private_cookies

SOCKET_HEADERS = frozenset(
    {
        b"host",
        b"origin",
        b"cookie",
        b"upgrade",
        b"connection",
        b"sec-websocket-protocol",
        b"x-forwarded-for",
        b"x-forwarded-proto",
        b"x-forwarded-host",
        b"x-real-ip",
    }
)


def mounted_socket_app(api, path: str = EVENT_PATH):
    """The ASGI app Reflex mounted at ``path`` in its API app (Socket.IO behind its header
    middleware)."""
    for route in api.routes:
        if isinstance(route, Mount) and route.path == path:
            return route.app
    raise LookupError(f"no app mounted at {path}")


def with_socket_door(app, socket, enter: Callable[[], object], path: str = EVENT_PATH):
    """``app``, except that a websocket to ``path`` goes straight to ``socket``, after ``enter()``
    (Reflex's contexts), with our cookies in its scope and only ``SOCKET_HEADERS``."""
    below = path + "/"

    async def door(scope, receive, send):
        if scope["type"] == "websocket" and (scope["path"] == path or scope["path"].startswith(below)):
            enter()
            await socket(scope_without_private_cookies(scope, keep=SOCKET_HEADERS.__contains__), receive, send)
            return
        await app(scope, receive, send)

    return door


class LeanSocket(AsyncSocket):
    """Engine.IO's socket, for a client that opens a websocket straight away: one task per phone
    (the connection's own, reading) where engine.io keeps five.

    What the phone sees is engine.io's protocol unchanged: the open packet first, packets in the
    order they are sent, a ping every ``ping_interval`` and the socket closed when nothing has come
    for ``ping_interval + ping_timeout``. A socket that started on long-polling and upgrades, and
    everything before the websocket opens, is engine.io's own code.
    """

    _ws = None  # the open websocket, once packets go straight to it
    _ping_timer: asyncio.TimerHandle | None = None

    async def send(self, pkt):
        if self._ws is None:  # not a websocket yet: queued, as engine.io does, sent when it opens
            return await super().send(pkt)
        if not await self.check_ping_timeout():
            return
        try:
            await self._ws.send(pkt.encode())
        except Exception:  # the connection is gone: close it, its reader ends the socket
            await self._ws.close()

    async def close(self, wait=True, abort=False, reason=None):
        # On the websocket nothing waits in a queue to be sent: nothing to wait for.
        await super().close(wait=wait and self._ws is None, abort=abort, reason=reason)

    def schedule_ping(self):
        if self.last_ping:  # engine.io's rule: a new ping only once the last one was answered
            self.last_ping = None
            self._ping_timer = asyncio.get_running_loop().call_later(self.server.ping_interval, self._ping)

    def _ping(self):
        self.server.start_background_task(self._ping_now)

    async def _ping_now(self):  # engine.io's _send_ping, after its sleep
        if not self.closing and not self.closed:
            self.last_ping = time.time()
            await self.send(packet.Packet(packet.PING))

    async def _websocket_handler(self, ws):
        if self.connected:  # an upgrade from long-polling
            return await super()._websocket_handler(ws)
        self.connected = self.upgraded = True
        while not self.queue.empty():  # what was sent before it opened: the open packet
            pkt = self.queue.get_nowait()
            self.queue.task_done()
            await ws.send(pkt.encode())
        self._ws, self.queue = ws, None  # from here packets go straight out: nothing is queued
        timeout = self.server.ping_interval + self.server.ping_timeout
        try:
            while True:
                try:
                    async with asyncio.timeout(timeout):
                        data = await ws.wait()
                except Exception:  # nothing for too long, or the phone closed the connection
                    break
                if data is None or len(data) > self.server.max_http_buffer_size:
                    break
                try:
                    pkt = packet.Packet(encoded_packet=data)
                except Exception:  # not an Engine.IO packet: not a client of ours, closed
                    break
                try:
                    await self.receive(pkt)
                except exceptions.UnknownPacketError:
                    pass
                except exceptions.SocketIsClosedError:
                    break
                except Exception:  # as engine.io: logged, and the socket goes on
                    self.server.logger.exception("Unknown receive error")
        finally:
            if self._ping_timer is not None:
                self._ping_timer.cancel()
            await ws.close()
            await self.close(wait=False, abort=True, reason=self.server.reason.TRANSPORT_CLOSE)


def lean_sockets(eio) -> None:
    """Every socket of the Engine.IO server ``eio`` is a :class:`LeanSocket` from its connect on:
    engine.io makes its own socket class in its connect and offers no setting for another, so the
    class is exchanged (a subclass with no state of its own) before its connect handler runs.

    The connection's environ — the one Socket.IO keeps and hands to Reflex's connect — drops
    ``wsgi.input`` there too: engine.io reads a body only from a long-polling POST's own environ,
    and this reader is an instance of a class defined for that one request, with the handshake's
    first message in its closure."""
    connect = eio.handlers["connect"]

    async def on_connect(sid, environ):
        environ.pop("wsgi.input", None)
        socket = eio.sockets.get(sid)
        if type(socket) is AsyncSocket:
            socket.__class__ = LeanSocket
        return await connect(sid, environ)

    eio.handlers["connect"] = on_connect
