"""Inspection handlers: students (no login) and office users can neither run nor edit
inspections; inspectors cannot open another inspector's run, plan, or edit checklists."""

from __future__ import annotations

import pytest
from reflex.istate.data import RouterData
from sqlmodel import func, select

from quanyi_app import demo
from quanyi_app.core import campustime
from quanyi_app.core import strings as shared
from quanyi_app.core.accounts.models import User
from quanyi_app.core.accounts.services import authenticate
from quanyi_app.core.campus.models import Building
from quanyi_app.core.db import session_scope
from quanyi_app.inspections import strings
from quanyi_app.inspections.models import (
    ChecklistItem,
    ChecklistTemplate,
    ChecklistVersion,
    Inspection,
    InspectionAnswer,
    Rectification,
)
from quanyi_app.inspections.services import runs as ins
from quanyi_app.inspections.state.admin import ChecklistState, HistoryState, InspectionPlanState, RectListState
from quanyi_app.inspections.state.inspect import FixState, FixView, InspectHomeState, ReportState, RunState
from tests.support.handlers import make_state, run, sign_in

REFUSED = (shared.LOGIN_REQUIRED, shared.PERMISSION_DENIED, shared.INS_NOT_YOURS, strings.INS_TEMPLATE_ADMIN_ONLY)


@pytest.fixture
def world(users):
    """A submitted canteen inspection with one rectification, and a planned dorm one (both the inspector's)."""
    with session_scope() as s:
        demo.load_demo_data(session=s)
        demo.load_demo_inspections(session=s, plans=False)
        staff = authenticate(session=s, token=users["staff"])
        inspector = authenticate(session=s, token=users["inspector"])
        tpl = {t.code: t.id for t in s.exec(select(ChecklistTemplate)).all()}
        b = {x.code: x.id for x in s.exec(select(Building)).all()}
        done = ins.plan_inspection(
            session=s,
            actor=staff,
            template_id=tpl["kitchen-hygiene"],
            building_id=b["C1"],
            day=campustime.campus_today(),
            inspectors=[inspector.user_id],
        )
        todo = ins.plan_inspection(
            session=s,
            actor=staff,
            template_id=tpl["dorm-safety"],
            building_id=b["W24"],
            day=campustime.campus_today(),
            inspectors=[inspector.user_id],
        )
        s.commit()
        items = ins.run_view(session=s, actor=inspector, inspection_id=done.id).items
        ins.apply_ticks(
            session=s,
            actor=inspector,
            inspection_id=done.id,
            ticks=[ins.Tick(it.id, 1, "fail" if it.position == 3 else "pass") for it in items],
        )
        ins.submit(session=s, actor=inspector, inspection_id=done.id)
        rect = s.exec(select(Rectification)).one()
        return {
            "done": done.id,
            "todo": todo.id,
            "rect": rect.id,
            "template": tpl["dorm-safety"],
            "building": b["W24"],
            "inspector": inspector.user_id,
        }


def _at(state, path: str):
    state.router = RouterData.from_router_data({"pathname": path, "asPath": path, "query": {}, "headers": {}})
    return state


def _counts():
    with session_scope() as s:
        return tuple(
            s.exec(select(func.count()).select_from(t)).one()
            for t in (Inspection, InspectionAnswer, Rectification, ChecklistVersion, ChecklistItem)
        )


@pytest.mark.parametrize("who", [None, "office"])
async def test_students_and_offices_cannot_open_runs_or_reports(world, users, who):
    st = _at(make_state(RunState), f"/inspect/run/{world['todo']}")
    sign_in(st, users[who] if who else "")
    await run(st.open_page)
    assert st.run_id == "" and st.run_items == [] and st.run_data == ""
    rep = _at(make_state(ReportState), f"/inspect/report/{world['done']}")
    sign_in(rep, users[who] if who else "")
    await run(rep.open_page)
    assert rep.rep_id == "" and rep.rep_items == []
    home = make_state(InspectHomeState)
    sign_in(home, users[who] if who else "")
    await run(home.open_page)
    assert home.plans == [] and not home.can_run
    if who:
        assert home.home_error == shared.PERMISSION_DENIED


async def test_another_inspectors_run_gets_a_clear_message(world, users):
    with session_scope() as s:
        from quanyi_app.core.accounts import services as accounts

        admin = authenticate(session=s, token=users["admin"])
        accounts.create_user(
            session=s,
            actor=admin,
            username="other",
            display_name="另一位",
            role="inspector",
            password="correct horse battery",
        )
        token, _ = accounts.login(session=s, username="other", password="correct horse battery")
    st = _at(make_state(RunState), f"/inspect/run/{world['todo']}")
    sign_in(st, token)
    await run(st.open_page)
    assert st.run_error == shared.INS_NOT_YOURS and st.run_items == []
    mine = _at(make_state(RunState), f"/inspect/run/{world['todo']}")
    sign_in(mine, users["inspector"])
    await run(mine.open_page)
    assert mine.run_error == "" and len(mine.run_items) > 10 and mine.run_id == str(world["todo"])


@pytest.mark.parametrize("who", [None, "office", "inspector"])
async def test_planning_is_refused(world, users, who):
    before = _counts()
    st = make_state(InspectionPlanState)
    sign_in(st, users[who] if who else "")
    st.form_template, st.form_building = str(world["template"]), str(world["building"])
    st.form_day, st.form_people = campustime.campus_today().isoformat(), [str(world["inspector"])]
    await run(st.plan)
    assert st.error in REFUSED
    await run(st.cancel, str(world["todo"]))
    assert st.error in REFUSED
    assert _counts() == before
    with session_scope() as s:
        assert s.get(Inspection, world["todo"]).status == "planned"


@pytest.mark.parametrize("who", [None, "office", "inspector", "staff"])
async def test_only_admins_edit_checklists(world, users, who):
    before = _counts()
    st = make_state(ChecklistState)
    sign_in(st, users[who] if who else "")
    st.tpl_id = str(world["template"])
    with session_scope() as s:
        first = s.exec(select(ChecklistItem).order_by(ChecklistItem.id)).first()
    st.items = [{"id": str(first.id), "no": "1"}]
    st.editing, st.f_section, st.f_text, st.f_weight = "new", "消防安全", "新的检查项", "3"
    await run(st.save_item)
    assert st.error in REFUSED
    for handler, args in (
        (st.delete_item, (str(first.id),)),
        (st.move_item, (str(first.id), 1)),
        (st.publish, ()),
        (st.discard, ()),
        (st.save_settings, ()),
    ):
        await run(handler, *args)
        assert st.error in REFUSED
    assert _counts() == before


async def test_admin_edits_and_publishes_a_checklist(world, users):
    st = make_state(ChecklistState)
    sign_in(st, users["admin"])
    await run(st.open_page)
    st.tpl_id = str(world["template"])
    await run(st.pick_template, str(world["template"]))
    n = len(st.items)
    await run(st.edit_item, "new")
    st.f_text = "宿舍内无违规使用明火"
    await run(st.save_item)
    assert st.error == "" and st.has_draft and len(st.items) == n + 1
    await run(st.publish)
    assert st.error == "" and not st.has_draft and st.items[-1].text == "宿舍内无违规使用明火"
    # The inspector's run opened before publishing keeps its version; the planned one had not started.
    with session_scope() as s:
        done = s.get(Inspection, world["done"])
        assert len(ins.version_items(s, done.version_id)) == 16


@pytest.mark.parametrize("who", [None, "office"])
async def test_rectifications_are_refused(world, users, who):
    st = _at(make_state(FixState), f"/inspect/fix/{world['rect']}")
    sign_in(st, users[who] if who else "")
    await run(st.open_page)
    assert st.fix == FixView()  # nothing of the rectification was loaded
    st.fix_owner, st.fix_due = "承包方", "2030-01-01"
    for handler in (st.close_fix, st.save_fix, st.make_case):
        await run(handler)
        assert st.error in REFUSED
    lst = make_state(RectListState)
    sign_in(lst, users[who] if who else "")
    await run(lst.set_rect_filter, "open")
    assert lst.rects == [] and lst.error in REFUSED
    hist = _at(make_state(HistoryState), f"/staff/inspections/target/{world['building']}")
    sign_in(hist, users[who] if who else "")
    await run(hist.open_page)
    assert hist.history == []
    with session_scope() as s:
        r = s.get(Rectification, world["rect"])
        assert r.status == "open" and r.case_id is None and r.responsible == ""


async def test_inspector_cannot_make_a_public_case_or_change_the_owner(world, users):
    st = _at(make_state(FixState), f"/inspect/fix/{world['rect']}")
    sign_in(st, users["inspector"])
    await run(st.open_page)
    assert st.fix.title
    st.fix_owner = "承包方"
    await run(st.save_fix)
    assert st.error == shared.PERMISSION_DENIED
    await run(st.make_case)
    assert st.error == shared.PERMISSION_DENIED
    await run(st.close_fix)
    assert st.error == strings.RECT_PHOTO_REQUIRED
    with session_scope() as s:
        assert s.get(Rectification, world["rect"]).case_id is None
        assert s.exec(select(User).where(User.username == "checker")).one().role == "inspector"


@pytest.mark.parametrize("raw", ["abc", "", "12x", "-3"])
async def test_a_malformed_id_gets_the_clear_message(world, users, raw):
    """cancel("abc") and stop("abc") say the inspection or series does not exist, not a generic toast."""
    st = make_state(InspectionPlanState)
    sign_in(st, users["staff"])
    await run(st.cancel, raw)
    assert st.error == strings.INS_NOT_FOUND and st.message == ""
    await run(st.stop, raw)
    assert st.error == strings.INS_NOT_FOUND and st.message == ""
