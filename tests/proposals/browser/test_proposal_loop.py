"""The whole proposal loop on phones (390×844), against the production build.

Two students file cases (one by scanning a proposal book's QR code, with a real photo), staff
accept both, merge them into a proposal, forward it, record the office's reply and resolve it;
both tracking pages show every step, the SMTP sink received the updates, a proposer rates the
handling and the public figures follow.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from tests.conftest import PHOTOS
from tests.support.browser import ADMIN_PASSWORD, PHONE, login, phone, scan_code, shot, wait_for_mail, wait_hydrated

pytestmark = pytest.mark.browser

STEPS = ["已收到反馈", "已并入提案《西区24栋三楼热水器长期故障》", "已转交后勤保障处", "后勤保障处已回复", "问题已解决"]


_JS_ERRORS: list[str] = []


@pytest.fixture(autouse=True)
def no_javascript_errors():
    """Every phone these tests open, the students' included, must throw no JavaScript error."""
    _JS_ERRORS.clear()
    yield
    assert _JS_ERRORS == [], f"JavaScript errors on the page: {_JS_ERRORS}"


def _phone(browser, server):
    ctx, page, errors = phone(browser, server)
    page.on("pageerror", lambda e: _JS_ERRORS.append(str(e)))
    return ctx, page


def _submit(page, *, description: str, email: str = "", photo: str = "") -> str:
    page.get_by_label("问题类别").select_option(label="宿舍")
    page.get_by_label("问题描述").fill(description)
    if photo:  # the scan landing's plain file input: the photo goes with the form
        page.locator("input[type=file]").set_input_files(str(PHOTOS / photo))
    if email:
        page.get_by_text("留下联系方式").click()
        page.get_by_label("邮箱").fill(email)
    page.get_by_role("button", name="提交").click()
    code = page.locator("#tracking-code")
    code.wait_for()
    return code.inner_text().strip()


def _figures(db_url: str):
    """The public figures as the database has them now (the demo's own cases included)."""
    from sqlmodel import Session

    from quanyi_app.core.db import make_engine
    from quanyi_app.proposals.services.figures import public_figures

    engine = make_engine(db_url)
    with Session(engine) as s:
        figures = public_figures(session=s)
    engine.dispose()
    return figures


def test_scan_file_merge_answer_rate(browser, server_info):
    server = server_info.url
    qr_code = scan_code(server_info.db_url, "W24")
    before = _figures(server_info.db_url)

    # 1. A student scans the proposal book's QR code and files a case with a real photo.
    ctx1, phone1 = _phone(browser, server)
    phone1.goto(f"/s/{qr_code}")
    phone1.get_by_text("来自:西区24栋 一楼提案本").wait_for()
    assert phone1.get_by_label("所在楼栋").evaluate("el => el.options[el.selectedIndex].text") == "西区24栋"
    shot(phone1, "loop-1-scan-form")
    code1 = _submit(
        phone1,
        description="西区24栋三楼的热水器坏了一周,晚上洗不了热水澡。",
        email="first@example.cn",
        photo="gps_DSCN0010.jpg",
    )
    assert re.fullmatch(r"[a-z0-9]{10}", code1)
    assert phone1.locator("#tracking-url").inner_text().endswith(f"/t/{code1}")
    shot(phone1, "loop-2-submitted")
    phone1.get_by_role("link", name="查看处理进度").click()
    phone1.wait_for_url(f"**/t/{code1}")
    wait_hydrated(phone1)
    phone1.get_by_text("已收到反馈").first.wait_for()
    assert phone1.locator(".qy-photo-grid img").count() == 1  # their own photo, through a signed link
    # Progress comes first: the timeline sits above the 补充说明 form, within the first screen.
    timeline, followup = phone1.locator("#timeline"), phone1.locator("#f-followup")
    assert timeline.bounding_box()["y"] < followup.bounding_box()["y"]
    assert timeline.bounding_box()["y"] < PHONE["height"]
    assert "first@example.cn" not in phone1.inner_text("body")
    # It is listed under 我的提交 on that phone.
    phone1.goto("/proposals")
    wait_hydrated(phone1)
    phone1.get_by_role("link", name=re.compile(code1)).wait_for()

    # 2. Another student, another phone, no QR: picks the building by hand.
    ctx2, phone2 = _phone(browser, server)
    phone2.goto("/proposals")
    wait_hydrated(phone2)
    phone2.get_by_label("所在楼栋").select_option(label="西区24栋")
    code2 = _submit(phone2, description="三楼热水器坏了好几天了,晚上洗澡一直没有热水。")
    assert code2 != code1

    # 3. Staff accept both, merge them into a proposal, forward, record the reply, resolve.
    staff_ctx, staff = _phone(browser, server)
    login(staff, "admin", ADMIN_PASSWORD)
    staff.wait_for_url(re.compile(r"/staff/?$"))
    staff.goto("/staff/cases")
    wait_hydrated(staff)
    rows = staff.locator("a.qy-case-row")
    rows.first.wait_for()
    # Both new cases are in the inbox (the shared server may hold other tests' cases too).
    assert [rows.filter(has_text=code).count() for code in (code1, code2)] == [1, 1]
    shot(staff, "loop-3-inbox")
    for code in (code2, code1):  # case 1 last, to merge from its page
        staff.goto("/staff/cases")
        wait_hydrated(staff)
        staff.locator("a.qy-case-row", has_text=code).click()
        staff.get_by_role("button", name="受理").click()
        staff.get_by_text("已受理。").wait_for()
    # On case 1, the likely duplicate (case 2) is suggested; merge both into a proposal.
    dup = staff.locator("label", has_text="三楼热水器坏了好几天了")
    dup.wait_for()
    # The link beside a duplicate keeps its words on one line, even 360 px wide.
    staff.set_viewport_size({"width": 360, "height": 800})
    link = dup.get_by_role("link", name="反馈详情")
    assert link.bounding_box()["height"] < 30, link.bounding_box()
    staff.set_viewport_size(PHONE)
    # The case actions are <details>: framed like buttons, with a chevron.
    marker = staff.evaluate(
        "() => { const s = document.querySelector('summary.qy-summary'); const a = getComputedStyle(s, '::after');"
        " return [a.content, a.borderRightWidth, getComputedStyle(s).borderTopWidth]; }"
    )
    assert marker[0] != "none" and marker[1] == "2px" and marker[2] == "1px", marker
    dup.get_by_role("checkbox").click()
    staff.locator("summary", has_text="合并为提案").click()
    staff.get_by_label("提案标题").fill("西区24栋三楼热水器长期故障")
    staff.get_by_label("提案内容").fill(
        "两位同学反映西区24栋三楼热水器故障一周以上,影响晚间洗浴,请后勤保障处尽快维修。"
    )
    staff.get_by_role("button", name="创建提案").click()
    staff.wait_for_url(re.compile(r"/staff/proposals/\d+/?$"))
    wait_hydrated(staff)
    staff.get_by_role("heading", name="关联反馈(2 条)").wait_for()
    staff.locator("summary", has_text="转交职能部门").click()
    staff.locator("#proposal-office").select_option(label="后勤保障处")
    staff.get_by_label("回复期限").fill((date.today() + timedelta(days=7)).isoformat())
    staff.get_by_role("button", name="转交职能部门").click()
    staff.get_by_text("已转交职能部门。").wait_for()
    # 提案已解决 right after forwarding asks first, and says no office reply is recorded yet.
    staff.get_by_role("button", name="提案已解决").click()
    dialog = staff.get_by_role("alertdialog")
    dialog.get_by_text("还没有登记职能部门的回复").wait_for()
    shot(staff, "proposal-resolve-confirm")
    dialog.get_by_role("button", name="取消").click()
    dialog.wait_for(state="detached")
    assert staff.locator("#proposal-status").inner_text() == "已转交"
    staff.locator("summary", has_text="登记部门回复").click()
    staff.get_by_label("部门回复内容").fill("已更换三楼热水器并检修线路,周五起恢复供应。")
    staff.get_by_role("button", name="登记部门回复").click()
    staff.get_by_text("已登记部门回复。").wait_for()
    staff.get_by_role("button", name="提案已解决").click()
    staff.get_by_role("alertdialog").get_by_role("button", name="确认已解决").click()
    staff.get_by_text("已标记为解决。").wait_for()
    assert staff.locator("#proposal-status").inner_text() == "已解决"
    shot(staff, "loop-4-proposal-resolved")
    # The department publishes it as a typical case (维权典例).
    staff.get_by_role("link", name="发布为维权典例").click()
    staff.wait_for_url("**/staff/stories/new?proposal=*")
    wait_hydrated(staff)
    staff.get_by_label("标题").wait_for()
    staff.wait_for_function("() => document.querySelector('input')?.value === '西区24栋三楼热水器长期故障'")
    staff.get_by_label("带来的改变").fill("三楼热水器全部更换,晚间热水恢复正常。")
    staff.get_by_role("button", name="发布为维权典例").click()
    staff.wait_for_url(re.compile(r"/stories/\d+/?$"))
    staff.get_by_role("heading", name="西区24栋三楼热水器长期故障").wait_for()

    # 4. Both proposers see every step; the one who left an email got each update by mail.
    for page, code in ((phone1, code1), (phone2, code2)):
        page.goto(f"/t/{code}")
        wait_hydrated(page)
        page.get_by_text("问题已解决").first.wait_for()
        body = page.inner_text("#timeline")
        for step in STEPS + ["权益部已受理"]:
            assert step in body, f"{step!r} missing on {code}"
        assert "已更换三楼热水器" in body
        assert page.locator("#case-status").inner_text() == "已解决"
    shot(phone1, "loop-5-tracking-resolved")
    mails = wait_for_mail(server_info.smtp, "first@example.cn", 6)
    subjects = " ".join(m["subject"] for m in mails)
    for step in ["已收到反馈", "权益部已受理", "已并入提案", "已转交后勤保障处", "后勤保障处已回复", "问题已解决"]:
        assert step in subjects, f"no mail for {step!r}: {subjects}"
    assert all(f"/t/{code1}" in m["body"] for m in mails)

    # 5. The proposer rates the handling once, and the public figures follow.
    stars = [phone1.locator("label", has_text=f"{n} 星").bounding_box() for n in range(1, 6)]
    assert len({round(b["y"]) for b in stars}) == 1  # the five stars share one row on a phone
    assert all(b["height"] >= 44 for b in stars)  # each a full touch target
    phone1.locator("label", has_text="5 星").click()
    assert phone1.get_by_role("radio", name="5 星").is_checked()
    phone1.get_by_label("想说的话").fill("修得很快,谢谢权益部!")
    phone1.get_by_role("button", name="提交评价").click()
    phone1.get_by_text("谢谢你的评价!").wait_for()
    assert phone1.get_by_role("button", name="提交评价").count() == 0  # no second rating
    phone1.goto("/")
    wait_hydrated(phone1)
    now = _figures(server_info.db_url)
    # The two cases filed above, both resolved.
    assert (int(now.collected), int(now.handled)) == (int(before.collected) + 2, int(before.handled) + 2)
    phone1.wait_for_function(f"() => document.querySelector('#fig-collected')?.innerText === '{now.collected}'")
    assert phone1.locator("#fig-handled-rate").inner_text() == now.handled_rate
    assert phone1.locator("#fig-satisfaction").inner_text() == "5.0"
    assert phone1.locator("#fig-satisfied-pct").inner_text() == "100%"
    shot(phone1, "loop-6-figures")
    phone1.get_by_role("link", name=re.compile("看看我们解决了哪些问题")).click()
    phone1.get_by_role("link", name=re.compile("西区24栋三楼热水器长期故障")).wait_for()
    story_text = phone1.inner_text("main")
    assert "first@example.cn" not in story_text

    # 6. 我的 lists what this phone filed, with its status; the other phone sees only its own.
    phone1.goto("/me")
    wait_hydrated(phone1)
    mine = phone1.locator("#my-records")
    mine.get_by_text("已解决").first.wait_for()
    assert mine.locator("a").count() == 1 and f"/t/{code1}" in mine.locator("a").get_attribute("href")
    shot(phone1, "me-my-records")
    phone2.goto("/me")
    wait_hydrated(phone2)
    phone2.locator("#my-records a").first.wait_for()
    assert f"/t/{code2}" in phone2.locator("#my-records a").get_attribute("href")
    for ctx in (ctx1, ctx2, staff_ctx):
        ctx.close()


def test_offline_the_photo_picker_says_it_needs_signal(browser, server):
    """A photo picked offline used to vanish with a TypeError. Offline, the picker is replaced by
    a clear notice; when the connection returns, it is back."""
    ctx, page = _phone(browser, server)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    cut = {"on": False, "sockets": []}

    def route(ws):
        if cut["on"]:
            ws.close()
            return
        ws.connect_to_server()
        cut["sockets"].append(ws)

    page.route_web_socket(re.compile(r"/_event"), route)
    page.goto("/proposals")
    wait_hydrated(page)
    picker = page.locator("#case_photos")
    picker.wait_for()
    cut["on"] = True
    for ws in cut["sockets"]:
        ws.close()
    notice = page.get_by_role("status").filter(has_text="照片暂时无法上传")
    notice.wait_for(timeout=30_000)
    assert picker.count() == 0
    shot(page, "submit-offline-photo")
    cut["on"] = False
    picker.wait_for(timeout=60_000)
    assert errors == [], errors
    ctx.close()


def test_draft_survives_a_reload(browser, server):
    ctx, page = _phone(browser, server)
    page.goto("/proposals")
    wait_hydrated(page)
    page.get_by_label("问题类别").select_option(label="网络")
    page.get_by_label("问题描述").fill("图书馆三楼的校园网晚上经常断线。")
    page.wait_for_function(  # the typed text is on the phone (assets/draft.js), not sent per keystroke
        "() => (JSON.parse(localStorage.getItem('qy_draft:case') || '{}').description || '').includes('校园网')"
    )
    page.reload()
    wait_hydrated(page)
    page.wait_for_function("() => document.querySelector('#f-description')?.value.includes('校园网')")
    assert page.get_by_label("问题类别").evaluate("el => el.options[el.selectedIndex].text") == "网络"
    ctx.close()


def test_a_slow_answer_says_so_and_the_case_still_arrives_once(browser, server):
    """Under load the server's answer can take seconds: the form says "人多,稍等" instead of seeming
    to hang, and the answer, when it comes, replaces the notice with the tracking code."""
    ctx, page = _phone(browser, server)
    hold = {"on": False, "held": [], "client": None}

    def route(ws):
        upstream = ws.connect_to_server()
        hold["client"] = ws

        def down(message):
            if hold["on"]:
                hold["held"].append(message)
            else:
                ws.send(message)

        upstream.on_message(down)
        ws.on_message(lambda message: upstream.send(message))

    page.route_web_socket(re.compile(r"/_event"), route)
    page.goto("/proposals")
    wait_hydrated(page)
    page.get_by_label("问题类别").select_option(label="宿舍")
    page.get_by_label("问题描述").fill("慢网络下提交:三楼饮水机坏了好几天。")
    page.wait_for_timeout(500)  # the pick's answer is through
    hold["on"] = True
    page.get_by_role("button", name="提交").click()
    slow = page.get_by_role("status").filter(has_text="人多")
    slow.wait_for()  # shown while the answer is held back
    shot(page, "submit-slow-server")
    assert page.locator("#tracking-code").count() == 0
    hold["on"] = False
    for message in hold["held"]:
        hold["client"].send(message)
    page.locator("#tracking-code").wait_for()
    assert not slow.is_visible()
    ctx.close()


def test_past_capacity_a_tap_is_turned_away_at_once_and_the_form_keeps_what_was_typed(browser, server):
    """A worker past capacity answers a tap at once (core/admission.py) instead of queueing it: the
    phone gets the server's own refusal (here put on the wire by the test, which keeps the submit
    from reaching the server, as the refused tap never runs): "人多,稍等" as a notice, the
    "still waiting" hint gone, the text still in the form. Tapping again files the case once."""
    from reflex.state import StateUpdate
    from reflex_base.event import Event
    from reflex_base.utils.format import json_dumps

    from quanyi_app.core import admission, strings

    refusal = "42/_event," + json_dumps(["event", StateUpdate(events=Event.from_event_type(admission.busy_answer()))])
    ctx, page = _phone(browser, server)
    busy = {"on": False, "turned_away": 0, "client": None}

    def route(ws):
        upstream = ws.connect_to_server()
        busy["client"] = ws
        upstream.on_message(lambda message: ws.send(message))

        def up(message):
            if busy["on"] and isinstance(message, str) and '.submit"' in message:
                busy["turned_away"] += 1  # kept from the server: a refused tap never runs
            else:
                upstream.send(message)

        ws.on_message(up)

    page.route_web_socket(re.compile(r"/_event"), route)
    page.goto("/proposals")
    wait_hydrated(page)
    page.get_by_label("问题类别").select_option(label="宿舍")
    text = "人多的时候提交:五楼洗衣机不脱水。"
    page.get_by_label("问题描述").fill(text)
    page.wait_for_timeout(500)  # the pick's answer is through
    busy["on"] = True
    page.get_by_role("button", name="提交").click()
    page.locator("form[data-waiting]").wait_for(state="attached")  # the form's own "人多,稍等" hint
    assert busy["turned_away"] == 1
    busy["client"].send(refusal)  # what the worker answers past capacity
    page.get_by_text(strings.BUSY_REFUSED).wait_for()
    page.wait_for_function("() => !document.querySelector('form[data-waiting]')")  # the hint is gone
    shot(page, "submit-turned-away")
    assert page.get_by_label("问题描述").input_value() == text
    assert page.locator("#tracking-code").count() == 0
    busy["on"] = False
    page.get_by_role("button", name="提交").click()
    page.locator("#tracking-code").wait_for()
    ctx.close()


def test_bad_input_on_the_form_and_unknown_codes(browser, server):
    ctx, page = _phone(browser, server)
    page.goto("/s/zzzzzzzz")
    page.get_by_text("这个二维码无效").wait_for()
    page.get_by_label("问题类别").select_option(label="食堂")
    page.get_by_label("问题描述").fill("短")
    page.get_by_role("button", name="提交").click()
    page.get_by_role("alert").filter(has_text="至少 5 个字").wait_for()
    page.goto("/t/notarealcode")
    wait_hydrated(page)
    page.get_by_text("跟踪码无效").wait_for()
    shot(page, "tracking-unknown")
    ctx.close()


def test_user_text_is_never_rendered_as_html(browser, server):
    ctx, page = _phone(browser, server)
    page.goto("/proposals")
    wait_hydrated(page)
    page.get_by_label("问题类别").select_option(label="其他")
    payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>宿舍门锁坏了'
    page.get_by_label("问题描述").fill(payload)
    page.get_by_role("button", name="提交").click()
    code = page.locator("#tracking-code")
    code.wait_for()
    page.goto(f"/t/{code.inner_text().strip()}")
    wait_hydrated(page)
    page.get_by_text("宿舍门锁坏了", exact=False).first.wait_for()
    assert "<script>" in page.inner_text("main")  # shown as text
    assert page.evaluate("() => window.__pwned") is None
    ctx.close()
