"""POST /api/login and /api/logout: the server sets the session cookie (HttpOnly), and the
lockout counts atomically while keeping an account's owner in."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from quanyi_app.core import strings
from quanyi_app.core.accounts import cookies
from quanyi_app.core.accounts import services as accounts
from quanyi_app.core.accounts.models import LoginSession, User
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import LoginFailed
from tests.conftest import wired_api
from tests.support.handlers import PASSWORD


@pytest.fixture
def client(users):
    return TestClient(wired_api(), base_url="http://localhost:3000", follow_redirects=False)


def _post(client, path, data, **headers):
    return client.post(path, data=data, headers={"origin": "http://localhost:3000", **headers})


def test_login_sets_an_httponly_strict_cookie_and_lands_on_the_workbench(client):
    r = _post(client, "/api/login", {"username": "staffer", "password": PASSWORD, "next": ""})
    assert r.status_code == 303 and r.headers["location"] == "/staff"
    cookie = r.headers["set-cookie"]
    assert cookie.startswith(cookies.SESSION_COOKIE + "=")
    for attribute in ("HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=604800"):
        assert attribute in cookie
    assert "Secure" not in cookie  # http://localhost: a Secure cookie would never come back
    token = cookie.split(";")[0].split("=", 1)[1]
    with session_scope() as s:
        assert accounts.authenticate(session=s, token=token).username == "staffer"


def test_secure_whenever_the_public_address_is_https(client, monkeypatch):
    from quanyi_app.core import settings

    monkeypatch.setenv("QUANYI_PUBLIC_URL", "https://quanyi.example.edu.cn")
    settings.get_settings.cache_clear()
    try:
        r = _post(
            client, "/api/login", {"username": "staffer", "password": PASSWORD}, origin="https://quanyi.example.edu.cn"
        )
        assert r.status_code == 303
        assert "Secure" in r.headers["set-cookie"] and "HttpOnly" in r.headers["set-cookie"]
    finally:
        settings.get_settings.cache_clear()


def test_each_role_lands_on_its_own_work_and_next_stays_on_this_site(client):
    r = _post(client, "/api/login", {"username": "checker", "password": PASSWORD})
    assert r.headers["location"] == "/inspect"
    r = _post(client, "/api/login", {"username": "staffer", "password": PASSWORD, "next": "/staff/cases?x=1"})
    assert r.headers["location"] == "/staff/cases?x=1"
    for evil in ("https://evil.example/", "//evil.example", "/\\evil.example", "/api/logout"):
        r = _post(client, "/api/login", {"username": "staffer", "password": PASSWORD, "next": evil})
        assert r.headers["location"] == "/staff", evil


def test_a_wrong_password_goes_back_with_a_reason_code_not_text(client):
    r = _post(client, "/api/login", {"username": "staffer", "password": "wrong-wrong", "next": "/staff/users"})
    assert r.status_code == 303 and "set-cookie" not in r.headers
    assert r.headers["location"] == "/login?next=%2Fstaff%2Fusers&e=bad&left=4&u=staffer"
    from quanyi_app.core.accounts.web import message_for

    assert message_for("bad", "4") == strings.LOGIN_BAD_CREDENTIALS_LEFT.format(left=4)
    assert message_for("<script>", "") == ""


def test_posts_from_another_site_and_odd_forms_are_refused(client):
    r = _post(client, "/api/login", {"username": "staffer", "password": PASSWORD}, origin="https://evil.example")
    assert r.status_code == 403 and "其他网站" in r.text and "set-cookie" not in r.headers
    r = client.post("/api/login", content=b"x" * 10000, headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 400 and "登录表单" in r.text


def test_logout_revokes_the_token_and_clears_the_cookie(client):
    r = _post(client, "/api/login", {"username": "staffer", "password": PASSWORD})
    token = r.headers["set-cookie"].split(";")[0].split("=", 1)[1]
    client.cookies.set(cookies.SESSION_COOKIE, token)
    r = _post(client, "/api/logout", {})
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert r.headers["set-cookie"].startswith(cookies.SESSION_COOKIE + "=;") and "Max-Age=0" in r.headers["set-cookie"]
    with session_scope() as s:
        row = s.exec(select(LoginSession).where(LoginSession.token_hash == accounts.hash_token(token))).one()
        assert row.revoked_at is not None


# ---- lockout ------------------------------------------------------------------------------------


def _counting_checks(monkeypatch) -> list[int]:
    checked: list[int] = []
    lock = threading.Lock()
    real = accounts.verify_password

    def counted(password_hash, password):
        with lock:
            checked.append(1)
        return real(password_hash, password)

    monkeypatch.setattr(accounts, "verify_password", counted)
    return checked


def _attempt(password: str, device: str = "") -> str:
    try:
        with session_scope(commit_on=(LoginFailed,)) as s:
            accounts.login(session=s, username="staffer", password=password, device=device)
        return "ok"
    except LoginFailed as err:
        return err.reason


def test_twenty_parallel_wrong_passwords_check_exactly_five_then_lock(users, monkeypatch):
    checked = _counting_checks(monkeypatch)
    start = threading.Barrier(20)

    def go(_):
        start.wait()
        return _attempt("wrong-password")

    with ThreadPoolExecutor(max_workers=20) as pool:
        outcomes = list(pool.map(go, range(20)))
    assert len(checked) == 5, f"{len(checked)} passwords were checked"
    assert outcomes.count("locked") == 16 and outcomes.count("bad") == 4
    assert _attempt(PASSWORD) == "locked"  # locked: even the right password waits
    with session_scope() as s:
        user = s.exec(select(User).where(User.username == "staffer")).one()
        assert user.failed_logins == 5 and user.locked_until is not None


def test_a_stranger_locking_the_account_does_not_lock_out_its_owners_device(users, monkeypatch):
    owner = cookies.new_device_cookie()
    device = cookies.device_of(owner)
    assert device and cookies.device_of(owner[:-1] + "x") == ""  # only values this server signed
    assert _attempt(PASSWORD, device) == "ok"  # the owner's phone becomes a known device
    for _ in range(6):
        _attempt("guess-guess", device="")
    assert _attempt(PASSWORD, device="") == "locked"  # strangers: locked
    assert _attempt(PASSWORD, cookies.device_of(cookies.new_device_cookie())) == "locked"  # new phones too
    assert _attempt(PASSWORD, device) == "ok"  # the owner: still in
    # A known device has five checks of its own, and then it is locked as well.
    checked = _counting_checks(monkeypatch)
    outcomes = [_attempt("guess-guess", device) for _ in range(7)]
    assert outcomes == ["bad"] * 4 + ["locked"] * 3 and len(checked) == 5
