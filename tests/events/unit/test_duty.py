"""The duty room: hours and the open-now / next line, the roster and its swaps, a walk-in filed as
a case with its tracking code on the spot (slip, SMS, email), consultations without personal
data, the monthly figures, the public page and the home card."""

from __future__ import annotations

import subprocess
from datetime import date, datetime, timedelta

import pytest
import zxingcpp
from sqlmodel import select
from starlette.testclient import TestClient

from quanyi_app.core.campustime import CAMPUS_TZ
from quanyi_app.core.errors import PermissionDenied, UserError
from quanyi_app.core.notify.models import OutboundMessage
from quanyi_app.events import strings
from quanyi_app.events.models import DutyVisit
from quanyi_app.events.services import duty
from quanyi_app.proposals.models import Case
from quanyi_app.proposals.services import cases
from tests.conftest import wired_api
from tests.support.pdf import rasterise

SECRET = "s" * 40
MONDAY = datetime(2026, 11, 30, 18, 0, tzinfo=CAMPUS_TZ)  # a Monday, 18:00 on campus


@pytest.fixture
def room(session, campus, people):
    slots = [
        duty.add_slot(
            session=session, actor=people["staff"], weekday=d, starts="17:30", ends="19:30", place="学生发展中心309"
        )
        for d in (0, 3)
    ]
    for s in slots:
        duty.set_roster(session=session, actor=people["staff"], slot_id=s.id, user_id=people["staff"].user_id, on=True)
    session.commit()
    return slots


def refused(message, fn, **kw):
    with pytest.raises(UserError) as err:
        fn(**kw)
    assert err.value.message == message


def test_open_now_and_next(session, room):
    line = duty.now_line(session=session, now=MONDAY)
    assert line.open_now and line.text == "值班室开放中:今天 17:30–19:30" and line.people == ["staffer"]
    later = duty.now_line(session=session, now=MONDAY.replace(hour=20))
    assert not later.open_now and later.text == "下次开放:周四 17:30–19:30"
    morning = duty.now_line(session=session, now=MONDAY.replace(hour=9))
    assert morning.text == "下次开放:今天 17:30–19:30" and morning.place == "学生发展中心309"


def test_hours_are_checked(session, room, people):
    refused(
        strings.DUTY_HOURS,
        duty.add_slot,
        session=session,
        actor=people["staff"],
        weekday=1,
        starts="19:30",
        ends="17:30",
        place="309",
    )
    refused(
        strings.DUTY_HOURS,
        duty.add_slot,
        session=session,
        actor=people["staff"],
        weekday=1,
        starts="7点",
        ends="9点",
        place="309",
    )
    refused(
        strings.DUTY_WEEKDAY,
        duty.add_slot,
        session=session,
        actor=people["staff"],
        weekday=7,
        starts="17:30",
        ends="19:30",
        place="309",
    )
    with pytest.raises(PermissionDenied):
        duty.add_slot(session=session, actor=people["inspector"], weekday=1, starts="17:30", ends="19:30", place="309")


def test_swaps_change_who_is_on_duty_that_day_only(session, room, people):
    monday = room[0]
    next_monday = date.today() + timedelta(days=(7 - date.today().weekday()) % 7 or 7)
    args = dict(session=session, actor=people["staff"], slot_id=monday.id, from_user_id=people["staff"].user_id)
    refused(
        strings.DUTY_SWAP_DAY,
        duty.swap,
        day=next_monday + timedelta(days=1),
        to_user_id=people["admin"].user_id,
        **args,
    )
    refused(
        strings.DUTY_SWAP_DAY,
        duty.swap,
        day=next_monday - timedelta(days=14),
        to_user_id=people["admin"].user_id,
        **args,
    )
    refused(strings.DUTY_SWAP_SAME, duty.swap, day=next_monday, to_user_id=people["staff"].user_id, **args)
    refused(strings.DUTY_PERSON, duty.swap, day=next_monday, to_user_id=people["office"].user_id, **args)
    duty.swap(day=next_monday, to_user_id=people["admin"].user_id, **args)
    refused(strings.DUTY_SWAP_TWICE, duty.swap, day=next_monday, to_user_id=people["admin"].user_id, **args)
    assert duty.on_duty(session, monday, next_monday) == ["部长"]
    assert duty.on_duty(session, monday, next_monday + timedelta(days=7)) == ["staffer"]


def test_a_walk_in_becomes_a_case_with_its_code_on_the_spot(session, room, people, campus):
    before = len(session.exec(select(Case)).all())
    refused(
        strings.QUESTION_CATEGORY,
        duty.log_case,
        session=session,
        actor=people["staff"],
        category_id=None,
        description="宿舍楼下路灯坏了一个月。",
        secret=SECRET,
    )
    refused(
        strings.EV_PHONE_INVALID,
        duty.log_case,
        session=session,
        actor=people["staff"],
        category_id=campus["dorm_cat"].id,
        description="宿舍楼下路灯坏了一个月。",
        phone="123",
        secret=SECRET,
    )
    with pytest.raises(PermissionDenied):
        duty.log_case(
            session=session,
            actor=people["office"],
            category_id=campus["dorm_cat"].id,
            description="路灯坏了一个月了。",
            secret=SECRET,
        )
    assert len(session.exec(select(Case)).all()) == before
    done = duty.log_case(
        session=session,
        actor=people["staff"],
        category_id=campus["dorm_cat"].id,
        description="西区24栋楼下路灯坏了一个月,晚上很黑。",
        phone="13812345678",
        secret=SECRET,
        public_url="https://q.example.cn",
    )
    view = cases.tracking_view(session=session, code=done.tracking_code)
    assert view.description.startswith("西区24栋楼下路灯") and done.told == "sms"
    case = session.exec(select(Case).where(Case.tracking_code == done.tracking_code)).one()
    assert case.source == "duty" and case.contact_phone == "13812345678" and not case.anonymous
    sms = session.exec(select(OutboundMessage).where(OutboundMessage.channel == "sms")).one()
    assert done.tracking_code in sms.body and f"https://q.example.cn/t/{done.tracking_code}" in sms.body
    mailed = duty.log_case(
        session=session,
        actor=people["staff"],
        category_id=campus["dorm_cat"].id,
        description="浴室的排风扇不转了。",
        email="stu@example.cn",
        secret=SECRET,
    )
    assert mailed.told == "email"
    assert (
        session.exec(select(OutboundMessage).where(OutboundMessage.recipient == "stu@example.cn")).first() is not None
    )
    assert [v.kind for v in session.exec(select(DutyVisit)).all()] == ["case", "case"]


def test_the_slip_carries_the_code_and_its_qr(session, room, people, campus, tmp_path):
    done = duty.log_case(
        session=session,
        actor=people["staff"],
        category_id=campus["dorm_cat"].id,
        description="洗衣机投币后不启动。",
        secret=SECRET,
        public_url="https://q.example.cn",
    )
    pdf = duty.slip_pdf(
        session=session, actor=people["staff"], code=done.tracking_code, public_url="https://q.example.cn"
    )
    (tmp_path / "slip.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(tmp_path / "slip.pdf"), "-"], capture_output=True, text=True).stdout
    assert done.tracking_code in text and strings.SLIP_CODE in text
    codes = [r.text for im in rasterise(pdf, tmp_path, dpi=200) for r in zxingcpp.read_barcodes(im)]
    assert codes == [f"https://q.example.cn/t/{done.tracking_code}"]
    refused(
        strings.TRACKING_UNKNOWN, duty.slip_pdf, session=session, actor=people["staff"], code="nosuch", public_url=""
    )
    with pytest.raises(PermissionDenied):
        duty.slip_pdf(session=session, actor=people["inspector"], code=done.tracking_code, public_url="")


def test_consultations_and_the_monthly_figures(session, room, people, campus):
    refused(
        strings.DUTY_NOTE_LENGTH,
        duty.log_consultation,
        session=session,
        actor=people["staff"],
        category_id=campus["canteen_cat"].id,
        note="",
    )
    for note in ("问饭卡挂失流程", "问食堂营业时间"):
        duty.log_consultation(session=session, actor=people["staff"], category_id=campus["canteen_cat"].id, note=note)
    duty.log_consultation(session=session, actor=people["staff"], category_id=campus["dorm_cat"].id, note="问退宿手续")
    duty.log_case(
        session=session,
        actor=people["staff"],
        category_id=campus["dorm_cat"].id,
        description="空调漏水滴到床上。",
        secret=SECRET,
    )
    this, *older = duty.monthly(session=session, actor=people["staff"])
    assert (this.visits, this.cases, this.consultations) == (4, 1, 3)
    assert this.by_category == [("食堂", 2), ("宿舍", 1)] and len(older) == 5 and older[0].visits == 0
    with pytest.raises(PermissionDenied):
        duty.monthly(session=session, actor=people["office"])


def test_the_public_page_and_the_home_card(session, room):
    client = TestClient(wired_api())
    page = client.get("/duty").text
    assert "学生发展中心309" in page and "周一" in page and "周四" in page and "17:30–19:30" in page
    home = client.get("/").text
    assert strings.DUTY_TITLE in home and ("下次开放" in home or "开放中" in home)
