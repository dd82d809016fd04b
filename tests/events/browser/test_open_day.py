"""A canteen open day on phones (390×844), against the production build: three phones register for
two places; staff close registration and the lottery runs, its seed shown; a winner cancels; the
waitlisted student is offered the place, told by email, and confirms; staff check the ticket in by
its code, and the same ticket is refused the second time."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from quanyi_app.events import strings
from tests.support.browser import ADMIN_PASSWORD, login, phone, shot, wait_for_mail, wait_hydrated

pytestmark = pytest.mark.browser

TITLE = "一食堂开放日(浏览器测试)"


def _an_open_day(db_url: str) -> int:
    from sqlmodel import Session, select

    from quanyi_app.core.accounts.models import User
    from quanyi_app.core.accounts.services import principal_of
    from quanyi_app.core.campustime import local_str
    from quanyi_app.core.db import make_engine
    from quanyi_app.core.modelbase import utcnow
    from quanyi_app.events.services import places

    engine = make_engine(db_url)
    with Session(engine) as s:
        admin = principal_of(s.exec(select(User).where(User.username == "admin")).one())
        at = utcnow() + timedelta(days=3)
        event = places.create_event(
            session=s,
            actor=admin,
            form=places.EventForm(
                title=TITLE,
                place="第一食堂后厨",
                starts=local_str(at, "%Y-%m-%d %H:%M"),
                ends="",
                places=2,
                reg_opens=local_str(utcnow() - timedelta(hours=1), "%Y-%m-%d %H:%M"),
                reg_closes=local_str(at - timedelta(days=1), "%Y-%m-%d %H:%M"),
            ),
        )
        places.open_event(session=s, actor=admin, event_id=event.id)
        s.commit()
        eid = event.id
    engine.dispose()
    return eid


def _register(page, n: int) -> str:
    page.goto("/events")
    page.get_by_role("link", name=re.compile(re.escape(TITLE))).click()
    page.get_by_label("姓名").fill(f"测试同学{n}")
    page.get_by_label("学号").fill(f"20259900{n:02d}")
    page.get_by_label("学院").select_option(label="计算机学院")
    page.get_by_label(re.compile("^邮箱")).fill(f"open{n}@example.cn")
    page.get_by_role("button", name="提交报名").click()
    page.wait_for_url(re.compile(r"/events/r/\w+"))
    assert page.locator("#reg-status").inner_text() == strings.REG_STATUS_LABELS["entered"]
    return page.url.split("#")[0]


def test_three_phones_two_places_lottery_cancel_promote_check_in(browser, server_info):
    server = server_info.url
    eid = _an_open_day(server_info.db_url)
    students = [phone(browser, server) for _ in range(3)]
    links = [_register(page, n) for n, (_ctx, page, _e) in enumerate(students)]
    shot(students[0][1], "openday-1-registered")

    # Staff close registration: the lottery runs.
    sctx, staff, se = phone(browser, server)
    login(staff, "admin", ADMIN_PASSWORD)
    staff.wait_for_url(re.compile(r"/staff/?$"))
    staff.goto(f"/staff/events/{eid}")
    wait_hydrated(staff)
    staff.get_by_role("button", name=strings.EVS_CLOSE_NOW).click()
    staff.get_by_text(strings.EVS_DRAWN).wait_for()

    # The seed is published with the draw.
    viewer = students[0][1]
    viewer.goto(f"/events/{eid}")
    seed = viewer.locator("#seed").inner_text().strip()
    assert re.fullmatch(r"[0-9a-f]{32}", seed)
    assert viewer.locator("#draw-table tbody tr").count() == 3
    shot(viewer, "openday-2-draw")

    status = {}
    for link, (_ctx, page, _e) in zip(links, students, strict=True):
        page.goto(link)
        status[link] = page.locator("#reg-status").inner_text()
    winners = [link for link, st in status.items() if st == strings.REG_STATUS_LABELS["confirmed"]]
    (waiting,) = [link for link, st in status.items() if st == strings.REG_STATUS_LABELS["waitlist"]]
    assert len(winners) == 2
    by_link = {link: page for link, (_c, page, _e) in zip(links, students, strict=True)}

    # A winner cancels; the waitlisted student is offered the place and told.
    quitter = by_link[winners[0]]
    quitter.get_by_label(strings.EVW_CANCEL_SURE_LABEL).check()
    quitter.get_by_role("button", name=strings.EVW_CANCEL).click()
    quitter.get_by_text(strings.EVW_CANCELLED).wait_for()
    lucky = by_link[waiting]
    lucky.goto(waiting)
    assert lucky.locator("#reg-status").inner_text() == strings.REG_STATUS_LABELS["offered"]
    n = links.index(waiting)
    mails = wait_for_mail(server_info.smtp, f"open{n}@example.cn", count=2)
    assert any("轮到你了" in m["body"] for m in mails), mails
    lucky.get_by_role("button", name=strings.EVW_CONFIRM).click()
    lucky.get_by_text(strings.EVW_CONFIRMED).wait_for()
    ticket = lucky.locator("#ticket-code").inner_text().strip()
    assert lucky.locator("#ticket svg").count() == 1
    shot(lucky, "openday-3-ticket")

    # At the door: the ticket once, then refused.
    staff.get_by_label(strings.EVS_TICKET).fill(ticket)
    staff.get_by_role("button", name=strings.EVS_CHECKIN_BUTTON, exact=True).click()
    staff.get_by_text(strings.EVS_CHECKED_IN.format(name=f"测试同学{n}")).wait_for()
    staff.get_by_label(strings.EVS_TICKET).fill(ticket)
    staff.get_by_role("button", name=strings.EVS_CHECKIN_BUTTON, exact=True).click()
    staff.get_by_text(re.compile("已经在 .* 签到过了")).wait_for()
    staff.get_by_label(strings.EVS_TICKET).fill("forged99")
    staff.get_by_role("button", name=strings.EVS_CHECKIN_BUTTON, exact=True).click()
    staff.get_by_text(strings.EV_TICKET_UNKNOWN).wait_for()
    shot(staff, "openday-4-checkin")
    errors = [e for _c, _p, errs in students for e in errs] + se
    assert errors == []
    for ctx, _p, _e in students:
        ctx.close()
    sctx.close()
