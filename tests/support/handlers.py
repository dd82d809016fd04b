"""Helpers to call Reflex event handlers directly, as the websocket would."""

from __future__ import annotations

import inspect

import pytest
import reflex as rx

from quanyi_app.core.accounts import cookies
from quanyi_app.core.accounts import services as accounts
from quanyi_app.core.db import session_scope

PASSWORD = "correct horse battery"


def make_state(cls):
    """A fresh client's instance of state ``cls`` (with its parents), as Reflex builds it."""
    root = rx.State(_reflex_internal_init=True)
    return root.get_substate(cls.get_full_name().split(".")[1:])


# What each test client's connection carries: root state id -> {cookie name: value}. In the
# app these cookies arrive with the websocket handshake (cookies.with_private_cookies); a test
# calling handlers directly has no socket, so it says here what its connection would send.
_CONNECTIONS: dict[int, dict[str, str]] = {}


def sign_in(state, token: str | None) -> None:
    """Make ``state``'s client send the session cookie ``token`` ("" or None: no cookie)."""
    _CONNECTIONS.setdefault(id(state._get_root_state()), {})[cookies.SESSION_COOKIE] = token or ""


def use_device(state, device_cookie: str) -> None:
    """Make ``state``'s client send this device cookie value."""
    _CONNECTIONS.setdefault(id(state._get_root_state()), {})[cookies.DEVICE_COOKIE] = device_cookie


@pytest.fixture(autouse=True)
def _test_connections(monkeypatch):
    _CONNECTIONS.clear()
    monkeypatch.setattr(
        cookies,
        "connection_cookie",
        lambda state, name: _CONNECTIONS.get(id(state._get_root_state()), {}).get(name, ""),
    )
    yield
    _CONNECTIONS.clear()


async def run(handler, *args, **kwargs) -> list:
    """Call an event handler and collect whatever it returns or yields."""
    result = handler(*args, **kwargs)
    if inspect.isasyncgen(result):
        return [ev async for ev in result]
    if inspect.isawaitable(result):
        result = await result
    if result is None:
        return []
    return result if isinstance(result, list) else [result]


@pytest.fixture
def users(migrated):
    """An admin, a staff member, an inspector and an office contact; returns role -> token."""
    tokens = {}
    with session_scope() as session:
        accounts.create_user(
            session=session, actor=None, username="boss", display_name="部长", role="admin", password=PASSWORD
        )
        _, admin = accounts.login(session=session, username="boss", password=PASSWORD)
        for username, role in (("staffer", "staff"), ("checker", "inspector"), ("officer", "office")):
            accounts.create_user(
                session=session, actor=admin, username=username, display_name=username, role=role, password=PASSWORD
            )
        for username, role in (
            ("boss", "admin"),
            ("staffer", "staff"),
            ("checker", "inspector"),
            ("officer", "office"),
        ):
            tokens[role], _ = accounts.login(session=session, username=username, password=PASSWORD)
    return tokens


def assert_refused_on_load(events, who, cls) -> None:
    """A protected page's on_load refused: a stranger is sent to the login, a logged-in
    caller without the permission back to the workbench (with the refusal toast)."""
    text = " ".join(str(e) for e in events if e is not None)
    target = "/login" if who in (None, "", "forged") else "/staff"
    assert target in text, f"{cls.__name__} let {who or 'a stranger'} in: {events}"
    if target == "/staff":
        from quanyi_app.core import strings

        assert strings.PERMISSION_DENIED in text or strings.CASE_OUT_OF_SCOPE in text, events
