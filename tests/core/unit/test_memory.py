"""A worker collects its garbage in full only when phones have left, never on a timer under steady
load (each full collection held the event loop 230–370 ms), and runs with larger GC thresholds."""

from __future__ import annotations

import asyncio
import gc
import types

import pytest
import socketio

from quanyi_app.core import memory


def test_departed_needs_a_real_crowd_gone():
    assert not memory.departed(0, 0)
    assert not memory.departed(200, 200)
    assert not memory.departed(200, 190)  # churn: a few came and went
    assert memory.departed(200, 150)  # a quarter left
    assert memory.departed(200, 0)
    assert not memory.departed(40, 25)  # a quarter, but fewer than MIN_DEPARTED
    assert memory.departed(40, 15)


def _app_with_sockets(n: int):
    sio = socketio.AsyncServer(async_mode="asgi")
    for i in range(n):
        sio.eio.sockets[f"sid{i}"] = object()
    return types.SimpleNamespace(sio=sio)


def test_open_sockets_counts_the_engineio_sessions():
    app = _app_with_sockets(3)
    assert memory.open_sockets(app) == 3
    app.sio.eio.sockets.clear()
    assert memory.open_sockets(app) == 0
    assert memory.open_sockets(types.SimpleNamespace(sio=None)) == 0  # not serving sockets


async def test_release_memory_collects_only_after_phones_leave(monkeypatch):
    app = _app_with_sockets(0)
    # What the worker holds at each 30-s pass: a crowd arrives, stays, churns, then leaves.
    passes = [0, 150, 200, 200, 195, 198, 0, 0, 120, 60]
    collected: list[int] = []
    trimmed: list[int] = []
    step = iter(range(len(passes) + 1))

    async def fake_sleep(seconds):
        assert seconds == memory.RELEASE_EVERY_SECONDS
        i = next(step)
        if i == len(passes):
            raise asyncio.CancelledError
        app.sio.eio.sockets.clear()
        app.sio.eio.sockets.update({f"s{k}": object() for k in range(passes[i])})
        app.pass_no = i

    monkeypatch.setattr(memory.asyncio, "sleep", fake_sleep)
    monkeypatch.setattr(memory.gc, "collect", lambda *a: collected.append(app.pass_no))
    monkeypatch.setattr(memory, "_malloc_trim", lambda: trimmed.append(app.pass_no))
    old = gc.get_threshold()
    try:
        with pytest.raises(asyncio.CancelledError):
            await memory.release_memory(app)
        assert gc.get_threshold() == memory.GC_THRESHOLDS
    finally:
        gc.set_threshold(*old)
    # Pass 6: 200 gone. Pass 9: 60 of 120 gone. Never while phones stayed or merely churned.
    assert collected == [6, 9]
    assert trimmed == [6, 9]


def test_every_worker_runs_release_memory_with_the_app():
    from quanyi_app.quanyi_app import app

    tasks = [getattr(t, "func", t) for t in app.get_lifespan_tasks()]
    assert memory.release_memory in tasks
