"""A worker collects its garbage in full only when phones have left, never on a timer under steady
load (each full collection held the event loop 230–370 ms), and runs with larger GC thresholds.
When phones have left it also closes the Redis connections the crowd left idle."""

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


def _passes(monkeypatch, app, sockets: list[int]) -> None:
    """Make ``release_memory``'s 30-s sleeps instant: before pass ``i`` the worker holds
    ``sockets[i]`` open sockets (``app.pass_no`` is ``i``); after the last, the task is cancelled."""
    step = iter(range(len(sockets) + 1))

    async def fake_sleep(seconds):
        assert seconds == memory.RELEASE_EVERY_SECONDS
        i = next(step)
        if i == len(sockets):
            raise asyncio.CancelledError
        app.sio.eio.sockets.clear()
        app.sio.eio.sockets.update({f"s{k}": object() for k in range(sockets[i])})
        app.pass_no = i

    monkeypatch.setattr(memory.asyncio, "sleep", fake_sleep)


async def test_release_memory_collects_only_after_phones_leave(monkeypatch):
    app = _app_with_sockets(0)
    # What the worker holds at each 30-s pass: a crowd arrives, stays, churns, then leaves.
    passes = [0, 150, 200, 200, 195, 198, 0, 0, 120, 60]
    collected: list[int] = []
    trimmed: list[int] = []
    _passes(monkeypatch, app, passes)
    monkeypatch.setattr(memory.gc, "collect", lambda *a: collected.append(app.pass_no))
    monkeypatch.setattr(memory, "_malloc_trim", lambda: trimmed.append(app.pass_no))
    dropped: list[tuple[int, str]] = []

    async def drop(pool):
        dropped.append((app.pass_no, pool))

    monkeypatch.setattr(memory, "redis_pools", lambda a: ["state", "tokens"] if a is app else [])
    monkeypatch.setattr(memory, "drop_idle_connections", drop)
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
    assert dropped == [(6, "state"), (6, "tokens"), (9, "state"), (9, "tokens")]


def test_every_worker_runs_release_memory_with_the_app():
    from quanyi_app.quanyi_app import app

    tasks = [getattr(t, "func", t) for t in app.get_lifespan_tasks()]
    assert memory.release_memory in tasks


async def _client_count(redis) -> int:
    return len(await redis.client_list())


async def _open(pool, n: int) -> list:
    """``n`` connections opened and in use at once, as a crowd's events make a pool open them."""
    return [await pool.get_connection() for _ in range(n)]


def test_idle_redis_connections_beyond_a_few_are_closed_and_the_pool_still_serves(redis_url):
    from redis.asyncio import BlockingConnectionPool, Redis

    async def go():
        pool = BlockingConnectionPool.from_url(redis_url, max_connections=64, timeout=5)
        client = Redis.from_pool(pool)
        watcher = Redis.from_url(redis_url)
        try:
            before = await _client_count(watcher)
            crowd = await _open(pool, 20)
            busy = crowd[:3]  # still answering events when the pass comes
            for conn in crowd[3:]:
                await pool.release(conn)
            assert await _client_count(watcher) == before + 20
            assert await memory.drop_idle_connections(pool, keep=8) == 9
            assert await _client_count(watcher) == before + 3 + 8  # the 9 closed on the server too
            assert len(pool._available_connections) == 8
            for conn in busy:  # in-use connections untouched
                assert conn.is_connected
                await conn.send_command("PING")
                assert await conn.read_response() == b"PONG"
                await pool.release(conn)
            assert await memory.drop_idle_connections(pool, keep=8) == 3
            assert await memory.drop_idle_connections(pool, keep=8) == 0
            await client.set("k", "v")  # the pool opens what it needs again
            assert await client.get("k") == b"v"
            assert len(await asyncio.gather(*(client.incr("n") for _ in range(30)))) == 30
        finally:
            await client.aclose()
            await watcher.aclose()
            await pool.disconnect()

    asyncio.run(go())


def test_redis_pools_are_the_state_stores_and_the_token_managers_each_once():
    state_pool, token_pool = object(), object()

    def client(pool):
        return types.SimpleNamespace(connection_pool=pool)

    def app(state, token):
        return types.SimpleNamespace(
            _state_manager=types.SimpleNamespace(redis=client(state)),
            event_namespace=types.SimpleNamespace(_token_manager=types.SimpleNamespace(redis=client(token))),
        )

    assert memory.redis_pools(app(state_pool, token_pool)) == [state_pool, token_pool]
    assert memory.redis_pools(app(state_pool, state_pool)) == [state_pool]
    # Memory and disk stores, local token manager: no Redis.
    local = types.SimpleNamespace(_state_manager=types.SimpleNamespace(), event_namespace=None)
    assert memory.redis_pools(local) == []


def test_a_worker_renews_only_when_a_crowd_has_left_it():
    def renew(crowd, connected, after_crowd=100):
        return memory.should_renew(crowd=crowd, connected=connected, after_crowd=after_crowd)

    assert renew(500, 0)  # a crowd came and went
    assert renew(100, memory.RENEW_WITH_AT_MOST)  # a few stayed: they reconnect
    assert not renew(500, memory.RENEW_WITH_AT_MOST + 1)  # phones still here
    assert not renew(99, 0)  # a handful of pages, memory grown by photos or PDFs: not a crowd
    assert not renew(5000, 0, after_crowd=0)  # QUANYI_RENEW_AFTER_CROWD=0: never


class _Redis:
    """The state store's client, as far as renewal uses it: one SET NX lock per node."""

    def __init__(self, taken: bool = False):
        self.taken, self.sets = taken, []

    async def set(self, key, value, *, nx, ex):
        self.sets.append((key, value, nx, ex))
        return not self.taken


async def _renewal_passes(monkeypatch, *, sockets, renewable=True, redis=None, after_crowd=100):
    """Run release_memory over passes (open sockets at each); return the pass at which the worker
    ended itself (None: it never did) and the lock requests it made."""
    redis = redis or _Redis()
    app = _app_with_sockets(0)
    app._state_manager = types.SimpleNamespace(redis=redis)
    ended: list[int] = []
    _passes(monkeypatch, app, sockets)
    monkeypatch.setattr(memory.gc, "collect", lambda *a: None)
    monkeypatch.setattr(memory, "_malloc_trim", lambda: None)
    monkeypatch.setattr(memory, "redis_pools", lambda a: [])
    monkeypatch.setattr(memory, "private_mb", lambda: 120)
    monkeypatch.setattr(memory, "_end_this_worker", lambda: ended.append(app.pass_no))
    monkeypatch.setattr(memory, "renewable", renewable)
    monkeypatch.setattr(memory, "get_settings", lambda: types.SimpleNamespace(renew_after_crowd=after_crowd))
    old = gc.get_threshold()
    try:
        await memory.release_memory(app)
    except asyncio.CancelledError:
        pass
    finally:
        gc.set_threshold(*old)
    assert len(ended) <= 1
    return (ended[0] if ended else None), redis.sets


async def test_a_worker_a_crowd_has_left_ends_itself_once_and_stops_its_passes(monkeypatch):
    # A crowd arrives, stays, leaves.
    sockets = [0, 300, 500, 500, 2, 0, 0]
    at, sets = await _renewal_passes(monkeypatch, sockets=sockets)
    assert at == 4  # the first pass with the phones gone; none after (the loop returned)
    assert len(sets) == 1 and sets[0][2:] == (True, memory.RENEW_LOCK_SECONDS)
    assert sets[0][0].startswith("quanyi:renewing:")


async def test_no_renewal_outside_gunicorn_with_redis_or_while_another_worker_renews(monkeypatch):
    sockets = [0, 500, 0, 0]
    # A few pages open all along: no crowd left, no renewal.
    assert (await _renewal_passes(monkeypatch, sockets=[3, 40, 2, 0]))[0] is None
    assert (await _renewal_passes(monkeypatch, sockets=sockets, renewable=False))[0] is None
    taken = _Redis(taken=True)  # another worker of this node holds the lock: wait for a later pass
    at, sets = await _renewal_passes(monkeypatch, sockets=sockets, redis=taken)
    assert at is None and len(sets) == 2
    assert (await _renewal_passes(monkeypatch, sockets=sockets, after_crowd=0))[0] is None
