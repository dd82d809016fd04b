"""Meetings: create and announce, questions and 我也关心 (once per phone), merge, agenda, minutes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from quanyi_app.core.errors import PermissionDenied, UserError
from quanyi_app.core.modelbase import utcnow
from quanyi_app.core.notify.models import OutboundMessage
from quanyi_app.events import strings
from quanyi_app.events.models import MeetingQuestion, MeetingStatus, QuestionSupport
from quanyi_app.events.services import meetings
from quanyi_app.proposals.models import CaseEvent
from tests.events.conftest import SECRET, ask, hold, new_meeting


def refused(fn, message: str | None = None, **kw):
    with pytest.raises(UserError) as err:
        fn(**kw)
    if message is not None:
        assert err.value.message == message
    return err.value.message


def test_numbers_are_suggested_and_unique_per_kind(session, hall, people):
    assert meetings.suggested_number(session=session, kind_id=1) == 2
    assert meetings.suggested_number(session=session, kind_id=2) == 1  # each kind counts on its own
    with pytest.raises(UserError) as err:
        new_meeting(session, people["staff"], number=1)
    assert err.value.message == strings.NUMBER_TAKEN.format(n=1)
    assert new_meeting(session, people["staff"], number=1, kind_id=2).number == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind_id": None}, strings.KIND_REQUIRED),
        ({"number": 0}, strings.NUMBER_INVALID),
        ({"starts": "下周一"}, strings.STARTS_INVALID),
        ({"starts": "2026-12-07"}, strings.STARTS_INVALID),  # a day without a time
        ({"ends": "13:00"}, strings.ENDS_INVALID),  # before it starts
        ({"place": ""}, strings.PLACE_LENGTH),
        ({"seats": -1}, strings.SEATS_RANGE),
        ({"attending": "长" * 301}, strings.ATTENDING_LENGTH),
    ],
)
def test_a_meeting_with_bad_fields_is_refused_and_nothing_is_written(session, hall, people, change, message):
    form = dict(kind_id=1, number=9, starts="2026-12-07T14:00", ends="16:00", place="学生活动中心", seats=10)
    form.update(change)
    refused(meetings.create_meeting, message, session=session, actor=people["staff"], form=meetings.MeetingForm(**form))
    assert len(meetings.staff_meetings(session=session, actor=people["staff"])) == 1


def test_only_staff_create_and_drafts_are_not_public(session, hall, people):
    for who in ("inspector", "office"):
        with pytest.raises(PermissionDenied):
            new_meeting(session, people[who])
    draft = new_meeting(session, people["staff"], announce=False)
    refused(meetings.public_meeting, strings.MEETING_NOT_FOUND, session=session, meeting_id=draft.id)
    upcoming, _past = meetings.public_meetings(session=session)
    assert [m.id for m in upcoming] == [hall["meeting"].id]
    refused(
        meetings.ask,
        strings.MEETING_NOT_FOUND,
        form=meetings.QuestionForm(draft.id, 1, "能否延长开放时间?", device="p"),
        session=session,
        secret=SECRET,
    )


def test_questions_are_anonymous_checked_and_limited_per_phone(session, hall):
    m = hall["meeting"]
    q = ask(session, m)
    assert q.supporters == 1 and q.case_id is None and len(q.device_hash) == 64 and "phone-a" not in q.device_hash
    refused(ask, strings.QUESTION_LENGTH, session=session, meeting=m, body="太短")
    refused(ask, strings.QUESTION_CATEGORY, session=session, meeting=m, category_id=999)
    refused(ask, strings.TRACKING_UNKNOWN, session=session, meeting=m, tracking_code="nosuchcode")
    linked = ask(session, m, body="宿舍热水器坏了一周(我提交过反馈)", tracking_code=hall["case"].tracking_code.upper())
    assert linked.case_id == hall["case"].id
    for n in range(3):
        ask(session, m, body=f"第 {n} 个问题:图书馆空调太冷")
    refused(ask, strings.QUESTIONS_PER_PHONE.format(n=5), session=session, meeting=m, body="第六个问题写在这里")
    ask(session, m, body="另一台手机可以继续提问", device="phone-b")
    refused(
        ask,
        "请刷新页面后再提交(已填写的内容会保留)。若仍不行,请允许本站使用 Cookie:我们用它识别这台手机,防止刷屏。",
        session=session,
        meeting=m,
        device="",
    )


def test_questions_close_when_the_meeting_starts(session, hall):
    m = hall["meeting"]
    q = ask(session, m)
    hold(session, m)
    refused(ask, strings.QUESTIONS_CLOSED, session=session, meeting=m, body="会后才想到的问题")
    refused(
        meetings.support,
        strings.QUESTIONS_CLOSED,
        session=session,
        secret=SECRET,
        meeting_id=m.id,
        question_id=q.id,
        device="phone-b",
    )


def test_i_care_too_counts_each_phone_once(session, hall):
    m = hall["meeting"]
    q = ask(session, m)
    assert meetings.support(session=session, secret=SECRET, meeting_id=m.id, question_id=q.id, device="phone-b") == 2
    assert meetings.support(session=session, secret=SECRET, meeting_id=m.id, question_id=q.id, device="phone-c") == 3
    refused(
        meetings.support,
        strings.ALREADY_SUPPORTED,
        session=session,
        secret=SECRET,
        meeting_id=m.id,
        question_id=q.id,
        device="phone-b",
    )
    refused(
        meetings.support,
        strings.SUPPORT_OWN,
        session=session,
        secret=SECRET,
        meeting_id=m.id,
        question_id=q.id,
        device="phone-a",
    )
    session.refresh(q)
    assert q.supporters == 3
    assert len(session.exec(select(QuestionSupport).where(QuestionSupport.question_id == q.id)).all()) == 3
    other = new_meeting(session, hall["meeting"].created_by_id and _staff(session), number=7)
    refused(
        meetings.support,
        strings.QUESTION_NOT_FOUND,
        session=session,
        secret=SECRET,
        meeting_id=other.id,
        question_id=q.id,
        device="phone-d",
    )
    assert meetings.supported_by(session, SECRET, "phone-b", [q.id]) == {q.id}
    assert meetings.supported_by(session, SECRET, "phone-z", [q.id]) == set()


def _staff(session):
    from quanyi_app.core.accounts.models import User
    from quanyi_app.core.accounts.services import principal_of

    return principal_of(session.exec(select(User).where(User.username == "staffer")).one())


def test_merging_keeps_each_phone_once_and_the_cases_behind(session, hall, people):
    m = hall["meeting"]
    keep = ask(session, m, body="二食堂晚上没有热饭")
    dup = ask(session, m, body="晚上九点后食堂没饭吃", device="phone-b", tracking_code=hall["case"].tracking_code)
    meetings.support(session=session, secret=SECRET, meeting_id=m.id, question_id=dup.id, device="phone-a")  # both
    meetings.support(session=session, secret=SECRET, meeting_id=m.id, question_id=dup.id, device="phone-c")
    refused(meetings.merge, strings.MERGE_PICK, session=session, actor=people["staff"], keep_id=keep.id, merge_ids=[])
    refused(
        meetings.merge,
        strings.MERGE_INTO_ITSELF,
        session=session,
        actor=people["staff"],
        keep_id=keep.id,
        merge_ids=[keep.id],
    )
    with pytest.raises(PermissionDenied):
        meetings.merge(session=session, actor=people["office"], keep_id=keep.id, merge_ids=[dup.id])
    meetings.merge(session=session, actor=people["staff"], keep_id=keep.id, merge_ids=[dup.id])
    session.refresh(keep)
    assert keep.supporters == 3  # phones a, b, c — a counted once
    assert [q.id for q in meetings.questions(session, m.id)] == [keep.id]
    assert meetings.case_ids_behind(session, keep.id) == [hall["case"].id]
    # 我也关心 on the merged one now counts for the one kept (phone d is new; phone c is not).
    assert meetings.support(session=session, secret=SECRET, meeting_id=m.id, question_id=dup.id, device="phone-d") == 4
    refused(
        meetings.set_agenda,
        strings.QUESTION_MERGED,
        session=session,
        actor=people["staff"],
        question_id=dup.id,
        on=True,
    )


def test_minutes_need_an_agenda_answers_and_a_held_meeting_then_tell_the_cases(session, hall, people):
    m = hall["meeting"]
    q = ask(session, m, tracking_code=hall["case"].tracking_code)
    other = ask(session, m, body="澡堂周末开放时间太短", device="phone-b")
    refused(meetings.publish_minutes, strings.MINUTES_NOT_YET, session=session, actor=people["staff"], meeting_id=m.id)
    hold(session, m)
    refused(
        meetings.publish_minutes, strings.MINUTES_NEED_AGENDA, session=session, actor=people["staff"], meeting_id=m.id
    )
    refused(
        meetings.record_answer,
        strings.NOT_ON_AGENDA,
        session=session,
        actor=people["staff"],
        question_id=q.id,
        answer="会研究",
    )
    for question in (q, other):
        meetings.set_agenda(session=session, actor=people["staff"], question_id=question.id, on=True)
    meetings.record_answer(session=session, actor=people["staff"], question_id=q.id, answer="下周起二食堂供应到22:00。")
    refused(
        meetings.publish_minutes,
        strings.MINUTES_NEED_ANSWERS.format(n=1),
        session=session,
        actor=people["staff"],
        meeting_id=m.id,
    )
    refused(
        meetings.record_answer,
        strings.ANSWER_LENGTH,
        session=session,
        actor=people["staff"],
        question_id=other.id,
        answer=" ",
    )
    meetings.record_answer(session=session, actor=people["staff"], question_id=other.id, answer="周末延长到23:00。")
    before = len(session.exec(select(OutboundMessage)).all())
    meetings.publish_minutes(
        session=session,
        actor=people["staff"],
        meeting_id=m.id,
        summary="本期共答复 2 个问题。",
        public_url="https://q.example.cn",
    )
    assert m.status == MeetingStatus.minutes.value and m.minutes_published_at is not None
    news = session.exec(
        select(CaseEvent).where(CaseEvent.case_id == hall["case"].id, CaseEvent.kind == "meeting")
    ).one()
    assert "二食堂供应到22:00" in news.body and "第1期 校领导接待日" in news.body and news.public
    mails = session.exec(select(OutboundMessage)).all()[before:]
    assert [x.recipient for x in mails] == ["stu@example.cn"] and hall["case"].tracking_code in mails[0].body
    refused(meetings.publish_minutes, strings.MINUTES_ALREADY, session=session, actor=people["staff"], meeting_id=m.id)
    refused(
        meetings.set_agenda, strings.MINUTES_ALREADY, session=session, actor=people["staff"], question_id=q.id, on=False
    )


def test_the_previous_meeting_of_a_kind(session, hall, people):
    m = hall["meeting"]
    later = new_meeting(session, people["staff"], days=14)
    other_kind = new_meeting(session, people["staff"], days=10, kind_id=2)
    assert meetings.previous_of(session, later).id == m.id
    assert meetings.previous_of(session, m) is None and meetings.previous_of(session, other_kind) is None
    assert meetings.next_meeting(session=session).id == m.id
    m.starts_at, m.ends_at = utcnow() - timedelta(days=3), utcnow() - timedelta(days=3) + timedelta(hours=2)
    upcoming, past = meetings.public_meetings(session=session)
    assert [x.id for x in upcoming] == [other_kind.id, later.id] and [x.id for x in past] == [m.id]
    assert session.exec(select(MeetingQuestion)).all() == []


def test_seats_for_student_attendees_open_with_the_meeting(session, hall, people, campus):
    from starlette.testclient import TestClient

    from quanyi_app.core.accounts import cookies
    from quanyi_app.events.services import places
    from tests.conftest import wired_api

    draft = new_meeting(session, people["staff"], number=9, announce=False)
    seats = meetings.attendee_event(session, draft.id)
    assert (seats.places, seats.status, seats.mode) == (30, "draft", "first_come")
    assert seats.reg_closes_at == draft.starts_at and seats.title == "第9期 校领导接待日 学生参会报名"
    meetings.announce(session=session, actor=people["staff"], meeting_id=draft.id)
    session.refresh(seats)
    assert seats.status == "open"
    session.commit()
    client = TestClient(wired_api(), follow_redirects=False)
    client.cookies.set(cookies.DEVICE_COOKIE, cookies.new_device_cookie())
    page = client.get(f"/meetings/{draft.id}").text
    assert f'href="/events/{seats.id}"' in page and "报名参会(30 个名额)" in page
    r = client.post(
        f"/events/{seats.id}",
        data={"name": "参会同学", "student_no": "2023123456", "college": "1", "phone": "13800000001"},
    )
    assert r.status_code == 303
    assert "<svg" in client.get(r.headers["location"].split("#")[0]).text  # the check-in code for the door
    form = dict(
        kind_id=1,
        number=9,
        starts="2027-01-11T14:30",
        ends="16:30",
        place="行政楼二楼会议室",
        attending="",
        seats=10,
    )
    with pytest.raises(UserError) as err:
        meetings.edit_meeting(
            session=session, actor=people["staff"], meeting_id=draft.id, form=meetings.MeetingForm(**form)
        )
    assert err.value.message == strings.SEATS_LOCKED
    meetings.edit_meeting(
        session=session, actor=people["staff"], meeting_id=draft.id, form=meetings.MeetingForm(**(form | {"seats": 30}))
    )
    session.refresh(seats)
    assert seats.place == "行政楼二楼会议室" and seats.reg_closes_at == session.get(type(draft), draft.id).starts_at
    assert places.places_left(session, seats.id) == 29


def test_attendee_quotas_per_college(session, hall, people, campus):
    from quanyi_app.events.services import places

    m = meetings.create_meeting(
        session=session,
        actor=people["staff"],
        form=meetings.MeetingForm(
            kind_id=2,
            number=1,
            starts="2027-01-11T14:30",
            ends="16:30",
            place="后勤楼",
            seats=3,
            quotas={campus["cs"].id: 2},
        ),
    )
    seats = meetings.attendee_event(session, m.id)
    assert sorted((p.college_id or 0, p.places) for p in places.pools(session, seats.id)) == [
        (0, 1),
        (campus["cs"].id, 2),
    ]


def test_a_past_meeting_recorded_afterwards_has_no_sign_up(session, hall, people):
    past = meetings.create_meeting(
        session=session,
        actor=people["staff"],
        form=meetings.MeetingForm(
            kind_id=3, number=12, starts="2026-10-12T14:30", ends="16:30", place="教务处", seats=20
        ),
    )
    assert meetings.attendee_event(session, past.id) is None
