"""Admission control for the event socket: past capacity, a tap is turned away instead of queued.

Reflex starts a task for every event a worker receives and runs them all at once. Past what the
cores can serve, every event then waits behind every other one, and some wait for tens of seconds
(bench/README.md, "What one phone costs"). Here:
- a tap that has already waited ``MAX_WAIT`` seconds since it reached the worker (the worker is
  past capacity: its loop is that far behind) is not run but answered with "人多,稍等" (the form
  keeps what was typed; tapping again later works). Running it would cost the full price of an
  event (Redis round trips, the state read and written) and keep every other event waiting;
  answering it costs one message, built once;
- each worker runs at most ``SLOTS`` events at a time (never more than its Redis connections) and
  the others wait in line, first come first served; a tap is also turned away when the head of
  that line has waited ``MAX_WAIT``.

Page loads (the hydrate and the on_load events it chains) and events chained by an admitted event
are never refused: a page that loaded half its state would be worse than a slow one. They wait in
line, ahead of new taps. Background events (none in the app today) run outside the line.

The hook is Reflex 0.10's event processor (``App._setup_event_processor``, which builds a
``BaseStateEventProcessor``); ``tests/core/unit/test_admission.py`` checks that the app really
runs through it.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import dataclasses
import functools
import time
from collections.abc import AsyncIterator

import reflex as rx
from reflex.istate.manager.redis import StateManagerRedis
from reflex_base.constants import CompileVars
from reflex_base.event import Event
from reflex_base.event.processor.base_state_processor import BaseStateEventProcessor
from reflex_base.utils.format import format_event_handler

from quanyi_app.core import eventsocket, strings
from quanyi_app.core.settings import get_settings
from quanyi_app.core.statestore import LeanStateManagerRedis, released_after_save

# Events a worker runs at a time: QUANYI_EVENT_SLOTS (0 turns admission control off); one per Redis
# connection the worker has (64, launcher.py): without a cap the waits happen inside the events, for
# those connections, where nothing can see them. Measured in bench/README.md ("Past capacity"): 16
# throttled a worker whose every await was slower; 48 turned away 0.7 % of taps in the cluster's
# soak at 2,000 phones, 64 0.16 %.
SLOTS = 64
# Longest a tap may have waited before it is turned away: below the form's own "人多,稍等" hint
# (assets/draft.js, SLOW_MS = 1.5 s). Measured: 0.15 s also turned away taps at 2,000 phones
# (1.5 % in the cluster's soak); 1 s far fewer, while past capacity still no tap waited over 5 s.
MAX_WAIT = 1.0


class Line:
    """``slots`` places to run and a first-come line for the rest (one per worker process)."""

    def __init__(self, slots: int = SLOTS, max_wait: float = MAX_WAIT, clock=time.monotonic):
        self.slots, self.max_wait, self.clock = slots, max_wait, clock  # slots 0: everything runs at once
        self.running = 0
        self.refused = 0
        self._arrivals: dict[int, float] = {}  # id(event) -> when it reached this worker
        self._waiting: collections.deque[tuple[float, asyncio.Future]] = collections.deque()

    def full(self) -> bool:
        """Past capacity: the head of the line has waited longer than ``max_wait``."""
        return bool(self._waiting) and self.clock() - self._waiting[0][0] > self.max_wait

    def arrived(self, event: object) -> None:
        """Stamp an event as it reaches the worker (before the loop gets round to running it)."""
        if self.slots:
            if len(self._arrivals) > 100_000:  # stamps of events cancelled before they ran
                self._arrivals.clear()
            self._arrivals[id(event)] = self.clock()

    def waited(self, event: object) -> float:
        """Seconds since ``event`` arrived (0 when it was not stamped); forgets the stamp."""
        stamp = self._arrivals.pop(id(event), None)
        return 0.0 if stamp is None else self.clock() - stamp

    async def enter(self, *, may_refuse: bool, waited: float = 0.0) -> bool:
        """Wait for a place; False (at once) when the tap is refused."""
        if not self.slots:
            return True
        if may_refuse and waited > self.max_wait:
            self.refused += 1
            return False
        if self.running < self.slots and not self._waiting:
            self.running += 1
            return True
        if may_refuse and self.full():
            self.refused += 1
            return False
        turn = asyncio.get_running_loop().create_future()
        entry = (self.clock(), turn)
        if may_refuse:
            self._waiting.append(entry)
        else:  # a page load or a chained event: ahead of new taps, keeping the head's time
            entry = (self._waiting[0][0] if self._waiting else entry[0], turn)
            self._waiting.appendleft(entry)
        try:
            await turn  # leave() hands its place over: running stays counted
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled():
                self.leave()  # the place was handed over just as the wait was cancelled
            else:
                with contextlib.suppress(ValueError):
                    self._waiting.remove(entry)
            raise
        return True

    def leave(self) -> None:
        if not self.slots:
            return
        while self._waiting:
            _, turn = self._waiting.popleft()
            if not turn.done():
                turn.set_result(None)
                return
        self.running -= 1


@functools.cache
def _page_loads() -> frozenset[str]:
    from reflex.state import OnLoadInternalState, State

    handlers = [State.event_handlers[n] for n in (CompileVars.HYDRATE, CompileVars.HYDRATE_AND_LOAD)]
    handlers.append(OnLoadInternalState.event_handlers["on_load_internal"])
    return frozenset(format_event_handler(h) for h in handlers)


def busy_answer() -> list:
    """What a refused tap gets: a notice, and the form's "waiting" mark taken off."""
    return [
        rx.toast.warning(strings.BUSY_REFUSED, id="busy", position="top-center"),
        rx.call_script("window.quanyiDraft && window.quanyiDraft.busy()"),
    ]


@functools.cache
def _busy_events() -> tuple[Event, ...]:
    """``busy_answer`` as the frontend events sent, built once: a refusal must cost next to nothing."""
    return tuple(Event.from_event_type(busy_answer()))


@dataclasses.dataclass(kw_only=True, slots=True)
class AdmittingEventProcessor(BaseStateEventProcessor):
    """Reflex's processor, with each worker's events going through one ``Line``."""

    line: Line = dataclasses.field(default_factory=Line)

    async def enqueue(self, token, event, ev_ctx=None):
        self.line.arrived(event)
        return await BaseStateEventProcessor.enqueue(self, token, event, ev_ctx)

    async def _execute_event(self, *, entry, registered_handler) -> None:
        if registered_handler.handler.is_background:  # may run long without its state lock: no place
            self.line.waited(entry.event)
            await BaseStateEventProcessor._execute_event(self, entry=entry, registered_handler=registered_handler)
            return
        may_refuse = not entry.ctx.parent_txid and entry.event.name not in _page_loads()
        if not await self.line.enter(may_refuse=may_refuse, waited=self.line.waited(entry.event)):
            await entry.ctx.emit_event(*_busy_events())
            return
        try:
            with released_after_save(entry.ctx.token):
                await BaseStateEventProcessor._execute_event(self, entry=entry, registered_handler=registered_handler)
        finally:
            self.line.leave()


class App(rx.App):
    """``rx.App`` whose workers admit events through a ``Line``, on a two-round-trip Redis state store,
    and whose event socket skips the HTTP middleware stack (``core/eventsocket.py``)."""

    def __call__(self):
        asgi = super().__call__()
        return eventsocket.with_socket_door(
            asgi, eventsocket.mounted_socket_app(self._api), self._set_contexts_internal
        )

    def _setup_state(self) -> None:
        super()._setup_state()
        if self.sio is not None:
            eventsocket.lean_sockets(self.sio.eio)
        if type(self._state_manager) is StateManagerRedis:
            self._state_manager = LeanStateManagerRedis.replacing(self._state_manager)

    @contextlib.asynccontextmanager
    async def _setup_event_processor(self) -> AsyncIterator[None]:
        # Reflex 0.10's own set-up (reflex/app.py), with the admitting processor.
        event_namespace = self.event_namespace
        if event_namespace is not None:
            event_namespace._token_manager._reset_instance_id()
        self._event_processor = AdmittingEventProcessor(
            middleware=self,
            backend_exception_handler=self.backend_exception_handler,
            line=Line(slots=get_settings().event_slots),
        )
        async with self._event_processor.configure(state_manager=self.state_manager, event_namespace=event_namespace):
            yield
