"""The two-round-trip Redis state store (``core/statestore.py``), against a real redis-server:
the same states written and read as Reflex's own manager, two commands per event instead of four,
the lock honoured against Reflex's own manager and against another worker, and nothing written by
an event that lost its lock or failed."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from reflex.istate.manager.redis import StateManagerRedis
from reflex.istate.manager.token import BaseStateToken
from reflex_base.utils.exceptions import LockExpiredError

from quanyi_app.core.statestore import LeanStateManagerRedis


@pytest.fixture
def submit_state():
    import quanyi_app.quanyi_app  # noqa: F401  (the app's whole state tree)
    from quanyi_app.proposals.state.submit import SubmitState

    return SubmitState


def _token(cls) -> BaseStateToken:
    return BaseStateToken(ident=str(uuid.uuid4()), cls=cls)


def _run(redis_url, body, **manager_args):
    from redis.asyncio import Redis

    async def go():
        redis = Redis.from_url(redis_url)
        lean = LeanStateManagerRedis(redis=redis, token_expiration=600, **manager_args)
        reflex = StateManagerRedis(redis=redis, token_expiration=600, **manager_args)
        try:
            for manager in (lean, reflex):  # as a worker's managers are once a lock has been waited for
                await manager._ensure_lock_task_subscribed(timeout=10)
            return await body(redis, lean, reflex)
        finally:
            await lean.close()
            await reflex.close()

    return asyncio.run(go())


async def _set(manager, token, cls, field, value):
    async with manager.modify_state(token) as root:
        setattr(await root.get_state(cls), field, value)


async def _get(manager, token, cls, field):
    return getattr(await (await manager.get_state(token)).get_state(cls), field)


def test_an_event_costs_two_redis_round_trips_where_reflex_makes_four(redis_url, submit_state):
    async def body(redis, lean, reflex):
        sent: list[str] = []
        execute = redis.execute_command

        async def counting(*args, **options):  # every command the client sends, scripts included
            sent.append(args[0] if isinstance(args[0], str) else args[0].decode())
            return await execute(*args, **options)

        token = _token(submit_state)
        await _set(lean, token, submit_state, "category_id", "0")  # loads the scripts once
        redis.execute_command = counting
        counted = {}
        for name, manager in (("lean", lean), ("reflex", reflex)):
            sent.clear()
            await _set(manager, token, submit_state, "category_id", name)
            counted[name] = list(sent)
        counted["written"] = await _get(reflex, token, submit_state, "category_id")
        return counted

    counted = _run(redis_url, body)
    assert counted["lean"] == ["EVALSHA", "EVALSHA"]
    assert [c.upper() for c in counted["reflex"]] == ["SET", "MGET", "EVAL", "GETDEL"]
    assert counted["written"] == "reflex"


def test_what_one_manager_writes_the_other_reads(redis_url, submit_state):
    async def body(redis, lean, reflex):
        token = _token(submit_state)
        await _set(lean, token, submit_state, "category_id", "3")
        by_reflex = await _get(reflex, token, submit_state, "category_id")
        await _set(reflex, token, submit_state, "building_id", "7")
        async with lean.modify_state(token) as root:  # the lean read builds the same tree
            form = await root.get_state(submit_state)
            read = (form.category_id, form.building_id, form.parent_state is root)
        locks = await redis.keys("*_lock")
        return by_reflex, read, locks

    by_reflex, read, locks = _run(redis_url, body)
    assert by_reflex == "3"
    assert read == ("3", "7", True)
    assert locks == []  # every lock released


def test_concurrent_events_of_one_tab_lose_no_update_across_workers_and_managers(redis_url, submit_state):
    """Two workers (two managers on their own connections) and Reflex's manager, 60 events on one
    tab at once, each appending to the same field: every one lands, one at a time."""
    from redis.asyncio import Redis

    async def body(redis, lean, reflex):
        other_worker = LeanStateManagerRedis(redis=Redis.from_url(redis_url), token_expiration=600)
        token = _token(submit_state)
        await _set(lean, token, submit_state, "error", "")

        async def append(manager, mark):
            async with manager.modify_state(token) as root:
                form = await root.get_state(submit_state)
                seen = form.error
                await asyncio.sleep(0.001)  # a handler that awaits while holding the lock
                form.error = seen + mark

        managers = [lean, other_worker, reflex] * 20
        await asyncio.gather(*(append(m, "x") for m in managers))
        result = await _get(reflex, token, submit_state, "error")
        await other_worker.close()
        return result

    assert _run(redis_url, body) == "x" * 60


def test_an_event_that_outlived_its_lock_writes_nothing_and_leaves_the_new_owner_its_lock(redis_url, submit_state):
    async def body(redis, lean, reflex):
        token = _token(submit_state)
        await _set(lean, token, submit_state, "category_id", "before")
        lock_key = lean._lock_key(token)
        with pytest.raises(LockExpiredError):
            async with lean.modify_state(token) as root:
                (await root.get_state(submit_state)).category_id = "late"
                await redis.set(lock_key, b"someone-else", px=5000)  # ours expired, another took it
        return await _get(reflex, token, submit_state, "category_id"), await redis.get(lock_key)

    assert _run(redis_url, body, lock_expiration=10_000, lock_warning_threshold=1_000) == (
        "before",
        b"someone-else",
    )


def test_a_failing_event_writes_nothing_and_frees_the_lock(redis_url, submit_state):
    async def body(redis, lean, reflex):
        token = _token(submit_state)
        await _set(lean, token, submit_state, "category_id", "before")
        with pytest.raises(RuntimeError):
            async with lean.modify_state(token) as root:
                (await root.get_state(submit_state)).category_id = "half"
                raise RuntimeError("handler failed")
        lock = await redis.get(lean._lock_key(token))
        await _set(lean, token, submit_state, "building_id", "2")  # the tab is not stuck
        return await _get(reflex, token, submit_state, "category_id"), lock

    assert _run(redis_url, body) == ("before", None)


def test_a_failed_read_after_waiting_frees_the_lock(redis_url, submit_state):
    async def body(redis, lean, reflex):
        token = _token(submit_state)
        lock_key = lean._lock_key(token)
        await redis.set(lock_key, b"another-worker", px=300)  # taken, expires: the wait path

        async def broken_read(*args, **kwargs):
            raise ConnectionError("Redis went away mid-read")

        lean.get_state = broken_read
        with pytest.raises(ConnectionError):
            async with lean.modify_state(token):
                pass
        return await redis.get(lock_key)

    assert _run(redis_url, body) is None


def test_a_waiting_event_gets_the_lock_when_the_holder_frees_it(redis_url, submit_state):
    """The lock taken elsewhere: the script reads nothing and Reflex's wait takes over."""

    async def body(redis, lean, reflex):
        token = _token(submit_state)
        lock_key = lean._lock_key(token)
        await redis.set(lock_key, b"another-worker", px=10_000)

        async def free_later():
            await asyncio.sleep(0.3)
            while_held = await _get(reflex, token, submit_state, "category_id")  # nothing written yet
            await redis.delete(lock_key)
            return while_held

        freeing = asyncio.create_task(free_later())
        await _set(lean, token, submit_state, "category_id", "after-wait")
        return await freeing, await _get(reflex, token, submit_state, "category_id")

    assert _run(redis_url, body) == ("", "after-wait")


def test_a_restarted_redis_without_its_scripts_still_serves(redis_url, submit_state):
    async def body(redis, lean, reflex):
        token = _token(submit_state)
        await _set(lean, token, submit_state, "category_id", "1")
        await redis.script_flush()  # what a Redis restart does to the script cache
        await _set(lean, token, submit_state, "category_id", "2")
        return await _get(reflex, token, submit_state, "category_id")

    assert _run(redis_url, body) == "2"


def test_the_app_runs_on_the_lean_store_when_redis_is_configured(redis_url, monkeypatch):
    from reflex_base.config import get_config

    from quanyi_app.quanyi_app import app

    config = get_config()
    monkeypatch.setattr(config, "redis_url", redis_url)  # as REFLEX_REDIS_URL sets it
    monkeypatch.setattr(config, "state_manager_mode", config.state_manager_mode)  # restored after
    before = app._state_manager
    try:
        app._setup_state()
        assert type(app._state_manager) is LeanStateManagerRedis
    finally:
        app._state_manager = before


def test_a_foreground_event_frees_its_states_at_once_without_the_cyclic_collector(redis_url, submit_state, migrated):
    """Each event reads a fresh tree of states (a reference cycle: parent and substates). Through the
    app's event processor the tree is taken apart once saved, so nothing of it is left for the
    cyclic collector; through Reflex's own processor every event leaves its tree behind."""
    import gc

    from reflex.state import BaseState, State
    from reflex_base.event import Event
    from reflex_base.event.processor.base_state_processor import BaseStateEventProcessor

    from quanyi_app.core import admission
    from quanyi_app.quanyi_app import app

    set_category = f"{submit_state.get_full_name()}.set_category"

    class Namespace:  # the one method the processor calls on the event namespace
        async def emit_update(self, update, token):
            pass

    def trees_left(processor) -> int:
        async def body(redis, lean, reflex):
            processor.configure(state_manager=lean, event_namespace=Namespace())
            token = _token(submit_state)

            async def pick(value: str) -> None:  # one event, through the processor, until it is saved
                await processor.enqueue(token.ident, Event(name=set_category, payload={"value": value}))
                for _ in range(200):
                    blob = await redis.get(token._state_key(submit_state))  # read alone: no tree built
                    saved = blob and BaseState._deserialize(data=blob).category_id == value
                    if saved and not await redis.exists(lean._lock_key(token)):
                        return
                    await asyncio.sleep(0.05)
                raise AssertionError(f"the pick of {value} was not saved")

            async with processor:
                await pick("1")
                gc.collect()
                gc.set_debug(gc.DEBUG_SAVEALL)  # what the collector finds from here on is kept to count
                try:
                    for value in "2323":
                        await pick(value)
                    gc.collect()
                    return sum(type(o) is State for o in gc.garbage)  # the trees' roots
                finally:
                    gc.set_debug(0)
                    gc.garbage.clear()

        with app._registration_context:
            return _run(redis_url, body)

    assert trees_left(admission.AdmittingEventProcessor(line=admission.Line(slots=0))) == 0
    assert trees_left(BaseStateEventProcessor()) == 4  # Reflex's: one tree per event, for the collector
