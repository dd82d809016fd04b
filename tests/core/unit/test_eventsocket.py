"""A phone's websocket reaches Socket.IO through its own door: none of the HTTP stack stays on
its call, our cookies are moved out of its headers, and only the headers something reads are kept
for the socket's life."""

from __future__ import annotations

import asyncio

from quanyi_app.core import eventsocket

WECHAT_UA = (
    b"Mozilla/5.0 (Linux; Android 14; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0"
    b" Chrome/130.0.6723.103 Mobile Safari/537.36 MicroMessenger/8.0.55.2780 WeChat/arm64 Weixin"
)
HANDSHAKE = [
    (b"host", b"quanyi.test"),
    (b"connection", b"Upgrade"),
    (b"pragma", b"no-cache"),
    (b"cache-control", b"no-cache"),
    (b"user-agent", WECHAT_UA),
    (b"upgrade", b"websocket"),
    (b"origin", b"http://quanyi.test"),
    (b"sec-websocket-version", b"13"),
    (b"accept-encoding", b"gzip, deflate, br, zstd"),
    (b"accept-language", b"zh-CN,zh;q=0.9"),
    (b"cookie", b"theme=dark; quanyi_device=dev.sig; quanyi_session=TOKEN123"),
    (b"sec-websocket-key", b"dGhlIHNhbXBsZSBub25jZQ=="),
    (b"sec-websocket-extensions", b"permessage-deflate; client_max_window_bits"),
    (b"x-forwarded-for", b"10.1.2.3"),
]


def _scope(kind: str, path: str, origin: str = "http://quanyi.test") -> dict:
    headers = [(k, origin.encode() if k == b"origin" else v) for k, v in HANDSHAKE]
    return {
        "type": kind,
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"EIO=4&transport=websocket",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "scheme": "ws" if kind == "websocket" else "http",
        "subprotocols": [],
        "asgi": {"version": "3.0"},
    }


def test_only_a_websocket_to_the_event_path_takes_the_door():
    through_http, through_socket, entered = [], [], []

    async def http_app(scope, receive, send):
        through_http.append(scope)

    async def socket(scope, receive, send):
        through_socket.append(scope)

    door = eventsocket.with_socket_door(http_app, socket, lambda: entered.append(True))

    async def call(scope):
        await door(scope, None, None)

    for kind, path in [("websocket", "/_event/"), ("websocket", "/_event"), ("http", "/_event/"),
                       ("websocket", "/_events"), ("http", "/api/health")]:  # fmt: skip
        asyncio.run(call(_scope(kind, path)))

    assert [s["path"] for s in through_socket] == ["/_event/", "/_event"]
    assert len(entered) == 2  # Reflex's contexts set for each socket
    assert [(s["type"], s["path"]) for s in through_http] == [
        ("http", "/_event/"),
        ("websocket", "/_events"),
        ("http", "/api/health"),
    ]
    # What passes the HTTP stack is untouched; what takes the door keeps only what is read.
    assert through_http[2]["headers"] == HANDSHAKE
    kept = dict(through_socket[0]["headers"])
    assert set(kept) == {b"host", b"connection", b"upgrade", b"origin", b"cookie", b"x-forwarded-for"}
    assert kept[b"cookie"] == b"theme=dark"
    assert through_socket[0]["quanyi.cookies"] == {"quanyi_device": "dev.sig", "quanyi_session": "TOKEN123"}


def test_the_apps_socket_opens_through_the_door_and_keeps_a_lean_environ(migrated):
    """The real app's Socket.IO server, reached through the door as a phone's socket reaches it:
    it answers the handshake, Engine.IO's open packet and Socket.IO's connect, and what it keeps
    for the connection holds no user agent, no handshake key, no private cookie in its headers
    and no request-body reader."""
    from quanyi_app.quanyi_app import app

    through_http = []

    async def http_app(scope, receive, send):
        through_http.append(scope)

    door = eventsocket.with_socket_door(http_app, eventsocket.mounted_socket_app(app._api), lambda: None)
    origin = app.sio.eio.cors_allowed_origins[0]  # QUANYI_PUBLIC_URL's

    async def connect(scope, *, namespace: str = ""):
        """Open a socket through the door (and connect to ``namespace``); what was sent back, and
        the environ Socket.IO keeps for it."""
        inbox: asyncio.Queue = asyncio.Queue()
        sent: list[dict] = []
        changed = asyncio.Event()

        async def send(message):
            sent.append(message)
            changed.set()

        async def until(done):
            while not done():
                changed.clear()
                await asyncio.wait_for(changed.wait(), 10)

        await inbox.put({"type": "websocket.connect"})
        before = set(app.sio.environ)
        call = asyncio.create_task(door(scope, inbox.get, send))
        await until(lambda: any(m["type"] in ("websocket.send", "websocket.close") for m in sent))
        if namespace and sent[-1]["type"] == "websocket.send":
            await inbox.put({"type": "websocket.receive", "text": f"40{namespace},"})
            await until(lambda: sent[-1].get("text", "").startswith(f"40{namespace},"))
        environs = [app.sio.environ[sid] for sid in set(app.sio.environ) - before]
        await inbox.put({"type": "websocket.disconnect", "code": 1000})
        await asyncio.wait_for(call, 10)
        return sent, environs

    sent, (environ,) = asyncio.run(connect(_scope("websocket", "/_event/", origin), namespace="/_event"))
    assert sent[0]["type"] == "websocket.accept"
    assert sent[1]["text"].startswith('0{"sid":')  # Engine.IO's open packet
    assert sent[2]["text"].startswith('40/_event,{"sid":')  # Socket.IO's connect, answered by Reflex
    assert not through_http
    assert environ["HTTP_COOKIE"] == "theme=dark"
    assert environ["asgi.scope"]["quanyi.cookies"]["quanyi_session"] == "TOKEN123"
    assert environ["HTTP_ORIGIN"] == origin
    assert environ["HTTP_X_FORWARDED_FOR"] == "10.1.2.3"
    for dropped in ("HTTP_USER_AGENT", "HTTP_ACCEPT_LANGUAGE", "HTTP_SEC_WEBSOCKET_KEY", "HTTP_PRAGMA", "wsgi.input"):
        assert dropped not in environ
    assert "TOKEN123" not in repr(environ["asgi.scope"]["headers"])

    # The origin is still checked: a page from elsewhere gets no socket.
    sent, environs = asyncio.run(connect(_scope("websocket", "/_event/", "https://evil.example")))
    assert [m["type"] for m in sent] == ["websocket.close"]
    assert not environs


def test_a_phones_socket_keeps_one_task_and_engineio_pings_and_time_out_unchanged(migrated):
    """Engine.IO's own socket kept five tasks per connected phone; the app's keeps none besides the
    connection's own, and the phone still gets the open packet, its connect answered, a ping every
    ping interval (answered pongs keep it open), and the socket closed once nothing has come for
    ping interval + ping timeout — with Reflex told the phone left; one the server disconnects is
    sent Engine.IO's close packet, and one that sends what is not an Engine.IO packet is closed."""
    from quanyi_app.quanyi_app import app

    eio = app.sio.eio
    door = eventsocket.with_socket_door(None, eventsocket.mounted_socket_app(app._api), lambda: None)
    scope = _scope("websocket", "/_event/", eio.cors_allowed_origins[0])
    saved = eio.ping_interval, eio.ping_timeout

    class Phone:
        def __init__(self):
            self.inbox: asyncio.Queue = asyncio.Queue()
            self.sent: list[str] = []
            self.changed = asyncio.Event()

        async def _send(self, message):
            self.sent.append(message.get("text") or message["type"])
            self.changed.set()

        async def until(self, done):
            while not done():
                self.changed.clear()
                await asyncio.wait_for(self.changed.wait(), 10)

        async def open(self):
            """Connect, and Socket.IO's connect to the event namespace answered."""
            known = set(eio.sockets)
            await self.inbox.put({"type": "websocket.connect"})
            self.call = asyncio.create_task(door(scope, self.inbox.get, self._send))
            await self.until(lambda: any(t.startswith("0{") for t in self.sent))
            (self.sid,) = set(eio.sockets) - known
            await self.say("40/_event,")
            await self.until(lambda: any(t.startswith("40/_event,") for t in self.sent))
            for _ in range(10):  # let the connect's own short tasks end
                await asyncio.sleep(0)

        async def say(self, text):
            await self.inbox.put({"type": "websocket.receive", "text": text})

    async def go():
        eio.ping_interval, eio.ping_timeout = 0.3, 0.4
        first, phone = Phone(), Phone()
        await first.open()  # the server's own once-only tasks (its service task) start with it
        before = set(asyncio.all_tasks())
        await phone.open()
        added = set(asyncio.all_tasks()) - before
        kept = {t.get_coro().__qualname__ for t in added}
        socket_class = type(eio.sockets[phone.sid])

        for pings in range(1, 4):  # each ping answered: the socket stays open
            await phone.until(lambda n=pings: phone.sent.count("2") >= n)
            await phone.say("3")
        open_after_pongs = not phone.call.done()
        await phone.until(lambda: phone.call.done() or "websocket.close" in phone.sent)  # no pong now
        await asyncio.wait_for(phone.call, 10)
        await first.inbox.put({"type": "websocket.disconnect", "code": 1000})
        await asyncio.wait_for(first.call, 10)
        ended = Phone()
        await ended.open()
        await eio.disconnect(ended.sid)  # the server ends a phone's socket: told with a close packet
        await ended.until(lambda: "1" in ended.sent)
        await ended.inbox.put({"type": "websocket.disconnect", "code": 1000})
        await asyncio.wait_for(ended.call, 10)
        garbled = Phone()
        await garbled.open()
        await garbled.say("")  # not an Engine.IO packet: the socket is closed, nothing raised
        await asyncio.wait_for(garbled.call, 10)
        garbled_closed = garbled.sent[-1] == "websocket.close" and garbled.sid not in eio.sockets
        still_there = phone.sid in eio.sockets or phone.sid in app.sio.environ
        return phone.sent, socket_class, added, kept, open_after_pongs, still_there, garbled_closed

    try:
        sent, socket_class, added, kept, open_after_pongs, still_there, garbled_closed = asyncio.run(go())
    finally:
        eio.ping_interval, eio.ping_timeout = saved
    assert len(added) == 1, kept  # the connection's own call, and nothing else per phone
    assert sent[0] == "websocket.accept" and sent[1].startswith('0{"sid":') and sent[2].startswith("40/_event,")
    assert sent.count("2") >= 3 and open_after_pongs
    assert sent[-1] == "websocket.close" and not still_there
    assert garbled_closed
    assert socket_class is eventsocket.LeanSocket
