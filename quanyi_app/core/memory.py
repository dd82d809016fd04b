"""A worker's memory: no stop-the-world pauses while phones are connected, memory back when they leave.

Each connected phone keeps a few hundred small Python objects in its worker (its socket, queues,
router data), all tracked by the cyclic garbage collector. A full collection walks every one of
them and holds the event loop meanwhile: with 200 phones on a worker that was 230–370 ms, during
which every tap on that worker waited (bench/README.md, "Garbage collection"). Two things caused
them under steady load:

- Python's default thresholds (700 allocations) collect the young generation after every few
  events. Objects alive across an await at that moment (a state being read from Redis, a message
  being sent) are promoted as if long-lived, and the full collections that follow come every few
  seconds. With :data:`GC_THRESHOLDS` the young generation is collected ~14× less often, few
  short-lived objects are promoted, and in the measured holds (200 and 500 phones a worker) no
  full collection came due at all; one still comes when the old generation has grown by a quarter.
  GC's share of a worker's CPU fell from 14 % to 5–9 %.
- ``release_memory`` used to force a full collection every 30 s, to hand back what departed
  phones left behind. It now does so only when phones *have* left (:func:`departed`): a crowd
  gone since the last pass. Under a steady load it costs nothing.

When phones have left it also closes the Redis connections the crowd made its worker open and
that now sit idle (:func:`drop_idle_connections`). A pool keeps every connection it ever opened:
~100 a worker after 1,000 phones (the state store's pool and Reflex's token manager's), each with
its reader, parser, retry policy and some forty listener lists, scattered over the memory the crowd
used. Python's allocator hands an arena (1 MiB) back only when nothing in it is alive any more, so
those few live objects kept most of what the crowd cost (bench/README.md, "Memory given back").

Closing them is not enough: a probe found the survivors down to ~200 objects a worker (a pooled
SQLite connection's cursor references, a Reflex cache, the event processor's own futures) still
spread over every arena the crowd filled, and a worker kept ~34 KB of each departed phone. CPython
cannot move objects to empty an arena, so the one way to give it all back is a fresh process, as
uWSGI's ``reload-on-rss`` and gunicorn's ``max_requests`` do. Under gunicorn with the Redis state
store (:data:`renewable`), a worker that a crowd has left (:func:`should_renew`: it held
``QUANYI_RENEW_AFTER_CROWD`` (100) phones at once, at most :data:`RENEW_WITH_AT_MOST` are still
connected) ends itself gracefully, and gunicorn forks a fresh one from the preloaded app in about a
second. That also gives back the ~25 MB of the app's pages a worker copies from gunicorn's master
in its first requests (copy-on-write), so a fresh worker starts at ~13 MB of its own. The states
are in Redis; the few phones still connected reconnect at once, their typed text is in the
browser. One worker of a node at a time (a Redis lock).
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import signal
import socket

from quanyi_app.core.settings import get_settings

# (young, middle, old): Python's default is (700, 10, 10). 10,000 young allocations is a few MB of
# garbage at most before a collection, per worker, whatever the number of phones.
GC_THRESHOLDS = (10_000, 10, 10)

RELEASE_EVERY_SECONDS = 30
# Phones gone since the last release that make a pass worth its pause: a quarter of the most
# this worker held since then, and at least this many.
MIN_DEPARTED = 20
# Idle connections a Redis pool keeps once phones have left: plenty for a quiet worker (an event
# holds one for a round trip or two); a new crowd opens more, up to the pool's cap.
IDLE_REDIS_CONNECTIONS = 8

# Renewal (see above). Set in each gunicorn worker after the fork (quanyi_app/serving.py); Granian
# and `reflex run` do not restart a worker that ends, so theirs are never renewed.
renewable = False
# Phones that may still be connected: they reconnect (to the other worker or the fresh one).
RENEW_WITH_AT_MOST = 5
# One renewal at a time per node: the others wait for the next pass.
RENEW_LOCK_SECONDS = 20

log = logging.getLogger("quanyi.memory")


def tune_gc() -> None:
    gc.set_threshold(*GC_THRESHOLDS)


def departed(peak: int, now: int) -> bool:
    """Whether enough phones left (from ``peak`` open sockets to ``now``) to collect and trim."""
    return peak - now >= max(MIN_DEPARTED, peak // 4)


def open_sockets(app) -> int:
    """The event sockets this worker holds (python-engineio's table of its sessions)."""
    sio = getattr(app, "sio", None)
    return len(getattr(getattr(sio, "eio", None), "sockets", ()) or ())


def redis_pools(app) -> list:
    """This worker's Redis connection pools: the state store's and Reflex's token manager's."""
    clients = (
        getattr(getattr(app, "_state_manager", None), "redis", None),
        getattr(getattr(getattr(app, "event_namespace", None), "_token_manager", None), "redis", None),
    )
    pools = [getattr(c, "connection_pool", None) for c in clients]
    return [p for i, p in enumerate(pools) if p is not None and p not in pools[:i]]


async def drop_idle_connections(pool, keep: int = IDLE_REDIS_CONNECTIONS) -> int:
    """Close the idle connections of a redis-py pool beyond ``keep``; returns how many went.

    The pool hands out the most recently returned connection first (``pop()``), so the oldest idle
    ones are at the front of its list: those go. Connections in use are not touched, and the pool
    opens new ones when it needs them again. redis-py has no call for this; its idle list is
    ``_available_connections`` (asserted against a real Redis in tests/core/unit/test_memory.py)."""
    idle = getattr(pool, "_available_connections", None)
    if not isinstance(idle, list) or len(idle) <= keep:
        return 0
    gone = idle[: len(idle) - keep]
    del idle[: len(idle) - keep]  # no await between reading and cutting: no other task sees half
    await asyncio.gather(*(c.disconnect() for c in gone), return_exceptions=True)
    return len(gone)


def _malloc_trim() -> None:
    import ctypes

    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except OSError:  # not glibc
        pass


def private_mb() -> int | None:
    """This process's private memory (what ending it gives back), MB; None off Linux."""
    try:
        with open("/proc/self/smaps_rollup") as f:
            kb = sum(int(line.split()[1]) for line in f if line.startswith(("Private_Clean:", "Private_Dirty:")))
    except (OSError, ValueError, IndexError):
        return None
    return kb // 1024


def should_renew(*, crowd: int, connected: int, after_crowd: int) -> bool:
    """Whether a worker should make way for a fresh one: it held ``crowd`` phones at once (at some
    pass), at least ``after_crowd`` (0: never renew), and nearly all have left. A crowd is what
    leaves memory behind; a worker whose memory grew by other work (photos, PDFs) or a handful
    of phones is the collector's and ``malloc_trim``'s to give back."""
    return after_crowd > 0 and crowd >= after_crowd and connected <= RENEW_WITH_AT_MOST


async def _may_renew(app) -> bool:
    """Only under gunicorn, with the states in Redis, and no other worker of this node renewing."""
    manager = getattr(app, "_state_manager", None)
    redis = getattr(manager, "redis", None)
    if not renewable or redis is None:
        return False
    key = f"quanyi:renewing:{socket.gethostname()}:{os.getppid()}"
    try:
        return bool(await redis.set(key, os.getpid(), nx=True, ex=RENEW_LOCK_SECONDS))
    except Exception:  # Redis away: renew another time
        return False


def _end_this_worker() -> None:
    """uvicorn's graceful stop (as on SIGTERM from gunicorn): open requests finish, the sockets
    are closed with "service restart", the lifespan ends; gunicorn then forks a fresh worker."""
    os.kill(os.getpid(), signal.SIGTERM)


async def release_memory(app=None) -> None:
    """Lifespan task (every worker): set the collector's thresholds, then every
    ``RELEASE_EVERY_SECONDS`` check whether phones left; if so, collect what they left behind and
    hand the freed memory back to the system (bench/phones.py measures it: after a crowd leaves,
    the memory otherwise stays in the allocator's free lists)."""
    tune_gc()
    peak = crowd = 0
    while True:
        await asyncio.sleep(RELEASE_EVERY_SECONDS)
        now = open_sockets(app)
        if departed(peak, now):
            for pool in redis_pools(app):
                await drop_idle_connections(pool)
            gc.collect()
            await asyncio.to_thread(_malloc_trim)
            peak = now
        else:
            peak = max(peak, now)
        crowd = max(crowd, now)
        after_crowd = get_settings().renew_after_crowd
        if should_renew(crowd=crowd, connected=now, after_crowd=after_crowd) and await _may_renew(app):
            log.info("worker %s renews itself: %s phones left, %s MB to give back", os.getpid(), crowd, private_mb())
            _end_this_worker()
            return
