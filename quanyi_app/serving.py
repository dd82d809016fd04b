"""How a node's worker processes serve: gunicorn, with uvicorn workers (``--config python:quanyi_app.serving``).

Reflex 0.10 serves its production backend with Granian unless uvicorn and gunicorn are installed;
the launcher asks for the second explicitly (``REFLEX_USE_GRANIAN=false``) and points gunicorn
at this module. Chosen by measurement (bench/README.md, "What one phone costs", and
bench/ws_floor.py): Granian keeps ~150 KB per open websocket before any app runs, so a connected
phone cost ~210 KB of worker memory; uvicorn's websocket costs ~30 KB, and with the app's
objects frozen before the workers fork (below) a phone costs ~85 KB. Past capacity it answers as
many taps; within capacity its tail is longer (p95 ~130 ms against ~65 ms at 2,000 phones, both
far inside the 300 ms goal).

Gunicorn runs the master (which imports the app once, ``--preload``) and forks the workers; it
restarts a worker that dies or stops answering, and stops them all on SIGTERM.
"""

from __future__ import annotations

import ctypes
import gc
import signal

from uvicorn_worker import UvicornWorker

# Seconds a worker gets to finish its requests when asked to stop, before it is killed.
graceful_timeout = 10
# Longer than nginx keeps an idle upstream connection (60 s), so nginx never sends a request on a
# connection the worker is closing at that moment (an occasional 502 otherwise).
keepalive = 75


def on_starting(server) -> None:
    """In the master: stop with the process that started it (the launcher or a node), even if
    that one is killed with ``kill -9`` (Linux); gunicorn then stops its workers."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def when_ready(server) -> None:
    """In the master, with the app imported, before any worker forks: freeze every object it
    holds, so the workers' garbage collector never writes to them and the pages they share with
    the master stay shared (without this each worker copied ~40 MB of the master in its first
    minute under load)."""
    gc.collect()
    gc.freeze()


class Worker(UvicornWorker):
    """uvloop and httptools (C event loop and HTTP parser), the websockets library for the event
    socket. No per-message compression: a state update is a few hundred bytes, and each
    compressed socket would keep two zlib contexts for its whole life (Granian offered none)."""

    CONFIG_KWARGS = {
        "loop": "uvloop",
        "http": "httptools",
        "ws": "websockets",
        "ws_per_message_deflate": False,
        "server_header": False,
    }
