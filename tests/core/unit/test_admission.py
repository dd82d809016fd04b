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


def test_a_tap_that_reaches_a_worker_too_far_behind_is_turned_away_but_a_page_load_is_not():
    """The worker's loop took longer than max_wait to get round to the tap: answering it costs a
    message, running it would cost a full event and keep the others waiting longer."""
    clock = Clock()
    gate = admission.Gate(max_wait=0.5, clock=clock)
    tap, page_load, quick = object(), object(), object()
    for event in (tap, page_load):
        gate.arrived(event)
    clock.now += 0.6
    assert gate.admit(tap, may_refuse=True) is False
    assert gate.admit(page_load, may_refuse=False) is True  # never turned away
    gate.arrived(quick)
    clock.now += 0.4
    assert gate.admit(quick, may_refuse=True) is True
    assert gate.admit(object(), may_refuse=True) is True  # made on the server: never stamped
    assert gate.refused == 1


def test_a_stamp_is_used_once():
    clock = Clock()
    gate = admission.Gate(max_wait=0.5, clock=clock)
    tap = object()
    gate.arrived(tap)
    clock.now += 1
    assert gate.admit(tap, may_refuse=True) is False
    assert gate.admit(tap, may_refuse=True) is True  # the same object sent again later: no old stamp


def test_with_admission_control_off_every_event_runs():
    clock = Clock()
    gate = admission.Gate(max_wait=0, clock=clock)
    tap = object()
    gate.arrived(tap)
    clock.now += 60
    assert gate.admit(tap, may_refuse=True) and gate.refused == 0


# ---- inside the app's event processor -------------------------------------------------------


class Namespace:
    """The event namespace's one method the processor calls: what each tab was sent."""

    def __init__(self):
        self.sent: dict[str, list[StateUpdate]] = {}

    async def emit_update(self, update: StateUpdate, token: str) -> None:
        self.sent.setdefault(token, []).append(update)


def test_the_app_runs_its_events_through_the_gate(migrated):
    from quanyi_app.quanyi_app import app

    async def go():
        async with app._setup_event_processor():
            assert isinstance(app.event_processor, admission.AdmittingEventProcessor)
            assert app.event_processor.gate.max_wait == admission.MAX_WAIT

    asyncio.run(go())


class Behind:
    """A clock one second later at every reading: each event has waited a second when it runs."""

    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        self.now += 1
        return self.now


def test_a_refused_pick_changes_nothing_and_tells_the_phone_while_a_page_load_still_runs(migrated):
    from quanyi_app.proposals.state.submit import SubmitState
    from quanyi_app.quanyi_app import app

    set_category = f"{SubmitState.get_full_name()}.set_category"
    hydrate = f"{State.get_full_name()}.hydrate"

    async def go(max_wait: float) -> tuple[list[StateUpdate], str]:
        namespace, manager = Namespace(), StateManagerMemory()
        processor = admission.AdmittingEventProcessor(gate=admission.Gate(max_wait=max_wait, clock=Behind()))
        processor.configure(state_manager=manager, event_namespace=namespace)
        token = str(uuid.uuid4())
        async with processor:
            await processor.enqueue(token, Event(name=hydrate, payload={}))
            await processor.enqueue(token, Event(name=set_category, payload={"value": "3"}))
            await processor.join(timeout=10)
            for _ in range(100):
                if not processor._tasks:
                    break
                await asyncio.sleep(0.05)
            state = await manager.get_state(_token(token))
            return namespace.sent.get(token, []), (await state.get_state(SubmitState)).category_id

    with app._registration_context:
        sent, category = asyncio.run(go(max_wait=0.5))  # a second behind: past capacity
        assert any(u.delta for u in sent)  # the page load ran
        refusals = [u for u in sent if u.events and not u.delta]
        assert len(refusals) == 1
        said = " ".join(str(v) for e in refusals[0].events for v in e.payload.values())
        said = said.encode().decode("unicode_escape")  # the toast's text is a JS string literal
        assert strings.BUSY_REFUSED in said and "quanyiDraft.busy()" in said
        assert category == ""  # the refused pick did nothing
        sent, category = asyncio.run(go(max_wait=5))  # a second behind is within bounds: it runs
        assert category == "3" and not [u for u in sent if u.events and not u.delta]


def _token(token: str):
    from reflex.istate.manager.token import BaseStateToken

    return BaseStateToken(ident=token, cls=State)
