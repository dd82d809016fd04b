"""A reception day end to end on phones (390×844), against the production build.

A student files a case, opens the next reception day from the home page and asks a question tied
to that case; a second phone says 我也关心. After the meeting, staff put the question on the agenda,
record the answer and a commitment of 后勤保障处, and publish the minutes: the commitment is on the
board and on the case's tracking page. 后勤保障处's own account posts progress, staff publish it, then
mark the commitment done with a photo; the office's record on the board counts it.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from quanyi_app.events import strings
from tests.conftest import PHOTOS
from tests.support.browser import ADMIN_PASSWORD, login, phone, scan_code, shot, wait_for_mail, wait_hydrated

pytestmark = pytest.mark.browser

QUESTION = "西区24栋热水器坏了一周没人修,维修能不能有时限?"
PROMISE = "西区24栋热水器一周内修复,报修48小时内上门"
OFFICE_USER, OFFICE_PASSWORD = "houqin", "houqin-password-1"


def _engine(db_url: str):
    from quanyi_app.core.db import make_engine

    return make_engine(db_url)


def _office_account(db_url: str) -> None:
    from sqlmodel import Session, select

    from quanyi_app.core.accounts import services as accounts
    from quanyi_app.core.campus.models import Office

    engine = _engine(db_url)
    with Session(engine) as s:
        office = s.exec(select(Office).where(Office.code == "logistics")).one()
        accounts.create_user(
            session=s,
            actor=None,
            username=OFFICE_USER,
            display_name="后勤保障处联络人",
            role="office",
            password=OFFICE_PASSWORD,
            office_id=office.id,
        )
        s.commit()
    engine.dispose()


def _the_meeting_takes_place(db_url: str, number: int) -> None:
    """Time passes: the meeting began an hour ago."""
    from sqlmodel import Session, select

    from quanyi_app.core.modelbase import utcnow
    from quanyi_app.events.models import Meeting

    engine = _engine(db_url)
    with Session(engine) as s:
        meeting = s.exec(select(Meeting).where(Meeting.number == number)).one()
        meeting.starts_at, meeting.ends_at = utcnow() - timedelta(hours=1), utcnow() + timedelta(hours=1)
        s.add(meeting)
        s.commit()
    engine.dispose()


def _file_a_case(page, qr: str, email: str) -> str:
    page.goto(f"/s/{qr}")
    page.get_by_label("问题类别").select_option(label="宿舍")
    page.get_by_label("问题描述").fill("西区24栋三楼热水器坏了一周,报修后没人来。")
    page.get_by_text("留下联系方式").click()
    page.get_by_label("邮箱").fill(email)
    page.get_by_role("button", name="提交").click()
    code = page.locator("#tracking-code")
    code.wait_for()
    return code.inner_text().strip()


def test_question_minutes_commitment_update_done(browser, server_info):
    server, email = server_info.url, "asker@example.cn"
    _office_account(server_info.db_url)
    errors: list[str] = []

    # 1. A student files a case, then opens the next reception day from the home page and asks.
    ctx1, student, e1 = phone(browser, server)
    tracking = _file_a_case(student, scan_code(server_info.db_url, "W24"), email)
    student.goto("/")
    student.locator("#home-meeting").get_by_text("第148期 校领导接待日").wait_for()
    student.locator("#home-meeting").get_by_role("link", name="会前提问").click()
    student.get_by_role("heading", name="第148期 校领导接待日").wait_for()
    student.get_by_label("类别").select_option(label="宿舍")
    student.get_by_label("你的问题").fill(QUESTION)
    student.get_by_label("关联我的反馈(选填)").fill(tracking)
    student.get_by_role("button", name="提交问题").click()
    student.get_by_text(strings.ASK_DONE).wait_for()
    mine = student.locator("article.question", has_text=QUESTION)
    assert "1 人关心" in mine.inner_text() and "我提的" in mine.inner_text() and "已关联反馈" in mine.inner_text()
    shot(student, "meeting-1-asked")

    # 2. A second phone cares too; a second tap from it is not offered (it shows 已关心).
    ctx2, other, e2 = phone(browser, server)
    other.goto(student.url.split("?")[0])
    other.get_by_role("button", name=f"我也关心:{QUESTION[:40]}").click()
    other.get_by_text(strings.SUPPORT_DONE).wait_for()
    theirs = other.locator("article.question", has_text=QUESTION)
    assert "2 人关心" in theirs.inner_text() and "已关心" in theirs.inner_text()
    shot(other, "meeting-2-cared")

    # 3. The meeting takes place; staff build the agenda, record the minutes and publish them.
    _the_meeting_takes_place(server_info.db_url, 148)
    ctx3, staff, e3 = phone(browser, server)
    login(staff, "admin", ADMIN_PASSWORD)
    staff.wait_for_url(re.compile(r"/staff/?$"))
    staff.goto("/staff/meetings")
    wait_hydrated(staff)
    staff.get_by_role("link", name="打开 第148期 校领导接待日").click()
    staff.get_by_role("button", name=f"加入议程:{QUESTION[:30]}").click()
    staff.get_by_text(strings.STAFF_AGENDA_SAVED).wait_for()
    item = staff.locator(".qy-minutes-item", has_text=QUESTION)
    item.get_by_label("答复").fill("后勤保障处:本周内修复,今后报修48小时内上门。")
    item.get_by_role("button", name="保存答复").click()
    staff.get_by_text(strings.STAFF_ANSWER_SAVED).wait_for()
    item.locator("summary", has_text="添加承诺").click()
    item.get_by_label("承诺内容").fill(PROMISE)
    item.get_by_label("负责部门").select_option(label="后勤保障处")
    item.get_by_label("完成期限").fill((date.today() + timedelta(days=14)).isoformat())
    item.get_by_role("button", name="添加承诺").click()
    staff.get_by_text(strings.STAFF_COMMIT_ADDED).wait_for()
    staff.get_by_role("button", name="发布纪要").click()
    staff.get_by_text(strings.STAFF_PUBLISHED).wait_for()
    shot(staff, "meeting-3-minutes")

    # 4. The commitment is on the board and on the case's tracking page; the student is mailed.
    student.goto("/commitments")
    card = student.locator("article.commitment", has_text=PROMISE)
    assert "未开始" in card.inner_text() and "后勤保障处" in card.inner_text()
    student.goto(f"/t/{tracking}")
    student.locator("#timeline").get_by_text("你的问题在见面会上得到答复").wait_for()
    assert f"承诺:{PROMISE}(负责:后勤保障处" in student.locator("#timeline").inner_text()
    assert any("见面会" in m["subject"] for m in wait_for_mail(server_info.smtp, email, count=2))

    # 5. 后勤保障处 posts progress; it waits for staff.
    ctx4, office, e4 = phone(browser, server)
    login(office, OFFICE_USER, OFFICE_PASSWORD)
    office.wait_for_url(re.compile(r"/staff/?$"))
    office.goto("/staff/commitments")
    wait_hydrated(office)
    # Its own: two from 第147期 and the new one (the list arrives with the page's on_load, after
    # hydration: wait for it rather than count at once).
    expect(office.locator("[data-commitment]")).to_have_count(3)
    office.get_by_role("button", name=f"更新进展:{PROMISE[:30]}").click()
    office.get_by_label("说明").fill("维修班已排期,周三前全部修复。")
    office.get_by_role("button", name="提交").click()
    office.get_by_text(strings.STAFF_UPDATE_QUEUED).wait_for()
    shot(office, "meeting-4-office-update")

    # 6. Staff publish it, then mark the commitment done with a photo.
    staff.goto("/staff/commitments")
    wait_hydrated(staff)
    staff.get_by_role("button", name=f"审核通过并公开:{PROMISE[:30]}").click()
    staff.get_by_text(strings.STAFF_UPDATE_PUBLISHED).wait_for()
    staff.get_by_role("button", name=f"更新进展:{PROMISE[:30]}").click()
    staff.get_by_label("类型").select_option(label="已完成")
    staff.get_by_label("说明").fill("热水器已全部修复,报修48小时上门已写入维修制度。")
    staff.locator("input[type=file]").set_input_files(str(PHOTOS / "gps_DSCN0010.jpg"))
    staff.locator(".qy-photo-item img").wait_for()
    staff.get_by_role("button", name="提交").click()
    staff.get_by_text(strings.STAFF_UPDATE_SENT, exact=True).wait_for()
    shot(staff, "meeting-5-done")

    # 7. The board and the tracking page follow; the office's record counts one kept on time.
    student.goto("/commitments")
    card = student.locator("article.commitment", has_text=PROMISE)
    assert "已完成" in card.inner_text() and "维修班已排期" in card.inner_text()
    assert card.locator("img").count() == 1
    row = student.locator("#office-records tr", has_text="后勤保障处").inner_text().split()
    assert row[1:] == ["3", "1", "1"], row  # made (two in 第147期 and this one), kept, kept on time
    shot(student, "meeting-6-board")
    student.goto(f"/t/{tracking}")
    timeline = student.locator("#timeline").inner_text()
    assert timeline.count("后勤保障处的承诺事项有新进展") == 2 and "热水器已全部修复" in timeline
    for e in (e1, e2, e3, e4):
        errors.extend(e)
    assert errors == []
    for ctx in (ctx1, ctx2, ctx3, ctx4):
        ctx.close()
