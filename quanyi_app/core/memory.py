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
"""

from __future__ import annotations

import asyncio
import gc

# (young, middle, old): Python's default is (700, 10, 10). 10,000 young allocations is a few MB of
# garbage at most before a collection, per worker, whatever the number of phones.
GC_THRESHOLDS = (10_000, 10, 10)

RELEASE_EVERY_SECONDS = 30
# Phones gone since the last release that make a pass worth its pause: a quarter of the most
# this worker held since then, and at least this many.
MIN_DEPARTED = 20


def tune_gc() -> None:
    gc.set_threshold(*GC_THRESHOLDS)


def departed(peak: int, now: int) -> bool:
    """Whether enough phones left (from ``peak`` open sockets to ``now``) to collect and trim."""
    return peak - now >= max(MIN_DEPARTED, peak // 4)


def open_sockets(app) -> int:
    """The event sockets this worker holds (python-engineio's table of its sessions)."""
    sio = getattr(app, "sio", None)
    return len(getattr(getattr(sio, "eio", None), "sockets", ()) or ())


def _malloc_trim() -> None:
    import ctypes

    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except OSError:  # not glibc
        pass


async def release_memory(app=None) -> None:
    """Lifespan task (every worker): set the collector's thresholds, then every
    ``RELEASE_EVERY_SECONDS`` check whether phones left; if so, collect what they left behind and
    hand the freed memory back to the system (bench/phones.py measures it: after a crowd leaves,
    the memory otherwise stays in the allocator's free lists)."""
    tune_gc()
    peak = 0
    while True:
        await asyncio.sleep(RELEASE_EVERY_SECONDS)
        now = open_sockets(app)
        if departed(peak, now):
            gc.collect()
            await asyncio.to_thread(_malloc_trim)
            peak = now
        else:
            peak = max(peak, now)
