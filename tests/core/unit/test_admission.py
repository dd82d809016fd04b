"""Admission control: past capacity a tap is answered at once with "人多,稍等", never left waiting.

The line is tested on its own with a hand-moved clock, then inside the app's real event processor
with the case form's real handlers.
"""

from __future__ import annotations

import asyncio
import uuid

from reflex.istate.manager.memory import StateManagerMemory
from reflex.state import State, StateUpdate
from reflex_base.event import Event

from quanyi_app.core import admission, strings


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def _settle():
    for _ in range(5):
        await asyncio.sleep(0)


def test_at_most_slots_run_and_the_rest_wait_in_arrival_order():
    async def go():
        line = admission.Line(slots=2, max_wait=1.0, clock=Clock())
        order: list[int] = []

        async def tap(i: int):
            assert await line.enter(may_refuse=True)
            order.append(i)

        assert await line.enter(may_refuse=True) and await line.enter(may_refuse=True)
        waiting = [asyncio.create_task(tap(i)) for i in range(3)]
        await _settle()
        assert order == [] and line.running == 2
        line.leave()
        await _settle()
        assert order == [0] and line.running == 2  # the place went to the first in line
        line.leave()
        line.leave()
        await asyncio.gather(*waiting)
        assert order == [0, 1, 2]
        line.leave()
        line.leave()
        assert line.running == 0

    asyncio.run(go())


def test_past_capacity_a_tap_is_refused_at_once_but_page_loads_still_wait_their_turn():
    async def go():
        clock = Clock()
        line = admission.Line(slots=1, max_wait=1.0, clock=clock)
        assert await line.enter(may_refuse=True)  # the one place is taken
        early = asyncio.create_task(line.enter(may_refuse=True))
        await _settle()
        clock.now += 0.5
        queued = asyncio.create_task(line.enter(may_refuse=True))  # the head waited 0.5 s: in line
        await _settle()
        assert not queued.done()
        clock.now += 0.6  # the head has now waited 1.1 s
        assert line.full()
        assert await line.enter(may_refuse=True) is False  # answered at once
        assert line.refused == 1
        page_load = asyncio.create_task(line.enter(may_refuse=False))  # never refused: ahead of taps
        await _settle()
        assert not page_load.done()
        line.leave()
        await _settle()
        assert page_load.done() and not early.done() and not queued.done()
        line.leave()
        line.leave()
        assert await early and await queued
        line.leave()
        assert line.running == 0 and not line.full()
        assert await line.enter(may_refuse=True)  # the line is empty again: admitted

    asyncio.run(go())


def test_a_tap_that_reached_a_worker_too_far_behind_is_refused_even_with_places_free():
    """The worker's loop took longer than max_wait to get round to the tap: answering it costs a
    message, running it would cost a full event and keep the others waiting longer."""

    async def go():
        clock = Clock()
        line = admission.Line(slots=4, max_wait=0.5, clock=clock)
        tap, page_load, quick = object(), object(), object()
        for event in (tap, page_load, quick):
            line.arrived(event)
        clock.now += 0.6
        assert await line.enter(may_refuse=True, waited=line.waited(tap)) is False
        assert await line.enter(may_refuse=False, waited=line.waited(page_load)) is True  # never refused
        line.arrived(quick)
        clock.now += 0.1
        assert await line.enter(may_refuse=True, waited=line.waited(quick)) is True
        assert line.waited(object()) == 0.0  # an event never stamped (made on the server)
        assert (line.refused, line.running) == (1, 2)

    asyncio.run(go())


def test_a_tap_cancelled_while_waiting_gives_up_its_place_in_line():
    async def go():
        line = admission.Line(slots=1, max_wait=1.0, clock=Clock())
        assert await line.enter(may_refuse=True)
        gone = asyncio.create_task(line.enter(may_refuse=True))
        after = asyncio.create_task(line.enter(may_refuse=True))
        await _settle()
        gone.cancel()
        await _settle()
        line.leave()
        assert await after  # the place skipped the cancelled wait
        line.leave()
        assert line.running == 0

    asyncio.run(go())


# ---- inside the app's event processor -------------------------------------------------------


class Namespace:
    """The event namespace's one method the processor calls: what each tab was sent."""

    def __init__(self):
        self.sent: dict[str, list[StateUpdate]] = {}

    async def emit_update(self, update: StateUpdate, token: str) -> None:
        self.sent.setdefault(token, []).append(update)


def test_the_app_runs_its_events_through_the_line(migrated):
    from quanyi_app.quanyi_app import app

    async def go():
        async with app._setup_event_processor():
            assert isinstance(app.event_processor, admission.AdmittingEventProcessor)

    asyncio.run(go())


def test_a_refused_pick_changes_nothing_and_tells_the_phone_while_a_page_load_still_runs(migrated):
    from quanyi_app.proposals.state.submit import SubmitState
    from quanyi_app.quanyi_app import app

    set_category = f"{SubmitState.get_full_name()}.set_category"
    hydrate = f"{State.get_full_name()}.hydrate"
    clock = Clock()

    async def go():
        namespace, manager = Namespace(), StateManagerMemory()
        processor = admission.AdmittingEventProcessor(line=admission.Line(slots=1, max_wait=1.0, clock=clock))
        processor.configure(state_manager=manager, event_namespace=namespace)
        token = str(uuid.uuid4())
        async with processor:
            line = processor.line
            assert await line.enter(may_refuse=True)  # another phone's event holds the place…
            other = asyncio.create_task(line.enter(may_refuse=True))  # …and one waits in line
            await _settle()
            clock.now += 2  # for two seconds: past capacity
            await processor.enqueue(token, Event(name=set_category, payload={"value": "3"}))
            await processor.enqueue(token, Event(name=hydrate, payload={}))
            await _settle()
            refused = namespace.sent.get(token, [])
            assert len(refused) == 1 and not refused[0].delta
            said = " ".join(str(v) for e in refused[0].events for v in e.payload.values())
            said = said.encode().decode("unicode_escape")  # the toast's text is a JS string literal
            assert strings.BUSY_REFUSED in said and "quanyiDraft.busy()" in said
            assert line.refused == 1
            line.leave()  # the other phone's event ends; the hydrate waiting in line runs
            await other
            line.leave()
            await processor.join(timeout=10)
            for _ in range(100):
                if line.running == 0:
                    break
                await asyncio.sleep(0.05)
            assert line.running == 0
            assert any(u.delta for u in namespace.sent[token][1:])  # the page load answered
            state = await manager.get_state(_token(token))
            assert (await state.get_state(SubmitState)).category_id == ""  # the refused pick did nothing

    with app._registration_context:
        asyncio.run(go())


def _token(token: str):
    from reflex.istate.manager.token import BaseStateToken

    return BaseStateToken(ident=token, cls=State)


def test_with_no_slots_set_every_event_runs_at_once():
    async def go():
        line = admission.Line(slots=0, clock=Clock())
        assert all([await line.enter(may_refuse=True) for _ in range(100)])
        line.leave()
        assert not line.full() and line.refused == 0

    asyncio.run(go())
