"""Inspections: templates and versions, plans, idempotent ticks, submission, permissions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import func, select

from quanyi_app import demo
from quanyi_app.core import campustime
from quanyi_app.core import strings as shared
from quanyi_app.core.campus.models import Building
from quanyi_app.core.errors import PermissionDenied, UserError
from quanyi_app.core.photos.services import store_photo
from quanyi_app.inspections import strings
from quanyi_app.inspections.models import (
    ChecklistItem,
    ChecklistTemplate,
    Inspection,
    InspectionAnswer,
    InspectionInspector,
    Rectification,
)
from quanyi_app.inspections.services import runs as ins
from tests.conftest import photo_fixture


@pytest.fixture
def templates(session, campus):
    demo.load_demo_inspections(session=session, plans=False)
    return {t.code: t for t in session.exec(select(ChecklistTemplate)).all()}


@pytest.fixture
def canteen(session, campus):
    return session.exec(select(Building).where(Building.code == "C1")).one()


def _plan(session, people, templates, building, who="inspector", day=None):
    insp = ins.plan_inspection(
        session=session,
        actor=people["staff"],
        template_id=templates["dorm-safety"].id if building.kind == "dorm" else templates["kitchen-hygiene"].id,
        building_id=building.id,
        day=day or campustime.campus_today(),
        inspectors=[people[who].user_id],
    )
    session.commit()
    return insp


def _tick_all(session, actor, insp, result="pass", ts=1000, overrides=None):
    view = ins.run_view(session=session, actor=actor, inspection_id=insp.id)
    ticks = [ins.Tick(item_id=it.id, ts=ts, result=(overrides or {}).get(it.position, result)) for it in view.items]
    ins.apply_ticks(session=session, actor=actor, inspection_id=insp.id, ticks=ticks)
    return view.items


def _answers(session, insp):
    return session.exec(select(InspectionAnswer).where(InspectionAnswer.inspection_id == insp.id)).all()


def test_demo_ships_two_real_templates(session, templates):
    assert set(templates) == {"dorm-safety", "kitchen-hygiene"}
    dorm_items = ins.version_items(session, ins.current_version(session, templates["dorm-safety"].id).id)
    kitchen_items = ins.version_items(session, ins.current_version(session, templates["kitchen-hygiene"].id).id)
    dorm_text = " ".join(i.text for i in dorm_items)
    kitchen_text = " ".join(i.text for i in kitchen_items)
    for words in ("大功率电器", "灭火器", "疏散通道", "插座"):
        assert words in dorm_text
    for words in ("健康证明", "口罩", "生熟分开", "冷藏", "留样", "125 g", "48 小时", "防鼠", "垃圾", "消毒"):
        assert words in kitchen_text
    assert any(i.critical and i.photo_on_fail for i in kitchen_items)
    assert len({i.section for i in kitchen_items}) >= 4


def test_a_template_without_items_is_refused(session, people, campus):
    with pytest.raises(UserError) as err:
        ins.create_template(
            session=session, actor=people["admin"], code="empty", name="空表", target_kind="dorm", items=[]
        )
    assert err.value.message == strings.INS_TEMPLATE_EMPTY


def test_publishing_an_emptied_draft_is_refused(session, people, templates):
    tid = templates["dorm-safety"].id
    draft = ins.start_draft(session=session, actor=people["admin"], template_id=tid)
    for it in ins.version_items(session, draft.id):
        ins.delete_draft_item(session=session, actor=people["admin"], template_id=tid, item_id=it.id)
    with pytest.raises(UserError) as err:
        ins.publish_draft(session=session, actor=people["admin"], template_id=tid)
    assert err.value.message == strings.INS_TEMPLATE_EMPTY


def test_only_admins_edit_templates(session, people, templates):
    tid = templates["dorm-safety"].id
    for role in ("staff", "inspector", "office"):
        with pytest.raises(PermissionDenied):
            ins.start_draft(session=session, actor=people[role], template_id=tid)
        with pytest.raises(PermissionDenied):
            ins.save_draft_item(
                session=session,
                actor=people[role],
                template_id=tid,
                item_id=None,
                spec=ins.ItemSpec("消防安全", "新检查项"),
            )
    with pytest.raises(PermissionDenied):
        ins.publish_draft(session=session, actor=None, template_id=tid)


def test_editing_a_template_never_changes_a_finished_inspection(session, people, templates, campus):
    insp = _plan(session, people, templates, campus["dorm"])
    items = _tick_all(session, people["inspector"], insp)
    ins.submit(session=session, actor=people["inspector"], inspection_id=insp.id)
    tid = templates["dorm-safety"].id
    draft = ins.start_draft(session=session, actor=people["admin"], template_id=tid)
    first = ins.version_items(session, draft.id)[0]
    ins.save_draft_item(
        session=session,
        actor=people["admin"],
        template_id=tid,
        item_id=first.id,
        spec=ins.ItemSpec("消防安全", "改过的检查项", weight=3),
    )
    ins.save_draft_item(
        session=session, actor=people["admin"], template_id=tid, item_id=None, spec=ins.ItemSpec("新部分", "新增检查项")
    )
    ins.publish_draft(session=session, actor=people["admin"], template_id=tid)
    session.commit()

    old = ins.run_view(session=session, actor=people["staff"], inspection_id=insp.id)
    assert [i.text for i in old.items] == [i.text for i in items]
    assert old.items[0].text != "改过的检查项"
    later = _plan(session, people, templates, campus["dorm"], day=campustime.campus_today() + timedelta(days=1))
    new = ins.run_view(session=session, actor=people["inspector"], inspection_id=later.id)
    assert new.items[0].text == "改过的检查项"
    assert new.items[-1].text == "新增检查项"
    assert len(new.items) == len(items) + 1


def test_draft_items_move_and_validate(session, people, templates):
    tid = templates["kitchen-hygiene"].id
    draft = ins.start_draft(session=session, actor=people["admin"], template_id=tid)
    a, b = ins.version_items(session, draft.id)[:2]
    ins.move_draft_item(session=session, actor=people["admin"], template_id=tid, item_id=b.id, step=-1)
    assert [i.id for i in ins.version_items(session, draft.id)[:2]] == [b.id, a.id]
    with pytest.raises(UserError) as err:
        ins.save_draft_item(
            session=session, actor=people["admin"], template_id=tid, item_id=None, spec=ins.ItemSpec("从业人员", "   ")
        )
    assert err.value.message == strings.INS_ITEM_TEXT_REQUIRED
    with pytest.raises(UserError):
        ins.save_draft_item(
            session=session,
            actor=people["admin"],
            template_id=tid,
            item_id=None,
            spec=ins.ItemSpec("从业人员", "分值太大", weight=99),
        )
    # The same draft is reused, not a second one.
    assert ins.start_draft(session=session, actor=people["admin"], template_id=tid).id == draft.id


def test_plans_check_target_date_and_inspectors(session, people, templates, campus, canteen):
    staff, today = people["staff"], campustime.campus_today()
    cases = [
        (
            dict(
                template_id=templates["kitchen-hygiene"].id,
                building_id=campus["dorm"].id,
                day=today,
                inspectors=[people["inspector"].user_id],
            ),
            strings.INS_TARGET_MISMATCH,
        ),
        (
            dict(
                template_id=templates["dorm-safety"].id,
                building_id=campus["dorm"].id,
                day=today - timedelta(days=1),
                inspectors=[people["inspector"].user_id],
            ),
            strings.INS_DATE_PAST,
        ),
        (
            dict(template_id=templates["dorm-safety"].id, building_id=campus["dorm"].id, day=today, inspectors=[]),
            strings.INS_INSPECTORS_REQUIRED,
        ),
        (
            dict(
                template_id=templates["dorm-safety"].id,
                building_id=campus["dorm"].id,
                day=today,
                inspectors=[people["office"].user_id],
            ),
            strings.INS_INSPECTOR_INVALID,
        ),
        (
            dict(
                template_id=templates["kitchen-hygiene"].id,
                building_id=canteen.id,
                day=today,
                inspectors=[people["inspector"].user_id],
                weekly=True,
            ),
            strings.INS_WEEKLY_DORMS_ONLY,
        ),
    ]
    for kwargs, message in cases:
        with pytest.raises(UserError) as err:
            ins.plan_inspection(session=session, actor=staff, **kwargs)
        assert err.value.message == message
    for role in ("inspector", "office"):
        with pytest.raises(PermissionDenied):
            ins.plan_inspection(
                session=session,
                actor=people[role],
                template_id=templates["dorm-safety"].id,
                building_id=campus["dorm"].id,
                day=today,
                inspectors=[people["inspector"].user_id],
            )


def test_weekly_series_plans_the_coming_weeks_once(session, people, templates, campus):
    today = campustime.campus_today()
    series = ins.plan_inspection(
        session=session,
        actor=people["staff"],
        template_id=templates["dorm-safety"].id,
        building_id=campus["dorm"].id,
        day=today,
        inspectors=[people["inspector"].user_id],
        weekly=True,
    )
    session.commit()
    days = sorted(session.exec(select(Inspection.planned_on).where(Inspection.series_id == series.id)).all())
    assert days[0] == today and len(days) == ins.WEEKS_AHEAD
    assert all((b - a).days == 7 for a, b in zip(days, days[1:], strict=False))
    assert ins.ensure_series(session=session, today=today) == 0
    assert ins.ensure_series(session=session, today=today + timedelta(days=7)) == 1
    mine = ins.my_inspections(session=session, actor=people["inspector"], today=today)
    assert [r.planned_on for r in mine][:2] == [today, today + timedelta(days=7)]
    assert ins.my_inspections(session=session, actor=people["staff"], today=today) == []
    ins.stop_series(session=session, actor=people["staff"], series_id=series.id)
    session.commit()
    assert ins.my_inspections(session=session, actor=people["inspector"], today=today) == []


def test_only_assigned_inspectors_staff_and_admins_open_a_run(session, people, templates, campus):
    insp = _plan(session, people, templates, campus["dorm"])
    accounts_for = {"inspector": True, "staff": True, "admin": True}
    for role, _allowed in accounts_for.items():
        assert ins.run_view(session=session, actor=people[role], inspection_id=insp.id).inspection.id == insp.id
    from quanyi_app.core.accounts import services as accounts
    from tests.support.world import PASSWORD

    accounts.create_user(
        session=session,
        actor=people["admin"],
        username="other",
        display_name="另一位检查员",
        role="inspector",
        password=PASSWORD,
    )
    _, other = accounts.login(session=session, username="other", password=PASSWORD)
    with pytest.raises(PermissionDenied) as err:
        ins.run_view(session=session, actor=other, inspection_id=insp.id)
    assert err.value.message == shared.INS_NOT_YOURS
    tick = [ins.Tick(item_id=1, ts=1, result="pass")]
    for actor in (other, people["office"], None):
        with pytest.raises(PermissionDenied):
            ins.apply_ticks(session=session, actor=actor, inspection_id=insp.id, ticks=tick)
        with pytest.raises(PermissionDenied):
            ins.submit(session=session, actor=actor, inspection_id=insp.id)


def test_ticks_are_idempotent_and_newest_wins(session, people, templates, campus):
    insp = _plan(session, people, templates, campus["dorm"])
    who = people["inspector"]
    item = ins.run_view(session=session, actor=who, inspection_id=insp.id).items[0].id
    for _ in range(3):  # the same tick sent three times (retries, offline sync)
        ins.apply_ticks(
            session=session, actor=who, inspection_id=insp.id, ticks=[ins.Tick(item, 100, "fail", "插座烧焦")]
        )
    assert len(_answers(session, insp)) == 1
    # An older tick arriving late changes nothing; a newer one wins; a note-only tick keeps the result.
    ins.apply_ticks(session=session, actor=who, inspection_id=insp.id, ticks=[ins.Tick(item, 50, "pass")])
    assert _answers(session, insp)[0].result == "fail"
    ins.apply_ticks(
        session=session,
        actor=who,
        inspection_id=insp.id,
        ticks=[ins.Tick(item, 300, note="已拍照"), ins.Tick(item, 200, "na")],
    )
    row = _answers(session, insp)[0]
    assert (row.result, row.note) == ("na", "已拍照")
    assert session.get(Inspection, insp.id).status == "running"


def test_ticks_are_checked(session, people, templates, campus, canteen):
    insp = _plan(session, people, templates, campus["dorm"])
    other = _plan(session, people, templates, canteen)
    foreign = ins.run_view(session=session, actor=people["inspector"], inspection_id=other.id).items[0].id
    with pytest.raises(UserError) as err:
        ins.apply_ticks(
            session=session, actor=people["inspector"], inspection_id=insp.id, ticks=[ins.Tick(foreign, 1, "pass")]
        )
    assert err.value.message == strings.INS_ITEM_NOT_IN_RUN
    for bad in (
        [],
        "x",
        [{"item": 1}],
        [{"item": "1", "ts": 1, "result": "pass"}],
        [{"item": 1, "ts": 1, "result": "ok"}],
        [{"item": 1, "ts": -1, "result": "pass"}],
        [{"item": True, "ts": 1, "result": "pass"}],
        [{"item": 1, "ts": 1, "result": "pass"}] * (ins.MAX_TICKS_PER_BATCH + 1),
    ):
        with pytest.raises(UserError):
            ins.parse_ticks(bad)
    assert ins.parse_ticks([{"item": 3, "ts": 9, "note": " 门锁坏 "}]) == [ins.Tick(3, 9, None, "门锁坏")]
    # A phone whose clock is a year ahead cannot outrank every later tick.
    far = ins.parse_ticks([{"item": 3, "ts": 10**15, "result": "pass"}], now_ms=1_000_000)
    assert far[0].ts == 1_000_000 + ins.CLOCK_SLACK_MS


def test_submit_needs_every_item_and_failure_photos(session, people, templates, campus, upload_dir):
    insp = _plan(session, people, templates, campus["dorm"])
    who = people["inspector"]
    view = ins.run_view(session=session, actor=who, inspection_id=insp.id)
    first = view.items[0]  # banned appliances: photo when failed, critical
    assert first.photo_on_fail and first.critical
    ins.apply_ticks(
        session=session, actor=who, inspection_id=insp.id, ticks=[ins.Tick(first.id, 1, "fail", "床下有电热锅")]
    )
    with pytest.raises(UserError) as err:
        ins.submit(session=session, actor=who, inspection_id=insp.id)
    assert err.value.message.startswith(f"还有 {len(view.items) - 1} 项没有检查")
    _tick_all(session, who, insp, ts=500, overrides={1: "fail", 2: "na"})
    with pytest.raises(UserError) as err:
        ins.submit(session=session, actor=who, inspection_id=insp.id)
    assert err.value.message == strings.INS_PHOTOS_MISSING.format(items=f"1. {first.text}")
    assert session.get(Inspection, insp.id).status == "running"
    assert session.exec(select(func.count()).select_from(Rectification)).one() == 0

    photo = store_photo(photo_fixture("gps_DSCN0010.jpg"), session=session)
    ins.add_photo(session=session, actor=who, inspection_id=insp.id, item_id=first.id, photo_id=photo.id)
    ins.add_photo(session=session, actor=who, inspection_id=insp.id, item_id=first.id, photo_id=photo.id)
    summary = ins.submit(session=session, actor=who, inspection_id=insp.id)
    weights = [i.weight for i in view.items]
    expected = round(100 * (sum(weights) - weights[0] - weights[1]) / (sum(weights) - weights[1]), 1)
    assert summary.score == expected
    assert summary.passed is False  # a critical item failed, whatever the score
    assert summary.failed == [f"1. {first.text}"]
    assert "checker" in summary.inspectors
    rect = session.exec(select(Rectification).where(Rectification.inspection_id == insp.id)).one()
    assert rect.title == first.text and rect.detail == "床下有电热锅" and rect.critical
    assert rect.office_id == templates["dorm-safety"].office_id
    assert rect.due_on == campustime.campus_today() + timedelta(days=1)

    for call in (
        lambda: ins.submit(session=session, actor=who, inspection_id=insp.id),
        lambda: ins.apply_ticks(
            session=session, actor=who, inspection_id=insp.id, ticks=[ins.Tick(first.id, 9999, "pass")]
        ),
        lambda: ins.add_photo(session=session, actor=who, inspection_id=insp.id, item_id=first.id, photo_id=photo.id),
    ):
        with pytest.raises(UserError) as err:
            call()
        assert err.value.message == strings.INS_ALREADY_SUBMITTED
    assert session.exec(select(func.count()).select_from(Rectification)).one() == 1


def test_score_weights_and_pass_mark():
    items = [
        ChecklistItem(id=i, version_id=1, position=i, section="s", text=str(i), weight=w, critical=(i == 3))
        for i, w in ((1, 5), (2, 3), (3, 2))
    ]
    s = ins.compute_score(items, {1: "pass", 2: "fail", 3: "pass"}, 80)
    assert (s.score, s.passed, [i.id for i in s.failed]) == (round(700 / 10, 1), False, [2])
    assert ins.compute_score(items, {1: "pass", 2: "na", 3: "pass"}, 80).score == 100.0
    assert ins.compute_score(items, {1: "na", 2: "na", 3: "na"}, 80) == ins.Score(None, True, [], 0)
    s = ins.compute_score(items, {1: "pass", 2: "pass", 3: "fail"}, 80)
    assert (s.score, s.passed, s.critical_failed) == (80.0, False, 1)


def test_dashboard_figures(session, people, templates, campus, canteen):
    done = _plan(session, people, templates, canteen)
    _plan(session, people, templates, campus["dorm"])
    _tick_all(session, people["inspector"], done, overrides={3: "fail"})
    ins.submit(session=session, actor=people["inspector"], inspection_id=done.id)
    f = ins.figures(session=session, actor=people["staff"])
    assert (f.week_done, f.week_planned, f.rect_open, f.rect_overdue) == (1, 2, 1, 0)
    f = ins.figures(session=session, actor=people["staff"], today=campustime.campus_today() + timedelta(days=30))
    assert (f.week_done, f.week_planned, f.rect_overdue) == (0, 0, 1)


def test_the_housekeeping_job_plans_weekly_inspections(session, people, templates, campus):
    from quanyi_app.inspections.jobs import plan_weekly_once

    series = ins.plan_inspection(
        session=session,
        actor=people["staff"],
        template_id=templates["dorm-safety"].id,
        building_id=campus["dorm"].id,
        day=campustime.campus_today(),
        inspectors=[people["inspector"].user_id],
        weekly=True,
    )
    session.commit()
    victim = session.exec(
        select(Inspection).where(Inspection.series_id == series.id).order_by(Inspection.planned_on.desc())
    ).first()
    for link in session.exec(select(InspectionInspector).where(InspectionInspector.inspection_id == victim.id)).all():
        session.delete(link)
    session.flush()
    session.delete(victim)  # as if the last week had not been planned yet
    session.commit()
    assert plan_weekly_once() == 1
    assert plan_weekly_once() == 0
    assert (
        session.exec(select(func.count()).select_from(Inspection).where(Inspection.series_id == series.id)).one()
        == ins.WEEKS_AHEAD
    )


def test_a_submission_that_fails_half_way_changes_nothing(session, people, templates, canteen, monkeypatch):
    """Submitting is one unit of work: score, verdict, inspectors' names and the rectifications
    for failed items are written together, or not at all."""
    from quanyi_app.core.db import session_scope
    from quanyi_app.inspections.models import Inspection, Rectification
    from tests.support.world import fail_at_audit, table_rows

    insp = _plan(session, people, templates, canteen)
    _tick_all(session, people["inspector"], insp, overrides={3: "fail"})  # an item that needs no photo
    session.commit()
    before = table_rows(session, Inspection, Rectification, InspectionAnswer)
    fail_at_audit(monkeypatch, "inspection.submit")
    with pytest.raises(RuntimeError), session_scope() as s:
        ins.submit(session=s, actor=people["inspector"], inspection_id=insp.id)
    after = table_rows(session, Inspection, Rectification, InspectionAnswer)
    assert after == before and after["rectification"] == []
