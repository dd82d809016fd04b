"""Admission control for the event socket: past capacity, a tap is turned away instead of queued.

Reflex starts a task for every event a worker receives and runs them all at once. Past what the
cores can serve, every event then waits behind every other one: some waited 9–19 s and a few
hundred got no answer in 30 s (bench/README.md, "Past capacity"). Here a tap that has already
waited ``MAX_WAIT`` seconds since it reached the worker (the worker's loop is that far behind) is
not run but answered with "人多,稍等" (the form keeps what was typed and drops its "waiting" hint;
tapping again later works). Running it would cost a full event (Redis round trips, the state read
and written) and keep every other event waiting longer; answering it costs one message, built once.

Page loads (the hydrate and the on_load events it chains), events chained by an admitted event,
and background events are never turned away: a page that loaded half its state would be worse
than a slow one.

A cap on the events a worker runs at once was measured too and left out: events take longer in
a worker that is behind, so any cap low enough to matter throttled it below what it could serve.

The hook is Reflex 0.10's event processor (``App._setup_event_processor``, which builds a
``BaseStateEventProcessor``); ``tests/core/unit/test_admission.py`` checks that the app really
runs through it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import time
from collections.abc import AsyncIterator

import reflex as rx
from reflex_base.constants import CompileVars
from reflex_base.event import Event
from reflex_base.event.processor.base_state_processor import BaseStateEventProcessor
from reflex_base.utils.format import format_event_handler

from quanyi_app.core import strings
from quanyi_app.core.settings import get_settings

# How far behind (seconds since the tap reached the worker) before a tap is turned away:
# QUANYI_EVENT_MAX_WAIT_MS, 0 turns admission control off. Below the form's own "人多,稍等" hint
# (assets/draft.js, SLOW_MS = 1.5 s), so an admitted tap is mostly answered before it shows.
MAX_WAIT = 0.5


class Gate:
    """When each event reached this worker, and whether a tap may still run (one per worker)."""

    def __init__(self, max_wait: float = MAX_WAIT, clock=time.monotonic):
        self.max_wait, self.clock = max_wait, clock  # max_wait 0: every event runs
        self.refused = 0
        self._arrivals: dict[int, float] = {}  # id(event) -> when it reached this worker

    def arrived(self, event: object) -> None:
        """Stamp an event as it reaches the worker (before the loop gets round to running it)."""
        if self.max_wait:
            if len(self._arrivals) > 100_000:  # stamps of events cancelled before they ran
                self._arrivals.clear()
            self._arrivals[id(event)] = self.clock()

    def admit(self, event: object, *, may_refuse: bool) -> bool:
        """Whether ``event`` runs; forgets its stamp. Only a tap (``may_refuse``) is turned away."""
        stamp = self._arrivals.pop(id(event), None)
        if may_refuse and stamp is not None and self.clock() - stamp > self.max_wait:
            self.refused += 1
            return False
        return True


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
    """Reflex's processor, each worker's events passing one ``Gate``."""

    gate: Gate = dataclasses.field(default_factory=Gate)

    async def enqueue(self, token, event, ev_ctx=None):
        self.gate.arrived(event)
        return await BaseStateEventProcessor.enqueue(self, token, event, ev_ctx)

    async def _execute_event(self, *, entry, registered_handler) -> None:
        may_refuse = (
            not registered_handler.handler.is_background
            and not entry.ctx.parent_txid
            and entry.event.name not in _page_loads()
        )
        if not self.gate.admit(entry.event, may_refuse=may_refuse):
            await entry.ctx.emit_event(*_busy_events())
            return
        await BaseStateEventProcessor._execute_event(self, entry=entry, registered_handler=registered_handler)


class App(rx.App):
    """``rx.App`` whose workers admit events through a ``Gate``."""

    @contextlib.asynccontextmanager
    async def _setup_event_processor(self) -> AsyncIterator[None]:
        # Reflex 0.10's own set-up (reflex/app.py), with the admitting processor.
        event_namespace = self.event_namespace
        if event_namespace is not None:
            event_namespace._token_manager._reset_instance_id()
        self._event_processor = AdmittingEventProcessor(
            middleware=self,
            backend_exception_handler=self.backend_exception_handler,
            gate=Gate(max_wait=get_settings().event_max_wait_ms / 1000),
        )
        async with self._event_processor.configure(state_manager=self.state_manager, event_namespace=event_namespace):
            yield
