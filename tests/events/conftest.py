"""The events tests' world: the demo campus, people (with an account for 后勤保障处 and one for
饮食服务中心), a case filed with an email, and a reception day announced for next week."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from quanyi_app.core.accounts import services as accounts
from quanyi_app.core.campus.models import Office
from quanyi_app.core.campustime import local_str
from quanyi_app.core.modelbase import utcnow
from quanyi_app.events.models import Meeting
from quanyi_app.events.services import meetings
from tests.support.world import PASSWORD

SECRET = "s" * 40


def office_user(session, admin, username: str, office_code: str):
    office = session.exec(select(Office).where(Office.code == office_code)).one()
    accounts.create_user(
        session=session,
        actor=admin,
        username=username,
        display_name=username,
        role="office",
        password=PASSWORD,
        office_id=office.id,
    )
    return accounts.login(session=session, username=username, password=PASSWORD)[1]


def new_meeting(session, actor, *, days: int = 7, number: int | None = None, kind_id: int = 1, announce: bool = True):
    # 14:00 on campus that day: a meeting ends on the day it starts, whatever time the tests run.
    starts = (utcnow() + timedelta(days=days)).replace(hour=6, minute=0, second=0, microsecond=0)
    meeting = meetings.create_meeting(
        session=session,
        actor=actor,
        form=meetings.MeetingForm(
            kind_id=kind_id,
            number=number or meetings.suggested_number(session=session, kind_id=kind_id),
            starts=local_str(starts, "%Y-%m-%dT%H:%M"),
            ends=local_str(starts + timedelta(hours=2), "%H:%M"),
            place="学生活动中心报告厅",
            attending="分管副校长、后勤保障处、饮食服务中心",
            seats=30,
            topics="食堂与宿舍",
        ),
    )
    if announce:
        meetings.announce(session=session, actor=actor, meeting_id=meeting.id)
    return meeting


def hold(session, meeting: Meeting) -> None:
    """Move a meeting into the past (it was held yesterday)."""
    meeting.starts_at = utcnow() - timedelta(days=1, hours=2)
    meeting.ends_at = utcnow() - timedelta(days=1)
    session.add(meeting)
    session.flush()


@pytest.fixture
def hall(session, campus, people, submit):
    logistics = office_user(session, people["admin"], "houqin", "logistics")
    catering = office_user(session, people["admin"], "canyin", "catering")
    case = submit(anonymous=False, contact_email="stu@example.cn")
    meeting = new_meeting(session, people["staff"])
    session.commit()
    return {
        "meeting": meeting,
        "case": case,
        "logistics": logistics,
        "catering": catering,
        "logistics_office": campus["logistics"],
        "cat": campus["canteen_cat"].id,
    }


def ask(session, meeting, body="二食堂晚上九点后没有热饭,能否延长供应时间?", device="phone-a", **kw):
    return meetings.ask(
        meetings.QuestionForm(
            meeting_id=meeting.id, category_id=kw.pop("category_id", 1), body=body, device=device, **kw
        ),
        session=session,
        secret=SECRET,
    )
