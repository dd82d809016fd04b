"""Reflex persists every client's state (here: the production build's store, the private Redis
``make run`` starts). After a login, a password reset and an approved claim, none of their
secrets is in it."""

from __future__ import annotations

import re
import time

import pytest
from sqlmodel import Session, select

from tests.support.browser import ADMIN_PASSWORD, login, wait_hydrated
from tests.support.statestore import everything_stored, uses_redis

pytestmark = pytest.mark.browser


def _claim_on_a_demo_item(db_url: str) -> tuple[int, str, str]:
    """A student's claim on one of the demo found items: (item id, claim code, its link path)."""
    from quanyi_app.core.accounts import cookies
    from quanyi_app.core.accounts import services as accounts
    from quanyi_app.core.db import make_engine
    from quanyi_app.core.settings import get_settings
    from quanyi_app.lostfound.models import FoundItem
    from quanyi_app.lostfound.services import found as lostfound

    engine = make_engine(db_url)
    with Session(engine) as s:
        admin = s.exec(select(accounts.User).where(accounts.User.username == "admin")).one()
        accounts.create_user(
            session=s,
            actor=accounts.principal_of(admin),
            username="zhang.san",
            display_name="张三",
            role="staff",
            password="zhangsan-password",
        )
        item = s.exec(select(FoundItem).order_by(FoundItem.id)).first()
        claim = lostfound.submit_claim(
            session=s,
            item_id=item.id,
            device_id=cookies.device_of(cookies.new_device_cookie()) or "phone",
            description="黑色的,里面有一张借书证",
            contact_name="李同学",
            contact_phone="13812345678",
            contact_email="",
            secret=get_settings().secret_key,
        )
        s.commit()
        result = item.id, claim.code
    engine.dispose()
    return result


def _pickup_code(db_url: str, claim_code: str) -> str:
    from quanyi_app.core.db import make_engine
    from quanyi_app.lostfound.models import Claim

    engine = make_engine(db_url)
    with Session(engine) as s:
        code = s.exec(select(Claim).where(Claim.code == claim_code)).one().pickup_code
    engine.dispose()
    return code


def test_no_secret_reaches_the_state_store(page, browser, server_info):
    item_id, claim_code = _claim_on_a_demo_item(server_info.db_url)

    login(page, "admin", ADMIN_PASSWORD)
    page.wait_for_url(re.compile(r"/staff/?$"))
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "quanyi_session")

    # A password reset: the new password shows once, in a notice.
    page.goto("/staff/users")
    wait_hydrated(page)
    page.get_by_role("button", name="重置密码 zhang.san").click()
    notice = page.get_by_text(re.compile("新密码:"))
    notice.wait_for()
    # It settles at the top of the screen: not behind the tab bar at the bottom.
    page.wait_for_function(
        "() => { const t = [...document.querySelectorAll('[data-sonner-toast]')]"
        ".find(e => e.innerText.includes('新密码')); if (!t) return false;"
        " const r = t.getBoundingClientRect(); return r.top >= 0 && r.bottom < innerHeight / 2; }"
    )
    new_password = re.search(r"新密码:([A-Za-z0-9]+)", notice.inner_text()).group(1)

    # An approved claim: staff see that a code went out, the student's link shows it.
    page.goto(f"/staff/found/item/{item_id}")
    wait_hydrated(page)
    page.get_by_role("button", name="通过第 1 条认领", exact=True).click()
    page.get_by_text("已向认领人发出取件码").wait_for()
    pickup = _pickup_code(server_info.db_url, claim_code)
    assert len(pickup) == 6 and pickup not in page.inner_text("main")
    student = browser.new_page(base_url=server_info.url)
    student.goto(f"/found/claim/{claim_code}")
    wait_hydrated(student)
    assert student.locator("#pickup-code").inner_text().strip() == pickup
    student.close()

    time.sleep(3)  # a disk store writes after a short debounce (Redis at once)
    store = everything_stored(server_info)
    assert store, "the state store is empty: nothing was searched"
    assert b"admin" in store or b"zhang.san" in store  # the store does hold what pages show
    for name, secret in (
        ("session token", token),
        ("reset password", new_password),
        ("admin password", ADMIN_PASSWORD),
        ("initial password", "zhangsan-password"),
    ):
        assert secret.encode() not in store, f"the {name} is in the state store"
    assert not re.search(rb"(?<!\d)" + pickup.encode() + rb"(?!\d)", store), "the pickup code is in the state store"
    # And the store is private to the server's user: only its user can open the Redis socket
    # (and its folder), or read the on-disk store's folder.
    private = server_info.redis_socket if uses_redis(server_info) else server_info.states
    assert private.stat().st_mode & 0o777 == 0o700
    if uses_redis(server_info):
        assert private.parent.stat().st_mode & 0o777 == 0o700
