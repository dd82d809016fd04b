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

Once connected (:func:`lean_connect`), the socket's environ also lets go of the reader engine.io
gives every request for its body: an instance of a class engine.io defines anew for each request,
which a websocket, having no body, never reads — but kept it, and so a class of its own, for as
long as the phone stayed.
"""

from __future__ import annotations

from collections.abc import Callable

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


def lean_connect(on_connect):
    """Reflex's connect handler, after the connection's environ has dropped ``wsgi.input`` (a
    websocket has no request body; engine.io's reader for it is an instance of a class defined for
    that one request, with the handshake's first message in its closure)."""

    async def connect(sid, environ, auth=None):
        environ.pop("wsgi.input", None)
        return await on_connect(sid, environ, auth)

    return connect
