"""``QUANYI_SERVER=uvicorn``: gunicorn forking uvicorn workers (``--config python:quanyi_app.serving``).

Reflex 0.10 serves its production backend with Granian by default (``QUANYI_SERVER=granian``,
the default here too); the launcher can ask for gunicorn + uvicorn instead
(``REFLEX_USE_GRANIAN=false``) and points gunicorn at this module. When to choose which, by
measurement (bench/README.md, "The server", and bench/ws_floor.py):

- **Granian** (default): the shorter tail. At 2,000 phones on one node p95 ~65 ms against ~130;
  in the cluster soak, where everything shares two cores, p95 338 against 569 ms. Its HTTP and
  websocket work runs in Rust, beside the Python thread.
- **uvicorn**: 60 % less memory per connected phone (~80 KB against ~210). Granian keeps ~150 KB
  per open websocket before any app runs; uvicorn with wsproto ~20 KB. For a host short of memory
  rather than of CPU (many quiet connections). Past capacity it answered as many taps.

Gunicorn runs the master (which imports the app once, ``--preload``) and forks the workers; it
restarts a worker that dies or stops answering, and stops them all on SIGTERM.
"""

from __future__ import annotations

import gc

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


def when_ready(server) -> None:
    """In the master, with the app imported, before any worker forks: freeze every object it
    holds, so the workers' garbage collector never writes to them and the pages they share with
    the master stay shared (without this each worker copied ~40 MB of the master in its first
    minute under load)."""
    gc.collect()
    gc.freeze()


class Worker(UvicornWorker):
    """uvloop and httptools (C event loop and HTTP parser), and wsproto for the event socket:
    one protocol object per socket, where the websockets library keeps three tasks and the
    handshake's headers besides — 19 KB per open socket against 29 (bench/ws_floor.py), and
    ~80 KB per connected phone against ~93 with the app (bench/README.md, "The server").
    No per-message compression: a state update is a few hundred bytes, and each compressed socket
    would keep two zlib contexts for its whole life (Granian offered none)."""

    CONFIG_KWARGS = {
        "loop": "uvloop",
        "http": "httptools",
        "ws": "wsproto",
        "ws_per_message_deflate": False,
        "server_header": False,
    }
