"""make run's meetings: 第147期 with minutes and four commitments in four states, 第148期 next week
with five questions and their 我也关心."""

from __future__ import annotations

from sqlmodel import func, select

from quanyi_app import demo
from quanyi_app.core.photos.models import Photo
from quanyi_app.events.models import QuestionSupport
from quanyi_app.events.services import commitments, meetings


def test_demo_meetings_and_commitments(session, campus, people, upload_dir):
    assert demo.load_demo_events(session=session) == 2
    assert demo.load_demo_events(session=session) == 0  # once
    upcoming, past = meetings.public_meetings(session=session)
    assert [meetings.meeting_name(session, m) for m in upcoming] == ["第148期 校领导接待日"]
    assert [meetings.meeting_name(session, m) for m in past] == ["第147期 校领导接待日"]
    assert meetings.questions_open(upcoming[0]) and past[0].status == "minutes"
    asked = meetings.questions(session, upcoming[0].id)
    assert [q.supporters for q in asked] == [23, 17, 9, 5, 2]
    for q in asked:  # each count is real rows, one per phone
        n = session.exec(select(func.count()).select_from(QuestionSupport).where(QuestionSupport.question_id == q.id))
        assert n.one() == q.supporters
    board = commitments.board(session=session)
    assert sorted(r.status for r in board.rows) == ["done", "dropped", "in_progress", "overdue"]
    done = next(r for r in board.rows if r.status == "done")
    assert len(done.updates[0].photos) == 1 and session.exec(select(Photo)).one().is_public
    assert {r.office: (r.made, r.kept, r.on_time) for r in board.records}["饮食服务中心"] == (1, 1, 1)
    assert [r.what for r in commitments.still_open(session, past[0])] == [
        "东区澡堂周末开放时间延长至23:00",
        "西区宿舍热水器分批更换",
    ]


def test_demo_open_day(session, campus, people):
    from quanyi_app.events.services import places

    assert demo.load_demo_open_day(session=session) == 60
    assert demo.load_demo_open_day(session=session) == 0  # once
    (event,) = places.public_events(session=session)
    assert (event.places, places.window_state(event), event.drawn_at) == (20, "open", None)
    assert places.counts(session, event.id) == {"entered": 60}
    assert [(p.college_id is None, p.places) for p in places.pools(session, event.id)] == [(False, 4), (True, 16)]


def test_demo_duty_room(session, campus, people):
    from quanyi_app.events.services import duty

    assert demo.load_demo_duty(session=session) == 2
    assert demo.load_demo_duty(session=session) == 0  # once
    assert [(s.weekday, s.starts, s.ends, s.place) for s in duty.slots(session=session)] == [
        (0, "17:30", "19:30", "学生发展中心309"),
        (3, "17:30", "19:30", "学生发展中心309"),
    ]
    assert duty.now_line(session=session).people == ["部长"]
