"""The scan landing /s/<code> and the tracking page /t/<code> on a phone (390×844), against the
production build: painted and usable before any script runs, and working with websockets blocked
or JavaScript off."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import PHOTOS
from tests.support.browser import PHONE, phone, scan_code, shot

pytestmark = pytest.mark.browser


def _case(db_url: str, tracking: str) -> dict:
    engine = create_engine(db_url)
    with engine.connect() as conn:
        row = (
            conn.execute(
                text(
                    "SELECT c.description, c.qr_point_id, b.name AS building, e.photo_ids FROM case_report c "
                    "JOIN building b ON b.id = c.building_id "
                    "JOIN case_event e ON e.case_id = c.id AND e.kind = 'submitted' WHERE c.tracking_code = :t"
                ),
                {"t": tracking},
            )
            .mappings()
            .one()
        )
    engine.dispose()
    return dict(row)


def test_with_websockets_blocked_a_scan_still_files_a_case(browser, server_info):
    """Some campus networks and in-app browsers break websockets: the form posts over HTTP, with
    its idempotency key and the photo pipeline, and the student gets the tracking code."""
    ctx, page, errors = phone(browser, server_info.url)
    refused: list[str] = []

    def refuse(ws):
        refused.append(ws.url)
        ws.close()

    page.route_web_socket(re.compile(r".*"), refuse)
    page.goto(f"/s/{scan_code(server_info.db_url, 'W24')}")
    page.get_by_text("来自:西区24栋 一楼提案本").wait_for()
    page.get_by_label("问题类别").select_option(label="宿舍")
    page.get_by_label("问题描述").fill("断网测试:西区24栋二楼洗衣机投币后不启动。")
    page.locator("input[type=file]").set_input_files(str(PHOTOS / "gps_DSCN0010.jpg"))
    page.get_by_role("button", name="提交").click()
    tracking = page.locator("#tracking-code").inner_text().strip()
    assert re.fullmatch(r"[a-z0-9]{10}", tracking)
    shot(page, "scan-no-websocket-done")
    case = _case(server_info.db_url, tracking)
    assert case["description"].startswith("断网测试") and case["building"] == "西区24栋" and case["qr_point_id"]
    photos = case["photo_ids"]
    assert len(photos if isinstance(photos, list) else json.loads(photos)) == 1
    # The phone forgot the sent draft and its key: the next form starts empty, with a new key.
    assert page.evaluate("() => [localStorage.getItem('qy_draft:case'), localStorage.getItem('qy_key:case')]") == [
        None,
        None,
    ]
    # The tracking page is a plain page too: progress shows and a follow-up goes through.
    page.get_by_role("link", name="查看处理进度").click()
    page.wait_for_url(f"**/t/{tracking}")
    page.locator("#timeline").get_by_text("已收到反馈").wait_for()
    page.get_by_label("补充说明").fill("补充:晚上十点后也试过,一样不启动。")
    page.get_by_role("button", name="发送补充").click()
    page.get_by_role("status").filter(has_text="补充已发送").wait_for()
    assert "晚上十点后也试过" in page.inner_text("#timeline")
    shot(page, "track-no-websocket")
    assert refused == [], refused  # neither page ever tried to open a websocket
    assert errors == [], errors
    ctx.close()


def test_text_typed_before_any_script_runs_is_kept(browser, server_info):
    """The form is in the first HTML: a student types while the page's script is still on its way,
    and nothing is lost when it arrives (it is kept as the draft) or when the form is sent."""
    ctx, page, errors = phone(browser, server_info.url)
    held = []
    page.route("**/draft.js", lambda route: held.append(route))
    page.goto(f"/s/{scan_code(server_info.db_url)}", wait_until="commit")
    box = page.get_by_label("问题描述")
    box.fill("脚本加载前就开始输入:食堂三楼的餐盘没洗干净。")
    assert page.evaluate("() => window.quanyiDraft === undefined")  # no script has run yet
    while not held:
        page.wait_for_timeout(50)
    held[0].continue_()
    page.wait_for_function("() => window.quanyiDraft !== undefined")
    assert box.input_value() == "脚本加载前就开始输入:食堂三楼的餐盘没洗干净。"
    page.wait_for_function(
        "() => (JSON.parse(localStorage.getItem('qy_draft:case') || '{}').description || '').includes('餐盘')"
    )
    assert page.locator("[data-count-for=f-description]").get_attribute("data-count").startswith("23 / ")
    page.get_by_label("问题类别").select_option(label="食堂")
    page.get_by_role("button", name="提交").click()
    tracking = page.locator("#tracking-code").inner_text().strip()
    assert _case(server_info.db_url, tracking)["description"] == "脚本加载前就开始输入:食堂三楼的餐盘没洗干净。"
    assert errors == [], errors
    ctx.close()


def test_without_javascript_the_form_is_usable_and_files_a_case(browser, server_info):
    ctx, page, _errors = phone(browser, server_info.url, java_script_enabled=False)
    page.goto(f"/s/{scan_code(server_info.db_url, 'W24')}")
    assert page.get_by_label("所在楼栋").evaluate("el => el.options[el.selectedIndex].text") == "西区24栋"
    assert page.get_by_role("heading", name="反映问题").is_visible()
    shot(page, "scan-no-javascript")
    # Nothing on the first screen is cut off or wider than the phone.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_label("问题类别").select_option(label="网络")
    page.get_by_label("问题描述").fill("没有脚本也能提交:宿舍网络每晚十点后断线。")
    page.get_by_text("留下联系方式").click()  # the contact fields open without a script (CSS only)
    page.get_by_label("手机号").fill("13812345678")
    page.get_by_role("button", name="提交").click()
    tracking = page.locator("#tracking-code").inner_text().strip()
    assert _case(server_info.db_url, tracking)["description"].startswith("没有脚本也能提交")
    shot(page, "scan-no-javascript-done")
    ctx.close()
