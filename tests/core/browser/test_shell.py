"""The production build in Chromium on a phone: Chinese home, login, admin, photos, PWA."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest

from tests.conftest import PHOTOS
from tests.support.browser import ADMIN_PASSWORD, login, shot, wait_hydrated

pytestmark = pytest.mark.browser

# Production serves pages with or without a trailing slash.
STAFF = re.compile(r"/staff/?$")
LOGIN = re.compile(r"/login/?(\?.*)?$")
LOGIN_NEXT_STAFF = re.compile(r"/login/?\?next=/staff/?$")


def _no_horizontal_overflow(page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"page is {width}px wide on a {page.viewport_size['width']}px screen"


def test_home_page_is_chinese_and_phone_sized(page):
    page.goto("/")
    wait_hydrated(page)
    assert page.evaluate("() => document.documentElement.lang") == "zh-CN"
    assert page.title() == "权益 · 学生权益服务"
    assert page.get_by_role("heading", level=1).inner_text() == "有问题,找权益部"
    body = page.inner_text("body")
    assert "失物招领" in body and "提交问题" in body and "跟踪进度" in body
    assert "Built with Reflex" not in body and "Reflex" not in body
    tabs = page.get_by_role("navigation", name="主导航").get_by_role("link")
    assert tabs.all_inner_texts() == ["首页", "提案", "失物招领", "检查", "我的"]
    for tab in tabs.all():
        box = tab.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44
    assert page.get_by_role("link", name="首页").last.get_attribute("aria-current") == "page"
    _no_horizontal_overflow(page)
    shot(page, "home-390")
    page.set_viewport_size({"width": 360, "height": 740})
    _no_horizontal_overflow(page)
    shot(page, "home-360")


def test_wide_screen_gets_side_navigation(browser, server):
    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN", base_url=server)
    pg = ctx.new_page()
    pg.goto("/proposals")  # an app page (the home page is a plain page: its tabs stay at the bottom)
    wait_hydrated(pg)
    navs = pg.locator("nav.qy-sidenav")
    assert navs.is_visible()
    assert not pg.locator("nav.qy-tabbar").is_visible()
    shot(pg, "home-desktop")
    ctx.close()


def test_staff_login_wrong_then_right_then_logout(page):
    page.goto("/staff")
    page.wait_for_url(LOGIN_NEXT_STAFF)
    wait_hydrated(page)
    page.get_by_role("alert").filter(has_text="请先登录").wait_for()  # says why we are here
    page.get_by_label("用户名").fill("admin")
    page.get_by_label("密码").fill("definitely-wrong")
    page.get_by_role("button", name="登录").click()
    alert = page.get_by_role("alert").filter(has_text="用户名或密码错误")
    alert.wait_for()
    assert "再错 4 次" in alert.inner_text()
    shot(page, "login-wrong")
    page.get_by_label("密码").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(STAFF)
    page.get_by_role("heading", name="管理员").wait_for()
    assert "账号管理" in page.inner_text("main")
    # The server set the session cookie HttpOnly: no page script can read it.
    assert "quanyi_session" not in page.evaluate("document.cookie")
    assert "quanyi_device" not in page.evaluate("document.cookie")
    jar = {c["name"]: c for c in page.context.cookies()}
    assert jar["quanyi_session"]["httpOnly"] and jar["quanyi_session"]["sameSite"] == "Strict"
    assert jar["quanyi_device"]["httpOnly"]
    shot(page, "staff-workbench")
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url(re.compile(r"/login/?\?e=out$"))
    page.get_by_role("status").filter(has_text="已退出登录").wait_for()
    assert "quanyi_session" not in {c["name"] for c in page.context.cookies()}
    page.goto("/staff")
    page.wait_for_url(LOGIN_NEXT_STAFF)


def test_admin_creates_a_staff_account_who_cannot_open_admin(page):
    login(page, "admin", ADMIN_PASSWORD)
    page.wait_for_url(STAFF)
    page.goto("/staff/users")
    wait_hydrated(page)
    page.get_by_label("用户名").fill("wang.wu")
    page.get_by_label("姓名").fill("王五")
    page.get_by_label("角色").select_option("staff")
    page.get_by_label("初始密码").fill("wangwu-password")
    page.get_by_role("button", name="创建").click()
    page.get_by_role("status").filter(has_text="已创建账号 wang.wu").wait_for()
    assert page.get_by_role("button", name="停用 wang.wu").is_visible()
    shot(page, "admin-users")
    page.get_by_role("button", name="退出登录").count()  # the shell stays usable
    admins_tab = page.evaluate("() => sessionStorage.getItem('token')")
    page.context.clear_cookies()
    login(page, "wang.wu", "wangwu-password")
    page.wait_for_url(STAFF)
    # Logging in starts a new app session in the tab: the admin's page state is not shown again.
    page.locator("main").get_by_text("权益部成员").first.wait_for()
    assert admins_tab and page.evaluate("() => sessionStorage.getItem('token')") not in (None, admins_tab)
    assert "账号管理" not in page.inner_text("main") and "管理员" not in page.inner_text("main")
    page.goto("/staff/users")
    page.wait_for_url(STAFF)  # refused and sent back, with a Chinese message
    page.get_by_text("没有权限执行此操作").first.wait_for()


def test_staff_uploads_a_real_photo_and_gets_a_clean_copy(page, server):
    login(page, "admin", ADMIN_PASSWORD)
    page.wait_for_url(STAFF)
    wait_hydrated(page)
    # A photo no other browser test publishes, so it is still private here.
    page.locator("input[type=file]").set_input_files(str(PHOTOS / "orientation_portrait_6.jpg"))
    page.get_by_text("已保存 1 张照片").wait_for()
    img = page.locator(".qy-photo-grid img").first
    img.wait_for()
    img.scroll_into_view_if_needed()  # a lazy image loads once near the viewport
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle())
    src = img.get_attribute("src")
    shot(page, "staff-photo")
    # The photo is private: the same URL without the staff cookie is refused.
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(server + src)
    assert err.value.code == 404


def test_a_file_that_is_not_a_photo_gets_a_chinese_toast(page, tmp_path):
    login(page, "admin", ADMIN_PASSWORD)
    page.wait_for_url(STAFF)
    wait_hydrated(page)
    notes = tmp_path / "notes.txt"
    notes.write_text("不是照片")
    page.locator("input[type=file]").set_input_files(str(notes))
    page.get_by_text("有文件没有上传").wait_for()
    assert page.locator(".qy-photo-grid img").count() == 0 or "已保存" not in page.inner_text("main")


def test_manifest_service_worker_and_installability(profile_context, server):
    context = profile_context
    page = context.pages[0] if context.pages else context.new_page()
    manifest = json.loads(urllib.request.urlopen(server + "/manifest.webmanifest").read())
    assert manifest["lang"] == "zh-CN" and manifest["display"] == "standalone"
    assert manifest["name"] and manifest["short_name"] == "权益" and manifest["start_url"]
    sizes = {(i["sizes"], i.get("purpose", "any")) for i in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        with urllib.request.urlopen(server + icon["src"]) as r:
            assert r.status == 200 and r.headers["Content-Type"] == "image/png"

    page.goto("/")
    wait_hydrated(page)
    scope = page.evaluate(
        "() => Promise.race([navigator.serviceWorker.ready.then(r => r.scope),"
        " new Promise(r => setTimeout(() => r('not registered'), 15000))])"
    )
    assert scope == server + "/"
    cdp = context.new_cdp_session(page)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert errors == [], errors

    # Offline: a page never visited falls back to the Chinese offline page.
    page.reload()
    wait_hydrated(page)
    context.set_offline(True)
    try:
        page.goto("/never-visited-page")
        assert "当前离线" in page.inner_text("body")
        shot(page, "offline")
    finally:
        context.set_offline(False)


def test_static_assets_have_long_lived_cache_headers(page, server):
    page.goto("/proposals")  # an app page: plain pages load no bundle
    wait_hydrated(page)
    script = page.evaluate(
        '() => [...document.querySelectorAll(\'script[src^="/assets/"], link[href^="/assets/"]\')]'
        ".map(e => e.src || e.href)[0]"
    )
    with urllib.request.urlopen(script) as r:
        assert r.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    with urllib.request.urlopen(server + "/sw.js") as r:
        assert r.headers["Cache-Control"] == "no-cache"


def test_unknown_page_is_a_chinese_404(page):
    page.goto("/no/such/page")
    wait_hydrated(page)
    assert "页面不存在" in page.inner_text("body")


def test_lost_connection_shows_a_chinese_notice(page):
    """Cut the event websocket (as a flaky phone network would) and let it come back."""
    cut = {"on": False, "sockets": []}

    def route(ws):
        if cut["on"]:
            ws.close()
            return
        ws.connect_to_server()
        cut["sockets"].append(ws)

    page.route_web_socket(re.compile(r"/_event"), route)
    page.goto("/proposals")  # an app page: plain pages open no websocket
    wait_hydrated(page)
    assert page.get_by_text("网络连接中断").count() == 0
    cut["on"] = True
    for ws in cut["sockets"]:
        ws.close()
    notice = page.get_by_role("status").filter(has_text="网络连接中断")
    notice.wait_for(timeout=30_000)
    shot(page, "connection-lost")
    # It sits just above the tab bar, clear of the top of the page (where the top bar and the
    # inspection progress bar with 下一未检项 stay pinned) and of the tabs themselves.
    box, tabs = notice.bounding_box(), page.locator(".qy-tabbar").bounding_box()
    assert box["y"] > 844 / 2 and abs((box["y"] + box["height"]) - tabs["y"]) <= 1, (box, tabs)
    body = page.inner_text("body")
    assert "Cannot connect" not in body and "Connection Error" not in body
    cut["on"] = False
    notice.wait_for(state="detached", timeout=60_000)


def test_running_the_app_leaves_the_tracked_lock_files_alone(server):
    """The production build (started for these tests, as make run does) used to rewrite
    reflex.lock/package.json in another formatting, dirtying every checkout."""
    import subprocess

    from tests.support.browser import PROJECT_ROOT

    status = subprocess.run(
        ["git", "status", "--porcelain", "--", "reflex.lock"], cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    if status.returncode != 0:
        pytest.skip("not a git checkout")
    assert status.stdout == "", status.stdout
