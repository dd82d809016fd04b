"""Login page state."""

from __future__ import annotations

import reflex as rx

from quanyi_app.core import routes
from quanyi_app.core.accounts import services as accounts
from quanyi_app.core.accounts.session import SessionState, to_thread
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import LoginFailed


def _safe_next(target: str) -> str:
    """Only local paths: never redirect a login to another site."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return routes.STAFF


def _login(username: str, password: str):
    # A refused login is an outcome to keep: its count towards the lockout is committed.
    with session_scope(commit_on=(LoginFailed,)) as session:
        return accounts.login(session=session, username=username, password=password)


class LoginState(SessionState):
    username: str = ""
    password: str = ""
    error: str = ""
    busy: bool = False

    @rx.event
    def set_username(self, value: str):
        self.username = value[:64]

    @rx.event
    def set_password(self, value: str):
        self.password = value[:256]

    @rx.event
    def open_page(self):
        """on_load: say why the visitor landed here; skip the form when already logged in."""
        self.error = self.auth_error
        self.auth_error = ""
        self.password = ""
        if self.auth_token:
            try:
                self._principal()
            except Exception:
                self._forget_login()
                return
            return rx.redirect(_safe_next(self.router.url.query_parameters.get("next", "")), replace=True)

    @rx.event
    async def submit(self, form_data: dict | None = None):
        if self.busy:
            return
        form_data = form_data or {}
        username = str(form_data.get("username", self.username) or "").strip()
        password = str(form_data.get("password", self.password) or "")
        self.busy = True
        self.error = ""
        yield
        try:
            token, who = await to_thread(_login, username, password)
        except LoginFailed as err:
            self.error = err.message
            self.password = ""
            return
        finally:
            self.busy = False
        self.auth_token = token
        self._remember(who)
        self.username = ""
        self.password = ""
        yield rx.redirect(_safe_next(self.router.url.query_parameters.get("next", "")), replace=True)
