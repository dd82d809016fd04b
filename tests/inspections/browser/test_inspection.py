"""An inspection on a phone (390×844) against the production build, with the network lost part-way.

An inspector opens today's plan, fails an item with a real photo, ticks more, loses the network
and ticks two more (one in a tab that is then closed), regains it with nothing lost or doubled,
submits, downloads the record sheet and sees the failed items as rectifications.
"""

from __future__ import annotations

import re

import pytest
from sqlmodel import Session, func, select

from tests.conftest import PHOTOS
from tests.support.browser import PHONE, login, phone, shot, wait_hydrated

pytestmark = pytest.mark.browser

PASSWORD = "inspector-pass-1"


def _prepare(db_url: str) -> tuple[int, int]:
    from quanyi_app.core import campustime
    from quanyi_app.core.accounts import services as accounts
    from quanyi_app.core.accounts.models import User
    from quanyi_app.core.campus.models import Building
    from quanyi_app.core.db import make_engine
    from quanyi_app.inspections.models import ChecklistTemplate
    from quanyi_app.inspections.services import runs as ins

    engine = make_engine(db_url)
    with Session(engine) as s:
        admin = accounts.principal_of(s.exec(select(User).where(User.username == "admin")).one())
        accounts.create_user(
            session=s, actor=admin, username="lijc", display_name="李检查", role="inspector", password=PASSWORD
        )
        uid = s.exec(select(User.id).where(User.username == "lijc")).one()
        tpl = s.exec(select(ChecklistTemplate).where(ChecklistTemplate.code == "kitchen-hygiene")).one()
        canteen = s.exec(select(Building).where(Building.code == "C2")).one()
        insp = ins.plan_inspection(
            session=s,
            actor=admin,
            template_id=tpl.id,
            building_id=canteen.id,
            day=campustime.campus_today(),
            inspectors=[uid],
        )
        s.commit()
        n_items = len(ins.version_items(s, ins.current_version(s, tpl.id).id))
        iid = insp.id
    engine.dispose()
    return iid, n_items


def _answers(db_url: str, iid: int) -> dict[int, tuple[str, str]]:
    from quanyi_app.core.db import make_engine
    from quanyi_app.inspections.models import ChecklistItem, InspectionAnswer

    engine = make_engine(db_url)
    with Session(engine) as s:
        rows = s.exec(
            select(ChecklistItem.position, InspectionAnswer.result, InspectionAnswer.note)
            .join(ChecklistItem, ChecklistItem.id == InspectionAnswer.item_id)
            .where(InspectionAnswer.inspection_id == iid)
        ).all()
        total = s.exec(
            select(func.count()).select_from(InspectionAnswer).where(InspectionAnswer.inspection_id == iid)
        ).one()
    engine.dispose()
    assert total == len(rows)
    return {pos: (result, note) for pos, result, note in rows}


def _tick(page, n: int, label: str) -> None:
    page.get_by_role("button", name=f"第{n}项 {label}", exact=True).click()


def _wait_saved(page) -> None:
    page.wait_for_function("() => document.querySelector('#ins-sync').textContent === '全部已保存到服务器'")


def test_inspection_with_network_loss(browser, server_info, tmp_path):
    iid, n_items = _prepare(server_info.db_url)
    # Playwright's offline switch does not reach requests that pass through a service worker, so
    # none is registered here (the run page never relies on one: WeChat may not run them).
    ctx, page, errors = phone(browser, server_info.url, accept_downloads=True, service_workers="block")

    # 1. Today's plan on the inspection tab.
    login(page, "lijc", PASSWORD)
    page.wait_for_url(re.compile(r".*/inspect/?$"))  # inspectors land on their own rounds
    wait_hydrated(page)
    card = page.get_by_role("link", name=re.compile("第二食堂"))
    card.wait_for()
    shot(page, "inspect-1-today")
    card.click()
    page.wait_for_url(re.compile(rf".*/inspect/run/{iid}$"))
    page.get_by_role("button", name="第1项 合格", exact=True).wait_for()
    assert page.locator("#ins-count").inner_text() == f"0 / {n_items}"

    # 2. Item 1 (health certificates) fails: it needs a photo, taken with the camera input.
    _tick(page, 1, "不合格")
    first = page.locator(".qy-ins-item").first
    assert first.get_attribute("data-needs-photo") == "1"
    page.get_by_text("备注 / 拍照").first.click()
    page.get_by_label("第1项 备注").fill("两名员工健康证已过期")
    page.get_by_label("第1项 拍照").set_input_files(str(PHOTOS / "mobile_HMD_Nokia_8.3_5G.jpg"))
    first.locator(".qy-ins-thumb img").wait_for()
    assert first.get_attribute("data-needs-photo") == ""
    for n in range(2, 6):
        _tick(page, n, "合格")
    _wait_saved(page)
    saved = _answers(server_info.db_url, iid)
    assert saved[1] == ("fail", "两名员工健康证已过期") and [saved[n][0] for n in range(2, 6)] == ["pass"] * 4
    shot(page, "inspect-2-ticked")

    # 3. The network goes; item 6 is ticked and kept on the phone.
    ctx.set_offline(True)
    _tick(page, 6, "合格")
    page.wait_for_function("() => document.querySelector('#ins-sync').textContent.startsWith('离线')")
    assert page.locator("#ins-count").inner_text() == f"6 / {n_items}"
    assert 6 not in _answers(server_info.db_url, iid)
    shot(page, "inspect-3-offline")

    # 4. Back online: it is sent by itself.
    ctx.set_offline(False)
    _wait_saved(page)
    assert _answers(server_info.db_url, iid)[6] == ("pass", "")

    # Offline again: item 7 fails, then the tab is closed before any signal returns.
    ctx.set_offline(True)
    _tick(page, 7, "不合格")
    page.wait_for_function("() => document.querySelector('#ins-sync').textContent.startsWith('离线')")
    page.close()
    ctx.set_offline(False)
    assert 7 not in _answers(server_info.db_url, iid)

    # Reopened: what the phone kept is sent, shown, and nothing is doubled.
    page = ctx.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"/inspect/run/{iid}")
    wait_hydrated(page)
    page.get_by_role("button", name="第1项 合格", exact=True).wait_for()
    _wait_saved(page)
    saved = _answers(server_info.db_url, iid)
    assert len(saved) == 7 and saved[7] == ("fail", "") and saved[1] == ("fail", "两名员工健康证已过期")
    assert page.locator("#ins-count").inner_text() == f"7 / {n_items}"
    assert page.get_by_role("button", name="第7项 不合格", exact=True).get_attribute("aria-pressed") == "true"
    assert page.locator(".qy-ins-item").first.locator(".qy-ins-thumb img").count() == 1

    # 5. Submitting too early is refused with a message; the next-unanswered jump finds item 8.
    page.locator("#ins-submit").click()
    assert "还有" in page.locator("#ins-error").inner_text()
    page.locator("#ins-next").click()
    focused = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
    assert focused == "第8项 合格"
    for n in range(8, n_items + 1):
        _tick(page, n, "合格")
    _wait_saved(page)
    shot(page, "inspect-4-all-ticked")
    page.locator("#ins-submit").click()
    page.wait_for_url(re.compile(rf".*/inspect/report/{iid}$"))
    wait_hydrated(page)
    page.get_by_role("heading", name="第二食堂(清芬园)").wait_for()
    assert page.get_by_text("李检查").count() >= 1
    assert len(_answers(server_info.db_url, iid)) == n_items

    # 6. The failed items are rectifications, with their due dates.
    rects = page.locator(".qy-case-row")
    rects.first.wait_for()
    texts = rects.all_inner_texts()
    assert any("健康证明" in t for t in texts) and any("离墙离地" in t for t in texts)
    shot(page, "inspect-5-report")

    # The record sheet downloads as a PDF.
    with page.expect_download() as dl:
        page.get_by_role("link", name="下载记录表 PDF").click()
    pdf = tmp_path / "sheet.pdf"
    dl.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 50_000

    # Opening the rectification shows it, with the photo from the inspection.
    rects.first.click()
    page.wait_for_url(re.compile(r".*/inspect/fix/\d+$"))
    wait_hydrated(page)
    page.get_by_role("heading", name=re.compile("健康证明")).wait_for()
    assert page.locator("img[alt='检查时的照片']").count() == 1
    shot(page, "inspect-6-rectification")
    ctx.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"

    # 7. Any student sees the result on /inspect, without logging in: score and open rectifications.
    student = browser.new_page(viewport=PHONE, base_url=server_info.url)
    student.goto("/inspect")
    wait_hydrated(student)
    row = student.locator("#public-summary .rt-Card", has_text="第二食堂(清芬园)")
    row.wait_for()
    assert "不合格" in row.inner_text() and "项整改未完成" in row.inner_text()
    assert "李检查" not in student.inner_text("main") and "健康证" not in student.inner_text("main")
    shot(student, "inspect-public-summary")
    student.close()


def test_staff_plan_and_edit_a_checklist(page, server_info):
    from tests.support.browser import ADMIN_PASSWORD

    login(page, "admin", ADMIN_PASSWORD)
    page.wait_for_url(re.compile(r".*/staff/?$"))
    page.goto("/staff/inspections")
    wait_hydrated(page)
    # Bad input first: no target chosen.
    page.get_by_role("button", name="安排", exact=True).click()
    page.get_by_text("请选择检查表。").wait_for()
    page.locator("#f-ins-template").select_option(label="宿舍安全卫生检查表")
    # A dorm checklist lists dorm buildings only.
    page.wait_for_function("""() => {
        const names = [...document.querySelectorAll('#f-ins-target option')].map(o => o.text);
        return names.includes('东区6栋') && !names.includes('第一食堂(桃李园)');
    }""")
    page.locator("#f-ins-target").select_option(label="东区6栋")
    page.locator(".qy-check-row", has_text="管理员").first.get_by_role("checkbox").click()
    page.get_by_role("button", name="安排", exact=True).click()
    page.get_by_text("已安排检查。").wait_for()
    page.get_by_role("link", name=re.compile("东区6栋")).first.wait_for()
    shot(page, "inspect-7-plans")

    page.goto("/staff/checklists")
    wait_hydrated(page)
    page.get_by_role("button", name="添加检查项").click()
    page.get_by_label("检查内容").fill("寝室内无违规使用明火(蜡烛、酒精炉)")
    page.get_by_role("button", name="保存检查项").click()
    page.get_by_text("检查项已保存到草稿。").wait_for()
    page.get_by_text(re.compile("正在编辑第 2 版草稿")).wait_for()
    page.get_by_role("button", name="发布新版本").click()
    page.get_by_text("已发布。之后开始的检查使用新版本。").wait_for()
    page.get_by_text("16. 寝室内无违规使用明火(蜡烛、酒精炉)").wait_for()
    shot(page, "inspect-8-checklist")


def _two_submitted_runs(db_url: str) -> int:
    """Two submitted inspections of 东区7栋 (scores 100 and lower), for the history page."""
    from quanyi_app.core import campustime
    from quanyi_app.core.accounts import services as accounts
    from quanyi_app.core.accounts.models import User
    from quanyi_app.core.campus.models import Building
    from quanyi_app.core.db import make_engine
    from quanyi_app.inspections.models import ChecklistTemplate
    from quanyi_app.inspections.services import runs as ins

    engine = make_engine(db_url)
    with Session(engine) as s:
        admin = accounts.principal_of(s.exec(select(User).where(User.username == "admin")).one())
        tpl = s.exec(select(ChecklistTemplate).where(ChecklistTemplate.code == "dorm-safety")).one()
        dorm = s.exec(select(Building).where(Building.code == "E07")).one()
        for fail_at in (None, 12):
            insp = ins.plan_inspection(
                session=s,
                actor=admin,
                template_id=tpl.id,
                building_id=dorm.id,
                day=campustime.campus_today(),
                inspectors=[admin.user_id],
            )
            s.commit()
            items = ins.run_view(session=s, actor=admin, inspection_id=insp.id).items
            ins.apply_ticks(
                session=s,
                actor=admin,
                inspection_id=insp.id,
                ticks=[ins.Tick(it.id, 1, "fail" if it.position == fail_at else "pass") for it in items],
            )
            ins.submit(session=s, actor=admin, inspection_id=insp.id)
            s.commit()  # this helper is the unit of work: services only flush
        bid = dorm.id
    engine.dispose()
    return bid


def test_target_history_shows_the_score_trend(page, server_info):
    from tests.support.browser import ADMIN_PASSWORD

    bid = _two_submitted_runs(server_info.db_url)
    login(page, "admin", ADMIN_PASSWORD)
    page.wait_for_url(re.compile(r".*/staff/?$"))
    page.goto("/staff/inspections")
    wait_hydrated(page)
    page.get_by_role("link", name="东区7栋", exact=True).click()
    page.wait_for_url(re.compile(rf".*/staff/inspections/target/{bid}$"))
    page.get_by_role("heading", name="东区7栋").wait_for()
    page.locator(".recharts-surface").first.wait_for()
    assert page.locator(".recharts-line-dot, .recharts-line path").count() >= 1
    rows = page.locator("a.qy-case-row").all_inner_texts()
    assert len(rows) == 2 and "得分 100" in rows[1] and "不合格 1 项" in rows[0]
    shot(page, "inspect-9-history")
