"""Reflex's Redis state manager with two round trips per event instead of four.

For each event Reflex 0.10's ``StateManagerRedis`` (opportunistic locks off, as we run it) talks to
Redis four times, one after the other: ``SET NX`` the tab's lock, ``MGET`` its states, a fenced
``EVAL`` that writes the changed states while the lock is still ours, ``GETDEL`` the lock. Each
round trip puts the event back in the worker's ready queue behind every other event, so under load
every round trip costs a loop turn (tens of ms on a busy worker), and each costs Redis and the worker
a command's CPU.

Here the lock and the read go in one script, and the write and the unlock in another (both
atomic on the Redis server, sent by SHA once loaded):

- ``LOCK_AND_READ``: ``SET NX PX`` the lock and, only if it was free, ``MGET`` the states. When the
  lock is taken (another tab of the same session, or another worker mid-event) the script returns
  nothing and Reflex's own waiting path runs unchanged (pub/sub on the lock key, then its own read);
  so does a lock this worker's own events already wait for, to keep them first come first served.
- ``SAVE_AND_UNLOCK``: the fenced save Reflex does, then ``DEL`` of the lock in the same script.
  As before, an expired or re-taken lock writes nothing and raises ``LockExpiredError``; the lock is
  then left to its new owner. An event that fails before saving releases the lock, and only its
  own (Reflex's ``GETDEL`` would release whoever holds it).

Everything else (opportunistic locks if ever turned on, tokens that are not a state tree, plain
reads and writes) is Reflex's own code. Measured in bench/README.md ("Redis round trips").

Each event reads a fresh tree of states, and a tree is a reference cycle (a parent keeps its
substates, each substate its parent): left alone, every event's tree stays in the worker until the
cyclic collector comes round, thousands of them at a time under load. Within
``released_after_save`` (the event processor's foreground events) the tree is taken apart once saved,
as Reflex does with a tree it purges, and goes the moment the event ends ("Each event's states
freed at once", bench/README.md).
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

from reflex.istate.manager import _release_state_tree
from reflex.istate.manager.redis import StateManagerRedis
from reflex.istate.manager.token import BaseStateToken
from reflex.state import BaseState
from reflex_base.utils.exceptions import LockExpiredError, StateSchemaMismatchError

logger = logging.getLogger("reflex.istate.manager.redis")  # Reflex's own "held too long" warnings go there

# KEYS: the lock, then the state keys. ARGV: the lock id, the lock's lifetime in ms.
# Returns the states (nil for a missing one) if the lock was free and is now ours, else nil.
LOCK_AND_READ = """
if not redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then
    return nil
end
if #KEYS == 1 then
    return {}
end
return redis.call('MGET', unpack(KEYS, 2))
"""

# KEYS: the lock, then the state keys. ARGV: the lock id, the states' lifetime in s, then the
# states in KEYS order. Writes only while the lock is ours; returns its remaining ms, then frees it.
SAVE_AND_UNLOCK = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
    return nil
end
for i = 2, #KEYS do
    redis.call('SET', KEYS[i], ARGV[i + 1], 'EX', ARGV[2])
end
local left = redis.call('PTTL', KEYS[1])
redis.call('DEL', KEYS[1])
return left
"""

# KEYS: the lock. ARGV: the lock id. Frees the lock only if it is still ours.
UNLOCK = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
    return redis.call('DEL', KEYS[1])
end
return 0
"""


# The tab whose foreground event runs in this task: nothing holds its state tree once the event has
# saved it (a background event's task keeps a state past its lock, so it never sets this).
_RELEASED_TAB: contextvars.ContextVar[str | None] = contextvars.ContextVar("quanyi_released_tab", default=None)


@contextlib.contextmanager
def released_after_save(tab: str) -> Iterator[None]:
    """Within it, the state tree an event of ``tab`` saved is taken apart, freeing it at once."""
    reset = _RELEASED_TAB.set(tab)
    try:
        yield
    finally:
        _RELEASED_TAB.reset(reset)


class LeanStateManagerRedis(StateManagerRedis):
    """``StateManagerRedis`` whose ``modify_state`` makes two round trips, not four."""

    @classmethod
    def replacing(cls, manager: StateManagerRedis) -> LeanStateManagerRedis:
        """The same manager (its Redis client and settings), with the two-trip ``modify_state``."""
        return cls(
            redis=manager.redis,
            token_expiration=manager.token_expiration,
            lock_expiration=manager.lock_expiration,
            lock_warning_threshold=manager.lock_warning_threshold,
            oplock_hold_time_ms=manager.oplock_hold_time_ms,
        )

    def __post_init__(self):
        super().__post_init__()
        self._lock_and_read = self.redis.register_script(LOCK_AND_READ)
        self._save_and_unlock = self.redis.register_script(SAVE_AND_UNLOCK)
        self._unlock = self.redis.register_script(UNLOCK)

    @contextlib.asynccontextmanager
    async def modify_state(self, token, **context) -> AsyncIterator[Any]:
        token = self._coerce_token(token)
        if self._oplock_enabled or not isinstance(token, BaseStateToken):
            async with super().modify_state(token, **context) as state:
                yield state
            return
        event = context.get("event")
        lock_key = self._lock_key(token)
        lock_id = (f"{event.name}:{uuid.uuid4().hex}" if event is not None else uuid.uuid4().hex).encode()
        classes = sorted(self._get_required_state_classes(token.cls, subclasses=True), key=lambda c: c.get_full_name())
        blobs = None
        if not self._n_lock_waiters(lock_key):  # nobody here waits for it: try to take it and read at once
            blobs = await self._lock_and_read(
                keys=[lock_key, *(token._state_key(c) for c in classes)], args=[lock_id, self.lock_expiration]
            )
        if blobs is None:  # taken: Reflex's own wait, then its own read (below)
            await self._wait_lock(lock_key, lock_id)
        try:  # the lock is ours from here: a failed read or event frees it, writing nothing
            state = await self.get_state(token) if blobs is None else _tree(classes, blobs)
            yield state
        except BaseException:
            await self._free(lock_key, lock_id)
            raise
        await self._save(token, state, lock_key, lock_id, event)
        if _RELEASED_TAB.get() == token.ident:
            _release_state_tree(state)

    async def _free(self, lock_key: bytes, lock_id: bytes) -> None:
        """Free the lock if it is still ours, writing nothing, and wake the next event here waiting
        for it. With Redis gone the lock expires by itself."""
        with contextlib.suppress(Exception):
            await self._unlock(keys=[lock_key], args=[lock_id])
        self._notify_next_waiter(lock_key)

    async def _save(self, token, state, lock_key: bytes, lock_id: bytes, event) -> None:
        writes = self._collect_state_writes(token, state)
        try:
            left = await self._save_and_unlock(
                keys=[lock_key, *(key for key, _ in writes)],
                args=[lock_id, self.token_expiration, *(blob for _, blob in writes)],
            )
        except BaseException:  # the save may not have run (Redis gone)
            await self._free(lock_key, lock_id)
            raise
        self._notify_next_waiter(lock_key)  # the script freed it
        suffix = f" Happened in event: {event.name}" if event is not None else ""
        if left is None:
            msg = (
                f"Lock expired for token {token} while processing (lock expiration "
                f"{self.lock_expiration} ms), expected lock id {lock_id!r}.{suffix}"
            )
            raise LockExpiredError(msg)
        held_ms = self.lock_expiration - left
        if held_ms > self.lock_warning_threshold:
            logger.warning(
                f"Lock for token {token} was held too long time_taken={held_ms / 1000}s.{suffix}",
                extra={"dedupe": True},
            )


def _tree(classes: list[type[BaseState]], blobs: list[bytes | None]) -> BaseState:
    """The root of the state tree from the states read, as ``StateManagerRedis.get_state`` builds it.

    ``classes`` is sorted by full name, so every parent comes before its substates.
    """
    tree: dict[str, BaseState] = {}
    for cls, blob in zip(classes, blobs, strict=True):
        state = None
        if blob is not None:
            with contextlib.suppress(StateSchemaMismatchError):  # a state from an older build: start afresh
                state = BaseState._deserialize(data=blob)
        if state is None:
            state = cls(init_substates=False, _reflex_internal_init=True)
        name = state.get_full_name()
        tree[name] = state
        if state.get_parent_state() is not None:
            parent_name, _, own = name.rpartition(".")
            parent = tree[parent_name]
            parent.substates[own] = state
            state.parent_state = parent
    return tree[classes[0].get_root_state().get_full_name()]
