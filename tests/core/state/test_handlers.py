"""Event handlers called directly: every protected one refuses a missing or weak login."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import reflex as rx
from reflex.istate.data import RouterData
from sqlmodel import func, select

from quanyi_app.core import strings
from quanyi_app.core.accounts import services as accounts
from quanyi_app.core.accounts.admin import AdminUsersState
from quanyi_app.core.accounts.login import LoginState
from quanyi_app.core.accounts.models import User
from quanyi_app.core.db import session_scope
from quanyi_app.core.photos import services as photos
from quanyi_app.core.photos.models import Photo
from quanyi_app.home import strings as home_strings
from quanyi_app.home.state import WorkbenchState
from tests.conftest import photo_fixture, wired_api
from tests.support.handlers import PASSWORD, assert_refused_on_load, make_state, run, sign_in


def _count(model) -> int:
    with session_scope() as s:
        return s.exec(select(func.count()).select_from(model)).one()


def _upload(name: str, data: bytes) -> rx.UploadFile:
    return rx.UploadFile(file=io.BytesIO(data), path=Path(name), size=len(data))


# ---- login ------------------------------------------------------------------------------


async def test_login_page_says_why_after_the_redirect(users):
    """/api/login redirects back with a reason code; the page turns it into the Chinese sentence."""
    st = make_state(LoginState)
    path = "/login?e=bad&left=3&u=staffer&next=%2Fstaff%2Fusers"
    st.router = RouterData.from_router_data({"pathname": "/login", "asPath": path, "query": {}, "headers": {}})
    await run(st.open_page)
    assert st.error == strings.LOGIN_BAD_CREDENTIALS_LEFT.format(left=3)
    assert st.username == "staffer" and st.next_path == "/staff/users"
    assert st.user_role == ""


async def test_login_page_skips_the_form_when_logged_in(users):
    wired_api()  # the features register their landings
    st = make_state(LoginState)
    sign_in(st, users["inspector"])
    events = await run(st.open_page)
    assert st.user_role == "inspector"
    assert any("/inspect" in str(e) for e in events if e is not None), events


async def test_session_state_holds_no_token(users):
    """The token is read from the connection on each call; no state var carries it."""
    st = make_state(WorkbenchState)
    sign_in(st, users["staff"])
    await run(st.open_page)
    assert st.user_role == "staff"
    root = st._get_root_state()
    dumped = root._serialize()
    assert users["staff"].encode() not in dumped


# ---- admin: accounts --------------------------------------------------------------------

NEW_USER = {"username": "newbie", "display_name": "新同学", "role": "admin", "password": "long-enough-pass"}


@pytest.mark.parametrize("who", [None, "forged", "staff", "inspector", "office"])
async def test_create_user_refused_without_admin(users, who):
    st = make_state(AdminUsersState)
    sign_in(st, {None: "", "forged": "x" * 43}.get(who, users.get(who, "")))
    await run(st.create_user, dict(NEW_USER))
    assert st.error in (strings.LOGIN_REQUIRED, strings.PERMISSION_DENIED)
    assert st.message == ""
    with session_scope() as s:
        assert s.exec(select(User).where(User.username == "newbie")).first() is None


@pytest.mark.parametrize("who", [None, "staff", "office"])
async def test_disable_and_reset_refused_without_admin(users, who):
    st = make_state(AdminUsersState)
    sign_in(st, users.get(who, "") if who else "")
    await run(st.set_active, "1", False)
    assert st.error in (strings.LOGIN_REQUIRED, strings.PERMISSION_DENIED)
    await run(st.reset_password, "1")
    assert st.error in (strings.LOGIN_REQUIRED, strings.PERMISSION_DENIED)
    assert st.message == ""
    with session_scope() as s:
        boss = s.get(User, 1)
        assert boss.active
    with session_scope() as s:  # the admin's password still works: nothing was reset
        from quanyi_app.core.accounts import services as accounts

        assert accounts.login(session=s, username="boss", password=PASSWORD)[0]


@pytest.mark.parametrize("who", [None, "staff"])
async def test_admin_page_redirects_without_admin(users, who):
    st = make_state(AdminUsersState)
    sign_in(st, users.get(who, "") if who else "")
    events = await run(st.open_page)
    assert_refused_on_load(events, who, AdminUsersState)
    assert st.users == []


async def test_admin_creates_disables_and_resets(users):
    st = make_state(AdminUsersState)
    sign_in(st, users["admin"])
    await run(st.open_page)
    assert {u.username for u in st.users} == {"boss", "staffer", "checker", "officer"}
    await run(
        st.create_user,
        {"username": "newbie", "display_name": "新同学", "role": "staff", "password": "long-enough-pass"},
    )
    assert st.error == "" and st.message == strings.USERS_CREATED.format(username="newbie")
    newbie = next(u for u in st.users if u.username == "newbie")
    await run(st.set_active, newbie.id, False)
    assert next(u for u in st.users if u.username == "newbie").status == strings.USERS_STATUS_DISABLED
    events = await run(st.reset_password, newbie.id)
    assert st.message == strings.USERS_RESET_DONE_SHORT.format(username="newbie")
    # The new password reaches the admin's screen once, as a notice, and is no state var.
    shown = " ".join(str(e) for e in events)
    password = re.search(r"新密码:([A-Za-z0-9]+)", shown).group(1)
    with session_scope() as s:
        user = s.exec(select(User).where(User.username == "newbie")).one()
        assert accounts.verify_password(user.password_hash, password)
    root = st._get_root_state()
    assert password.encode() not in root._serialize() and b"long-enough-pass" not in root._serialize()
    await run(st.create_user, {"username": "x", "display_name": "", "role": "staff", "password": "p"})
    assert st.error == strings.USERS_USERNAME_INVALID
    await run(st.set_active, "not-a-number", False)
    assert st.error == strings.USERS_NOT_FOUND


# ---- photos through the upload handler ---------------------------------------------------


@pytest.mark.parametrize("who", [None, "office"])
async def test_upload_refused_without_permission(users, who):
    st = make_state(WorkbenchState)
    sign_in(st, users.get(who, "") if who else "")
    await run(st.upload_photos, [_upload("a.jpg", photo_fixture("gps_DSCN0010.jpg"))])
    assert st.upload_error in (strings.LOGIN_REQUIRED, strings.PERMISSION_DENIED)
    assert _count(Photo) == 0


async def test_upload_handler_enforces_size_and_count(users, upload_dir):
    st = make_state(WorkbenchState)
    sign_in(st, users["staff"])
    too_big = b"\xff\xd8" + b"\0" * (photos.MAX_BYTES + 10)
    await run(st.upload_photos, [_upload("big.jpg", too_big)])
    assert st.upload_error == strings.PHOTO_TOO_LARGE.format(mb=15)
    five = [_upload(f"{i}.jpg", photo_fixture("gps_DSCN0010.jpg")) for i in range(5)]
    await run(st.upload_photos, five)
    assert st.upload_error == strings.PHOTO_TOO_MANY_FILES.format(n=4)
    await run(st.upload_photos, [_upload("x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")])
    assert st.upload_error == strings.PHOTO_NOT_IMAGE
    assert _count(Photo) == 0


async def test_upload_handler_stores_clean_photos(users, upload_dir):
    st = make_state(WorkbenchState)
    sign_in(st, users["staff"])
    await run(
        st.upload_photos,
        [
            _upload("gps.jpg", photo_fixture("gps_DSCN0021.jpg")),
            _upload("iphone.heic", photo_fixture("mobile_iphone_13_pro_max.HEIC")),
        ],
    )
    assert st.upload_error == "" and st.upload_message == home_strings.PHOTO_STORED.format(n=2)
    assert _count(Photo) == 2
    assert len(st.photos) == 2 and all(p.thumb.startswith("/api/photos/") for p in st.photos)
    assert not st.uploading


async def test_workbench_requires_login(users):
    st = make_state(WorkbenchState)
    events = await run(st.open_page)
    assert any("/login" in str(e) for e in events)
    sign_in(st, users["office"])
    await run(st.open_page)
    assert st.user_role == "office"


async def test_library_shows_a_photo_someone_else_uploaded_first(users, upload_dir):
    with session_scope() as s:
        photos.store_photo(photo_fixture("gps_DSCN0042.jpg"), session=s)  # a student's upload
    st = make_state(WorkbenchState)
    sign_in(st, users["staff"])
    await run(st.upload_photos, [_upload("same.jpg", photo_fixture("gps_DSCN0042.jpg"))])
    assert st.upload_message == home_strings.PHOTO_STORED.format(n=1)
    assert len(st.photos) == 1 and _count(Photo) == 1


async def test_admin_creates_a_college_scoped_staff_member(users):
    from quanyi_app import demo

    with session_scope() as s:
        demo.load_demo_data(session=s)
    st = make_state(AdminUsersState)
    sign_in(st, users["admin"])
    await run(st.open_page)
    assert st.colleges and st.offices
    st.new_college = st.colleges[0]["id"]
    await run(
        st.create_user,
        {"username": "cs.lead", "display_name": "院权益委员", "role": "staff", "password": "long-enough-pass"},
    )
    assert st.error == ""
    with session_scope() as s:
        u = s.exec(select(User).where(User.username == "cs.lead")).one()
        assert u.college_id == int(st.colleges[0]["id"]) and u.office_id is None
    st.new_college = "999"
    await run(
        st.create_user, {"username": "bad.scope", "display_name": "x", "role": "staff", "password": "long-enough-pass"}
    )
    assert st.error == strings.COLLEGE_NOT_FOUND
