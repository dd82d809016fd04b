"""The duty room on phones (390×844), against the production build: the member of staff on duty
logs a walk-in as a case; the student's tracking code works at once, and the slip prints it."""

from __future__ import annotations

import re

import pytest

from quanyi_app.events import strings
from tests.support.browser import ADMIN_PASSWORD, login, phone, shot, wait_hydrated

pytestmark = pytest.mark.browser

PROBLEM = "北区研究生公寓1栋三楼饮水机漏电,手碰到有麻的感觉。"


def test_a_walk_in_logged_as_a_case_gets_a_working_tracking_code(browser, server_info):
    server = server_info.url
    sctx, staff, se = phone(browser, server)
    login(staff, "admin", ADMIN_PASSWORD)
    staff.wait_for_url(re.compile(r"/staff/?$"))
    staff.goto("/staff/duty")
    wait_hydrated(staff)
    assert "学生发展中心309" in staff.locator("#duty-line").inner_text()
    staff.locator("#f-duty-case-category").select_option(label="安全")
    staff.get_by_label(strings.DUTY_DESCRIPTION).fill(PROBLEM)
    staff.get_by_label(strings.DUTY_PHONE).fill("13912345678")
    staff.get_by_role("button", name=strings.DUTY_SAVE_CASE).click()
    code_box = staff.locator("#duty-code")
    code_box.wait_for()
    code = code_box.inner_text().strip()
    staff.get_by_text(strings.DUTY_CASE_TOLD["sms"]).wait_for()
    shot(staff, "duty-1-logged")
    slip = staff.request.get(f"/api/duty/slip/{code}.pdf")
    assert slip.status == 200 and slip.body().startswith(b"%PDF")

    # The student, with nothing but the code.
    ctx, student, errors = phone(browser, server)
    student.goto("/t")
    student.goto(f"/t?code={code}")
    student.wait_for_url(re.compile(rf"/t/{code}$"))
    assert PROBLEM in student.locator("main").inner_text()
    assert "已收到反馈" in student.locator("#timeline").inner_text()
    shot(student, "duty-2-tracking")
    # The month's figures count the visit.
    staff.reload()
    wait_hydrated(staff)
    first_row = staff.locator("#duty-months tbody tr").first.inner_text().split()
    assert first_row[1:3] == ["1", "1"], first_row
    assert errors == [] and se == []
    ctx.close()
    sctx.close()
