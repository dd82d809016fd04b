"""The umbrella desk's handlers, as the websocket calls them: lend, take back, move, count, loan days."""

from __future__ import annotations

import pytest
from sqlmodel import select

from quanyi_app import demo
from quanyi_app.core.db import session_scope
from quanyi_app.lending import strings
from quanyi_app.lending.models import LendingPoint, Umbrella
from quanyi_app.lending.state.desk import UmbrellaDeskState
from tests.support.handlers import make_state, run, sign_in


@pytest.fixture
def desk(users):
    with session_scope() as s:
        demo.load_demo_data(session=s)
    with session_scope() as s:
        demo.load_demo_lending(session=s)
    st = make_state(UmbrellaDeskState)
    sign_in(st, users["admin"])
    return st


def _available(point_id: int) -> list[Umbrella]:
    with session_scope() as s:
        return s.exec(
            select(Umbrella)
            .where(Umbrella.point_id == point_id, Umbrella.status == "available")
            .order_by(Umbrella.number)
        ).all()


async def test_lend_take_back_move_count_and_days_at_the_desk(desk):
    await run(desk.open_page)
    assert desk.error == "" and desk.point_id and len(desk.all_points) >= 3
    here = int(desk.point_id)
    u1, u2, u3 = _available(here)[:3]
    await run(desk.lend, {"umbrella": u1.code, "student_no": "2025000001", "phone": "13812345678"})
    assert desk.message == strings.DESK_LENT and desk.error == ""
    await run(desk.take_back, {"umbrella": u1.code})
    assert desk.message == strings.DESK_TAKEN_BACK
    await run(desk.take_back, {"umbrella": u1.code})
    assert desk.error == strings.NOT_LENT
    there = next(int(p["id"]) for p in desk.all_points if int(p["id"]) != here)
    await run(desk.move, {"umbrella": u2.code, "to": str(there)})
    assert desk.message == strings.DESK_MOVED and u2.id in {u.id for u in _available(there)}
    others = [u.code for u in _available(here) if u.id != u3.id]
    await run(desk.count, {"codes": "\n".join(others)})
    assert desk.message.startswith(f"应有 {len(others) + 1} 把,清点到 {len(others)} 把。缺少:{u3.number}")
    await run(desk.set_status, {"umbrella": u3.code, "status": "broken"})
    assert desk.message == strings.DESK_STATUS_SAVED and u3.id not in {u.id for u in _available(here)}
    await run(desk.set_status, {"umbrella": u3.code, "status": "stolen"})
    assert desk.error == strings.STATUS_INVALID
    await run(desk.set_status, {"umbrella": u3.code, "status": "retired"})
    await run(desk.lend, {"umbrella": u3.code, "student_no": "2025000002", "phone": "13812345678"})
    assert desk.error == strings.UMBRELLA_UNKNOWN  # a retired umbrella's QR opens nothing
    await run(desk.set_loan_days, {"days": "5"})
    with session_scope() as s:
        assert s.get(LendingPoint, here).loan_days == 5
    await run(desk.set_loan_days, {"days": "30"})
    assert desk.error == strings.LOAN_DAYS_RANGE
