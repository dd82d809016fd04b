"""Commitments: recorded in the minutes, public once the minutes are, moved by updates (offices
post for their own, staff publish), overdue when late, an office's record, news to the cases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from quanyi_app.core.campustime import campus_today
from quanyi_app.core.errors import PermissionDenied, UserError
from quanyi_app.core.modelbase import utcnow
from quanyi_app.core.notify.models import OutboundMessage
from quanyi_app.core.photos import services as photos
from quanyi_app.core.photos.models import Photo
from quanyi_app.events import strings
from quanyi_app.events.models import Commitment, CommitmentUpdate
from quanyi_app.events.services import commitments, meetings
from quanyi_app.proposals.models import CaseEvent
from quanyi_app.proposals.services import cases
from tests.conftest import photo_fixture
from tests.events.conftest import ask, hold


def refused(fn, message: str, **kw):
    with pytest.raises(UserError) as err:
        fn(**kw)
    assert err.value.message == message


@pytest.fixture
def minutes(session, hall, people):
    """The meeting held, one question (tied to the case) on the agenda and answered."""
    m = hall["meeting"]
    q = ask(session, m, tracking_code=hall["case"].tracking_code)
    hold(session, m)
    meetings.set_agenda(session=session, actor=people["staff"], question_id=q.id, on=True)
    meetings.record_answer(
        session=session, actor=people["staff"], question_id=q.id, answer="后勤保障处答应一个月内解决。"
    )
    session.commit()
    return {"meeting": m, "question": q}


def promise(session, people, hall, minutes, *, due_in_days=30, office=None, what="二食堂夜宵窗口延长到22:00"):
    return commitments.add_commitment(
        session=session,
        actor=people["staff"],
        question_id=minutes["question"].id,
        what=what,
        office_id=(office or hall["logistics_office"]).id,
        due=(campus_today() + timedelta(days=due_in_days)).isoformat(),
    )


def publish(session, people, minutes):
    meetings.publish_minutes(session=session, actor=people["staff"], meeting_id=minutes["meeting"].id)


def test_a_commitment_needs_what_an_owner_and_a_due_date(session, hall, people, minutes):
    base = dict(
        session=session,
        actor=people["staff"],
        question_id=minutes["question"].id,
        what="延长供应时间",
        office_id=hall["logistics_office"].id,
        due="2027-01-15",
    )
    refused(commitments.add_commitment, strings.OFFICE_REQUIRED, **(base | {"office_id": None}))
    refused(commitments.add_commitment, strings.OFFICE_REQUIRED, **(base | {"office_id": 999}))
    refused(commitments.add_commitment, strings.DUE_REQUIRED, **(base | {"due": ""}))
    refused(commitments.add_commitment, strings.DUE_REQUIRED, **(base | {"due": "下个月"}))
    refused(commitments.add_commitment, strings.WHAT_LENGTH, **(base | {"what": "好"}))
    with pytest.raises(PermissionDenied):
        commitments.add_commitment(**(base | {"actor": hall["logistics"]}))
    assert session.exec(select(Commitment)).all() == []
    c = commitments.add_commitment(**base)
    assert c.due_on.isoformat() == "2027-01-15" and c.status == "open"


def test_the_board_shows_commitments_once_the_minutes_are_published(session, hall, people, minutes):
    c = promise(session, people, hall, minutes)
    assert commitments.board(session=session).rows == []  # minutes not yet public
    publish(session, people, minutes)
    news = session.exec(
        select(CaseEvent).where(CaseEvent.case_id == hall["case"].id, CaseEvent.kind == "meeting")
    ).one()
    assert f"承诺:{c.what}(负责:后勤保障处,期限 {c.due_on.isoformat()})" in news.body  # on the case's page too
    board = commitments.board(session=session)
    assert [(r.what, r.office, r.status) for r in board.rows] == [("二食堂夜宵窗口延长到22:00", "后勤保障处", "open")]
    assert board.rows[0].meeting == "第1期 校领导接待日" and board.rows[0].question.startswith("二食堂")
    assert commitments.board(session=session, office_id=hall["logistics_office"].id + 1).rows == []
    assert len(commitments.board(session=session, meeting_id=minutes["meeting"].id).rows) == 1


def test_overdue_is_an_open_commitment_past_its_due_date(session, hall, people, minutes):
    late = promise(session, people, hall, minutes, due_in_days=-3)
    promise(session, people, hall, minutes, what="澡堂周末延长开放")
    publish(session, people, minutes)
    board = commitments.board(session=session)
    assert [(r.what, r.status, r.days_late) for r in board.rows][0] == (late.what, "overdue", 3)  # listed first
    assert board.counts == {"total": 2, "done": 0, "progress": 1, "overdue": 1}
    assert commitments.desk_figures(session=session, actor=people["staff"]).overdue == 1
    assert [r.what for r in commitments.for_desk(session=session, actor=people["staff"], overdue_only=True)] == [
        late.what
    ]


def test_an_office_posts_for_its_own_commitments_and_staff_publish(session, hall, people, minutes):
    c = promise(session, people, hall, minutes)
    publish(session, people, minutes)
    # Another office may not touch it, and is told whose it is.
    refused(
        commitments.post_update,
        strings.OTHER_OFFICE.format(office="后勤保障处"),
        session=session,
        actor=hall["catering"],
        commitment_id=c.id,
        kind="progress",
        body="我们来处理",
    )
    with pytest.raises(PermissionDenied):  # an office account with no office acts for none
        commitments.post_update(
            session=session, actor=people["office"], commitment_id=c.id, kind="progress", body="处理中"
        )
    with pytest.raises(PermissionDenied):
        commitments.post_update(
            session=session, actor=people["inspector"], commitment_id=c.id, kind="progress", body="处理中"
        )
    assert commitments.for_desk(session=session, actor=hall["catering"]) == []
    assert commitments.for_desk(session=session, actor=people["office"]) == []
    # The owner's update waits for staff: not on the board, not on the case.
    u = commitments.post_update(
        session=session, actor=hall["logistics"], commitment_id=c.id, kind="progress", body="已招聘夜班厨师。"
    )
    assert u.published_at is None and u.office_id == hall["logistics_office"].id
    assert commitments.board(session=session).rows[0].updates == [] and c.status == "open"
    assert [r.updates[0].pending for r in commitments.for_desk(session=session, actor=hall["logistics"])] == [True]
    with pytest.raises(PermissionDenied):
        commitments.publish_update(session=session, actor=hall["logistics"], update_id=u.id)
    pending = commitments.pending_updates(session=session, actor=people["staff"])
    assert [(p.update_id, p.office) for p in pending] == [(u.id, "后勤保障处")]
    before = len(session.exec(select(OutboundMessage)).all())
    commitments.publish_update(
        session=session, actor=people["staff"], update_id=u.id, public_url="https://q.example.cn"
    )
    refused(
        commitments.publish_update,
        strings.UPDATE_ALREADY_DECIDED,
        session=session,
        actor=people["staff"],
        update_id=u.id,
    )
    row = commitments.board(session=session).rows[0]
    assert row.status == "in_progress" and [x.body for x in row.updates] == ["已招聘夜班厨师。"]
    # The case behind the question shows it, and its proposer is told.
    news = session.exec(
        select(CaseEvent).where(CaseEvent.case_id == hall["case"].id, CaseEvent.kind == "commitment")
    ).one()
    assert "已招聘夜班厨师" in news.body and "二食堂夜宵窗口延长到22:00" in news.body
    view = cases.tracking_view(session=session, code=hall["case"].tracking_code)
    assert any(e.title == "后勤保障处的承诺事项有新进展" and "夜班厨师" in e.body for e in view.timeline)
    assert [m.recipient for m in session.exec(select(OutboundMessage)).all()[before:]] == ["stu@example.cn"]


def test_sending_back_an_office_update(session, hall, people, minutes):
    c = promise(session, people, hall, minutes)
    publish(session, people, minutes)
    u = commitments.post_update(
        session=session, actor=hall["logistics"], commitment_id=c.id, kind="done", body="已完成"
    )
    commitments.decline_update(session=session, actor=people["staff"], update_id=u.id)
    assert commitments.pending_updates(session=session, actor=people["staff"]) == []
    assert session.get(Commitment, c.id).status == "open"
    refused(
        commitments.decline_update,
        strings.UPDATE_ALREADY_DECIDED,
        session=session,
        actor=people["staff"],
        update_id=u.id,
    )


def test_done_with_a_photo_and_dropped_with_a_reason_make_the_office_record(session, hall, people, minutes, upload_dir):
    on_time = promise(session, people, hall, minutes)
    late = promise(session, people, hall, minutes, what="宿舍楼热水器全部更换", due_in_days=-10)
    dropped = promise(session, people, hall, minutes, what="澡堂24小时开放")
    other = promise(
        session,
        people,
        hall,
        minutes,
        what="食堂增加清真窗口",
        office=session.get(type(hall["logistics_office"]), hall["logistics_office"].id + 1),
    )
    publish(session, people, minutes)
    shot = photos.store_photo(
        photo_fixture("gps_DSCN0021.jpg"),
        session=session,
        uploaded_by_id=people["staff"].user_id,
    )
    assert not shot.is_public
    refused(
        commitments.post_update,
        strings.DONE_NEEDS_EVIDENCE,
        session=session,
        actor=people["staff"],
        commitment_id=on_time.id,
        kind="done",
        body="",
    )
    commitments.post_update(
        session=session,
        actor=people["staff"],
        commitment_id=on_time.id,
        kind="done",
        body="夜宵窗口已开放到22:00。",
        photo_ids=[shot.id],
    )
    assert session.get(Photo, shot.id).is_public  # the evidence is public with the update
    commitments.post_update(
        session=session, actor=people["staff"], commitment_id=late.id, kind="done", body="已全部更换。"
    )
    refused(
        commitments.post_update,
        strings.DROP_REASON_REQUIRED,
        session=session,
        actor=people["staff"],
        commitment_id=dropped.id,
        kind="dropped",
        body="",
    )
    commitments.post_update(
        session=session, actor=people["staff"], commitment_id=dropped.id, kind="dropped", body="安全原因,夜间无法值守。"
    )
    refused(
        commitments.post_update,
        strings.COMMITMENT_CLOSED.format(status="已完成"),
        session=session,
        actor=people["staff"],
        commitment_id=on_time.id,
        kind="progress",
        body="再说一句",
    )
    refused(
        commitments.post_update,
        strings.UPDATE_KIND_INVALID,
        session=session,
        actor=people["staff"],
        commitment_id=other.id,
        kind="gone",
        body="不存在的类型",
    )
    board = commitments.board(session=session)
    by_what = {r.what: r for r in board.rows}
    assert by_what[on_time.what].status == "done" and by_what[on_time.what].updates[0].photos[0].startswith(
        "/api/photos/"
    )
    assert by_what[dropped.what].status == "dropped" and by_what[dropped.what].drop_reason == "安全原因,夜间无法值守。"
    records = {r.office: (r.made, r.kept, r.on_time) for r in board.records}
    assert records == {"后勤保障处": (3, 2, 1), "饮食服务中心": (1, 0, 0)}
    assert session.exec(select(CommitmentUpdate).where(CommitmentUpdate.published_at.is_(None))).all() == []
    assert commitments.photos_held(session, utcnow()) == {shot.id}


def test_still_open_lists_what_the_last_meeting_has_not_kept(session, hall, people, minutes):
    kept = promise(session, people, hall, minutes, what="已经做到的事情")
    promise(session, people, hall, minutes, what="还没做到的事情")
    publish(session, people, minutes)
    commitments.post_update(session=session, actor=people["staff"], commitment_id=kept.id, kind="done", body="做到了。")
    assert [r.what for r in commitments.still_open(session, minutes["meeting"])] == ["还没做到的事情"]
