"""A student at 390×844: scans an umbrella, borrows it, sees the due time; /umbrella shows one fewer
at that point; returns it at another point by scanning that point's QR, and the counts move."""

from __future__ import annotations

import re

import pytest
from sqlmodel import Session, select

from tests.support.browser import PHONE, shot, wait_hydrated

pytestmark = pytest.mark.browser


def _an_available_umbrella(db_url: str) -> tuple[str, int, str, str]:
    """(umbrella code, number, its point's name, another point's code and name)."""
    from quanyi_app.core.db import make_engine
    from quanyi_app.lending.models import Umbrella
    from quanyi_app.lostfound.models import PickupPoint

    engine = make_engine(db_url)
    with Session(engine) as s:
        u = s.exec(select(Umbrella).where(Umbrella.status == "available").order_by(Umbrella.id)).first()
        here = s.get(PickupPoint, u.point_id)
        there = s.exec(
            select(PickupPoint).where(PickupPoint.id != here.id, PickupPoint.active).order_by(PickupPoint.id)
        ).first()
        out = (u.code, u.number, here.name, there.code, there.name)
    engine.dispose()
    return out


def _count(page, name: str) -> str:
    row = page.locator("#umbrella-points .card", has_text=name)
    row.wait_for()
    return row.locator(".qy-umbrella-count").inner_text()


def test_borrow_by_scanning_and_return_at_another_point(browser, server_info):
    code, number, here, there_code, there = _an_available_umbrella(server_info.db_url)
    ctx = browser.new_context(viewport=PHONE, base_url=server_info.url, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    page.goto("/umbrella")
    wait_hydrated(page)
    before_here, before_there = _count(page, here), _count(page, there)
    shot(page, "umbrella-1-points")

    # Scan the umbrella's QR and borrow it; bad input first.
    page.goto(f"/umbrella/u/{code}")
    wait_hydrated(page)
    page.get_by_role("heading", name=re.compile(f"{number} 号伞")).wait_for()
    page.get_by_label("学号").fill("2025123456")
    page.get_by_label("手机号(到期提醒)").fill("13812345678")
    page.get_by_role("button", name="确认借伞").click()
    page.get_by_text("请先阅读并同意借伞须知").wait_for()
    page.locator("#f-rules").check()
    shot(page, "umbrella-2-borrow")
    page.get_by_role("button", name="确认借伞").click()
    page.wait_for_url(re.compile(r"/umbrella/loan/[a-z0-9]+/?$"))
    wait_hydrated(page)
    page.locator("#loan-line").get_by_text(re.compile("请在 .* 前归还")).wait_for()
    assert page.locator("#loan-status").inner_text() == "借用中"
    shot(page, "umbrella-3-loan")

    # One fewer where it was.
    page.goto("/umbrella")
    wait_hydrated(page)
    n_here = int(re.search(r"\d+", before_here).group())
    assert _count(page, here) == (f"可借 {n_here - 1} 把" if n_here > 1 else "暂无可借")

    # Returned at another point: scan that point's QR, tap the button.
    page.goto(f"/umbrella/p/{there_code}")
    wait_hydrated(page)
    page.get_by_role("button", name=f"把 {number} 号伞还到这里").click()
    page.get_by_text(f"已还到 {there}").wait_for()
    shot(page, "umbrella-4-returned")
    page.goto("/umbrella")
    wait_hydrated(page)
    n_there = int(re.search(r"\d+", before_there).group()) if "可借" in before_there else 0
    assert _count(page, there) == f"可借 {n_there + 1} 把"
    assert errors == [], errors
    ctx.close()


def _demo_overdue(db_url: str) -> tuple[int, str]:
    """The demo's overdue (not yet lost) loan: its umbrella number and the borrower's student number."""
    from quanyi_app.core.db import make_engine
    from quanyi_app.lending.models import Loan, Umbrella

    engine = make_engine(db_url)
    with Session(engine) as s:
        loan = s.exec(select(Loan).where(Loan.returned_at.is_(None), Loan.lost_at.is_(None)).order_by(Loan.id)).first()
        out = (s.get(Umbrella, loan.umbrella_id).number, loan.student_no)
    engine.dispose()
    return out


def test_staff_mark_the_overdue_loan_lost_and_its_student_cannot_borrow(browser, server_info):
    from tests.support.browser import ADMIN_PASSWORD, login

    number, student_no = _demo_overdue(server_info.db_url)
    staff = browser.new_context(viewport=PHONE, base_url=server_info.url).new_page()
    login(staff, "admin", ADMIN_PASSWORD)
    staff.wait_for_url(re.compile(r"/staff/?$"))
    # The workbench's umbrella card: the demo has one lost loan, so the loss rate is above zero.
    staff.wait_for_function(
        "() => /^[1-9][0-9]?\\.[0-9]%$/.test(document.querySelector('#fig-umbrella-loss')?.innerText || '')"
    )
    shot(staff, "umbrella-7-workbench")
    staff.get_by_role("link", name="爱心伞", exact=True).click()
    staff.wait_for_url(re.compile(r"/staff/umbrellas/?$"))
    wait_hydrated(staff)
    row = staff.locator("#overdue-list .qy-overdue-row", has_text=f"{number} 号伞")
    row.wait_for()
    assert "逾期" in row.inner_text()
    shot(staff, "umbrella-5-desk-overdue")
    staff.get_by_role("button", name=f"把 {number} 号伞记为遗失").click()
    staff.get_by_text("已记为遗失").first.wait_for()
    row.get_by_text("学号被限制借伞").wait_for()

    code, _, _, _, _ = _an_available_umbrella(server_info.db_url)
    page = browser.new_context(viewport=PHONE, base_url=server_info.url).new_page()
    page.goto(f"/umbrella/u/{code}")
    wait_hydrated(page)
    page.get_by_label("学号").fill(student_no)
    page.get_by_label("手机号(到期提醒)").fill("13812345678")
    page.locator("#f-rules").check()
    page.get_by_role("button", name="确认借伞").click()
    page.get_by_text("暂时不能再借").wait_for()
    assert "/umbrella/u/" in page.url
    shot(page, "umbrella-6-blocked")
