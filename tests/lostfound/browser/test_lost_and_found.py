"""Lost and found on phones (390×844), against the production build.

A student files a lost report; staff register a found umbrella with a real photo and the
student is told about the match (page + email); another student finds it on /found with a
two-character search, claims it, staff approve and hand it over, and it leaves the list.
A campus-card lookup works, and bad input gets Chinese messages.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import PHOTOS
from tests.support.browser import ADMIN_PASSWORD, login, phone, shot, wait_for_mail, wait_hydrated

pytestmark = pytest.mark.browser

TITLE = "紫色长柄雨伞"
HIDDEN = "伞柄刻着字母 QY"  # only staff may ever see this


def _search(page, q: str) -> None:
    page.get_by_role("searchbox", name="搜索失物").fill(q)
    page.get_by_role("button", name="搜索").click()


def test_register_find_claim_hand_over(browser, server_info):
    server = server_info.url

    # A student has lost an umbrella and files a lost report (no match yet).
    ctx_a, owner, errors_a = phone(browser, server)
    owner.goto("/lost")
    wait_hydrated(owner)
    owner.locator("#f-lost-category").select_option(label="雨伞")
    owner.locator("#f-lost-description").fill("紫色的长柄雨伞,伞柄上刻着字母")
    owner.locator("#f-lost-place").fill("第二教学楼门口")
    owner.locator("#f-lost-email").fill("owner@example.cn")
    shot(owner, "found-1-lost-report")
    owner.get_by_role("button", name="发布寻物启事").click()
    owner.wait_for_url(re.compile(r"/lost/[a-z0-9]+"))
    owner.get_by_text("暂时没有相符的物品").wait_for()
    report_url = owner.url

    # 1. Staff register the umbrella with a real photo.
    ctx_s, desk, errors_s = phone(browser, server)
    login(desk, "admin", ADMIN_PASSWORD)
    desk.wait_for_url(re.compile(r"/staff/?$"))
    desk.goto("/staff/found/new")
    wait_hydrated(desk)
    desk.locator("#f-reg-category").select_option(label="雨伞")
    desk.locator("#f-reg-title").fill(TITLE)
    desk.locator("#f-reg-description").fill("长柄自动伞,深紫色")
    desk.locator("#f-reg-place").fill("第二教学楼门口")
    desk.locator("#f-reg-point").select_option(label="图书馆一楼服务台")
    desk.locator("#f-reg-hidden").fill(HIDDEN)
    desk.locator("input[type=file]").set_input_files(str(PHOTOS / "gps_DSCN0010.jpg"))
    desk.locator(".qy-photo-item img").first.wait_for()
    shot(desk, "found-2-register")
    desk.get_by_role("button", name="登记", exact=True).click()
    desk.wait_for_url(re.compile(r"/staff/found/item/\d+"))
    desk.locator("#hidden-details").get_by_text(HIDDEN).wait_for()
    assert desk.locator("#f-reject-reason").count() == 0  # no claim yet: no reason to write
    item_path = re.search(r"/staff/found/item/(\d+)", desk.url).group(1)

    # 5. The lost report gets the match: on its page and by email.
    mail = wait_for_mail(server_info.smtp, "owner@example.cn")
    assert mail and report_url.split("/lost/")[1] in mail[0]["body"]
    owner.goto(report_url)
    wait_hydrated(owner)
    owner.locator("#lost-matches").get_by_text(TITLE).wait_for()
    shot(owner, "found-3-lost-match")

    # 2. Another phone finds it on /found with a two-character search, photo and all.
    ctx_b, student, errors_b = phone(browser, server)
    student.goto("/found")
    wait_hydrated(student)
    _search(student, "雨伞")
    card = student.locator(".qy-found-card", has_text=TITLE)
    card.wait_for()
    thumb = card.locator("img")
    # Sized (no layout shift) and decoded off the main thread; the first screenful loads at once
    # (lazy loading the first thumbnails would delay the page's largest paint).
    assert (thumb.get_attribute("width"), thumb.get_attribute("decoding")) == ("72", "async")
    student.wait_for_function("(el) => el.complete && el.naturalWidth > 0", arg=thumb.element_handle())
    shot(student, "found-4-search")
    # the hidden details never reach a student's page: not in what it shows, nor anywhere in its
    # HTML or data (asset file names are hashes that may spell "QY"; the hidden phrase cannot)
    assert "QY" not in student.inner_text("body") and HIDDEN not in student.content()

    # 3. The student claims it …
    card.click()
    student.wait_for_url(re.compile(rf"/found/item/{item_path}"))
    wait_hydrated(student)
    student.locator("#f-claim").fill("紫色长柄伞,伞柄上刻了两个字母")
    student.locator("#f-claim-phone").fill("13812345678")
    student.get_by_role("button", name="提交认领").click()
    student.wait_for_url(re.compile(r"/found/claim/[a-z0-9]+"))
    student.locator("#claim-status").get_by_text("待审核").wait_for()
    claim_url = student.url
    assert "QY" not in student.inner_text("body") and HIDDEN not in student.content()

    # … staff see it beside the hidden details and approve it …
    desk.reload()
    wait_hydrated(desk)
    desk.get_by_text("紫色长柄伞,伞柄上刻了两个字母").wait_for()
    assert desk.locator("#f-reject-reason").count() == 1
    desk.get_by_role("button", name="通过第 1 条认领", exact=True).click()  # a name without a timestamp
    desk.get_by_text("已向认领人发出取件码").wait_for()  # staff do not see the code: the student shows it

    # … the student sees the pickup code …
    student.goto(claim_url)
    wait_hydrated(student)
    code = student.locator("#pickup-code").inner_text().strip()
    assert re.fullmatch(r"\d{6}", code)
    shot(student, "found-5-approved")

    # … staff who forget the code are stopped before the online claim is rejected …
    desk.locator("#f-collector").fill("王同学")
    desk.locator("#f-identity").select_option(label="校园卡")
    desk.get_by_role("button", name="确认交接").click()
    desk.get_by_text("还有 1 条线上认领未完成").wait_for()
    assert desk.get_by_label("确认现场认领(无取件码,将拒绝其余线上认领)").is_visible()
    # … and hand it over with it.
    desk.locator("#f-pickup-code").fill(code)
    desk.get_by_role("button", name="确认交接").click()
    desk.locator("#handover-record").get_by_text("王同学").wait_for()
    shot(desk, "found-6-handed-over")

    # 4. It has left the public list, and a further claim is refused.
    student.goto("/found")
    wait_hydrated(student)
    _search(student, "紫色")
    student.get_by_text("没有找到符合条件的物品").wait_for()
    assert student.locator(".qy-found-card", has_text=TITLE).count() == 0

    # 6. A campus-card lookup (the demo card) and its bad input.
    student.goto("/found/card")
    wait_hydrated(student)
    student.locator("#f-card").fill("12ab")
    student.get_by_role("button", name="查询").click()
    student.get_by_text("卡号格式不对").wait_for()
    student.locator("#f-card").fill("2023 1145 14")
    student.get_by_role("button", name="查询").click()
    student.locator("#card-result").get_by_text("20****4514").wait_for()
    student.get_by_text("学生发展中心309权益值班室").wait_for()
    shot(student, "found-7-card")

    # Bad input on /found: an empty search and one made only of symbols.
    student.goto("/found")
    wait_hydrated(student)
    _search(student, "   ")
    student.get_by_text("请输入要找的东西").wait_for()
    _search(student, "%%!!")
    student.get_by_text("搜索词里没有文字或数字").wait_for()

    assert errors_a == errors_b == errors_s == []
    for ctx in (ctx_a, ctx_b, ctx_s):
        ctx.close()
