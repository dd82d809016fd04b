"""Login page state. The form itself posts to ``/api/login`` (web.py), which sets the cookie:
this state only says why the visitor is here and skips the form for someone already in."""

from __future__ import annotations

import reflex as rx

from quanyi_app.core.accounts import landing, web
from quanyi_app.core.accounts.session import SessionState
from quanyi_app.core.errors import NotAuthenticated


class LoginState(SessionState):
    error: str = ""
    notice: str = ""
    next_path: str = ""  # where to go after logging in (a local path, or "" for one's own work)
    username: str = ""  # kept after a wrong password so it need not be typed again (never the password)

    @rx.event
    def open_page(self):
        """on_load: say why the visitor landed here; skip the form when already logged in."""
        query = self.router.url.query_parameters
        self.next_path = web.safe_next(query.get("next", ""))
        self.username = str(query.get("u", ""))[:64]
        reason = str(query.get("e", ""))
        said = web.message_for(reason, str(query.get("left", "")))
        self.notice = said if reason == "out" else ""
        self.error = (said if reason != "out" else "") or self.auth_error
        self.auth_error = ""
        if not self._session_token():
            return
        try:
            who = self._principal()
        except NotAuthenticated:
            self._forget_login()
            return
        self._remember(who)
        return rx.redirect(self.next_path or landing.landing_for(who), replace=True)
