"""``QUANYI_SERVER=uvicorn`` (quanyi_app/serving.py): gunicorn forking uvicorn workers, event
sockets (wsproto) without per-message compression, and nothing left behind when the launcher is
killed.
(The default: it serves every browser test and the cluster's.)"""

from __future__ import annotations

import base64
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psutil
import pytest

from tests.support.browser import free_port

ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="make test installs redis-server")


def _handshake(port: int, extra_headers: str = "") -> bytes:
    """A websocket opening request for the event socket, with a fresh key."""
    key = base64.b64encode(os.urandom(16)).decode()
    return (
        f"GET /_event/?EIO=4&transport=websocket HTTP/1.1\r\nHost: localhost:{port}\r\n"
        "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
        f"Sec-WebSocket-Key: {key}\r\n{extra_headers}\r\n"
    ).encode()


def _open_socket(port: int) -> tuple[bytes, str]:
    """The event socket's opening handshake, as Chromium sends it (offering compression), and the
    first message the server sends over it: (the response head, that message's text)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(_handshake(port, "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"))
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                return data, ""
            data += chunk
        head, _, frame = data.partition(b"\r\n\r\n")
        if b" 101 " not in head:
            return head, ""

        # A server's frame is not masked: opcode byte, length byte (126: two more bytes; the open
        # packet is far below 64 KB), payload.
        def more(n: int) -> None:
            nonlocal frame
            while len(frame) < n:
                chunk = sock.recv(4096)
                if not chunk:
                    raise ConnectionError(f"the socket closed after {frame!r}")
                frame += chunk

        more(2)
        if frame[1] == 126:
            more(4)
        size, start = (int.from_bytes(frame[2:4], "big"), 4) if frame[1] == 126 else (frame[1], 2)
        more(start + size)
    return head, frame[start : start + size].decode()


def _running(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _up(port: int, proc: subprocess.Popen, log: Path, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the server stopped: {log.read_text()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                pass
            if b" 101 " in _open_socket(port)[0]:
                return
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail(f"the server did not start: {log.read_text()[-2000:]}")


def _launch(tmp_path: Path, port: int, **settings: str) -> tuple[subprocess.Popen, Path]:
    """``python -m quanyi_app.cli run --backend-only`` as make run starts it (after its set-up),
    on a throw-away SQLite database, with ``settings`` on top: (the launcher, its log)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QUANYI_", "REFLEX_", "GUNICORN_"))}
    env.update(
        QUANYI_DATA_DIR=str(tmp_path),
        QUANYI_DATABASE_URL=f"sqlite:///{tmp_path / 'quanyi.db'}",
        QUANYI_PUBLIC_URL=f"http://localhost:{port}",
        QUANYI_SECRET_KEY=uuid.uuid4().hex * 2,
        REFLEX_TELEMETRY_ENABLED="false",
        **settings,
    )
    setup = subprocess.run(
        [sys.executable, "-m", "quanyi_app.cli", "setup"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert setup.returncode == 0, setup.stderr
    log = tmp_path / "server.log"
    with open(log, "w") as fh:
        launcher = subprocess.Popen(
            [sys.executable, "-m", "quanyi_app.cli", "run", "--backend-only", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=fh,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return launcher, log


def _gunicorn_master(launcher: subprocess.Popen) -> psutil.Process:
    """The one gunicorn master under the launcher (its workers are forks of it)."""
    tree = psutil.Process(launcher.pid).children(recursive=True)
    gunicorn = {p.pid for p in tree if p.cmdline()[1:3] == ["-m", "gunicorn"]}
    masters = [p for p in tree if p.pid in gunicorn and p.ppid() not in gunicorn]
    assert len(masters) == 1, [p.cmdline() for p in tree]
    return masters[0]


def test_gunicorn_serves_uvicorn_workers_without_compression_and_goes_away_with_the_launcher(tmp_path):
    port = free_port()
    launcher, log = _launch(tmp_path, port, QUANYI_WORKERS="2", QUANYI_SERVER="uvicorn")
    try:
        _up(port, launcher, log)
        master = _gunicorn_master(launcher)
        deadline = time.monotonic() + 60  # the first worker answers while the master forks the next
        while len(master.children()) < 2 and time.monotonic() < deadline:
            time.sleep(0.5)
        time.sleep(1)
        assert len(master.children()) == 2  # QUANYI_WORKERS, forked by the one master
        tree = psutil.Process(launcher.pid).children(recursive=True)
        assert not any("granian" in part for p in tree for part in p.cmdline()[:3])

        # A phone's browser offers compression; the server answers without it (two zlib contexts
        # per socket for its whole life, for updates of a few hundred bytes).
        head, first = _open_socket(port)
        head = head.decode("latin-1").lower()
        assert " 101 " in head.splitlines()[0] and "sec-websocket-accept" in head
        assert "sec-websocket-extensions" not in head and "deflate" not in head
        # ...and Socket.IO speaks over it: Engine.IO's open packet, with the session it made.
        assert first.startswith("0{") and '"sid"' in first, first

        # kill -9 the launcher alone: everything under it stops and gives the port back.
        everyone = [launcher.pid, *(p.pid for p in tree)]
        launcher.send_signal(signal.SIGKILL)
        launcher.wait()
        deadline = time.monotonic() + 30
        alive = everyone
        while time.monotonic() < deadline:
            alive = [
                pid
                for pid in everyone
                if psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
            ]
            if not alive:
                break
            time.sleep(0.5)
        assert not alive, [psutil.Process(pid).cmdline() for pid in alive if psutil.pid_exists(pid)]
        with socket.socket() as again:
            again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            again.bind(("0.0.0.0", port))
    finally:
        try:
            os.killpg(launcher.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def test_a_websockets_mailbox_hands_its_messages_over_in_order_to_its_one_reader():
    import asyncio

    from uvicorn.config import Config

    from quanyi_app.serving import LeanWSProtocol, Mailbox, Worker

    async def go():
        box = Mailbox()
        box.put_nowait({"type": "websocket.connect"})
        assert not box.empty()
        assert await box.get() == {"type": "websocket.connect"} and box.empty()
        reader = asyncio.create_task(box.get())  # waits: nothing there yet
        await asyncio.sleep(0)
        with pytest.raises(RuntimeError):  # an ASGI connection has one reader
            await box.get()
        box.put_nowait("a")
        box.put_nowait("b")
        assert await reader == "a" and await box.get() == "b"
        waiting = asyncio.create_task(box.get())
        await asyncio.sleep(0)
        waiting.cancel()  # a reader that gives up leaves the next message for the next reader
        await asyncio.gather(waiting, return_exceptions=True)
        box.put_nowait("c")
        assert await box.get() == "c"

    asyncio.run(go())
    config = Config(app=None, **{k: v for k, v in Worker.CONFIG_KWARGS.items() if k != "loop"})
    config.load()  # what the worker's uvicorn loads for its websockets
    assert config.ws_protocol_class is LeanWSProtocol


def _hold_socket(port: int) -> socket.socket:
    """An event socket opened as a phone's and left open (Engine.IO's open packet read)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(_handshake(port))
    data = b""
    while b"0{" not in data:
        chunk = sock.recv(4096)
        assert chunk, data
        data += chunk
    assert b" 101 " in data.split(b"\r\n", 1)[0]
    return sock


def test_a_worker_a_crowd_has_left_makes_way_for_a_fresh_one_and_the_app_still_answers(tmp_path):
    from quanyi_app.core import memory

    port = free_port()
    launcher, log = _launch(tmp_path, port, QUANYI_WORKERS="1", QUANYI_RENEW_AFTER_CROWD="20")  # a small crowd
    crowd: list[socket.socket] = []
    try:
        _up(port, launcher, log)
        master = _gunicorn_master(launcher)
        (worker,) = master.children()
        crowd = [_hold_socket(port) for _ in range(30)]
        # The worker's first pass (30 s after its app started, a few s after the fork) finds the
        # phones still there: it stays. (Engine.IO waits 25 + 120 s for a pong: they stay open.)
        time.sleep(max(0.0, worker.create_time() + memory.RELEASE_EVERY_SECONDS + 15 - time.time()))
        assert worker.is_running() and [p.pid for p in master.children()] == [worker.pid]
        for sock in crowd:
            sock.close()
        # The next pass finds them gone: the worker ends itself and gunicorn forks a fresh one.
        deadline = time.monotonic() + memory.RELEASE_EVERY_SECONDS + 30
        fresh: list = []
        while time.monotonic() < deadline:
            fresh = [p for p in master.children() if p.pid != worker.pid and p.status() != psutil.STATUS_ZOMBIE]
            if fresh and not _running(worker.pid):
                break
            time.sleep(0.5)
        assert fresh and not _running(worker.pid), log.read_text()[-3000:]
        _up(port, launcher, log, timeout=60)  # the fresh worker answers phones
        assert launcher.poll() is None
    finally:
        for sock in crowd:
            sock.close()
        try:
            os.killpg(launcher.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
