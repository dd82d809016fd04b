"""The login token and the role check every protected handler goes through."""

from __future__ import annotations

import asyncio
import functools
import json
import time
from urllib.parse import quote

import reflex as rx

from quanyi_app.core import permissions, routes, strings
from quanyi_app.core.accounts import cookies
from quanyi_app.core.accounts import services as accounts
from quanyi_app.core.accounts.services import Principal
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import NotAuthenticated, UserError
from quanyi_app.core.permissions import Perm

SESSION_COOKIE = cookies.SESSION_COOKIE
FORM_INPUT_RECHECK_SECONDS = 60


class Visitor(rx.State, mixin=True):
    """What any page's state may ask about the phone calling it, without being under
    :class:`SessionState`: its signed device cookie and (for a staff member passing by) its
    login cookie. Both come from the connection, never from a state var.

    Public pages' states mix this in and hang directly under Reflex's root state, so a
    student's visit loads and writes only the root and the page's own state (bench/README.md,
    "What one phone costs").
    """

    def _session_token(self) -> str:
        return cookies.connection_cookie(self, SESSION_COOKIE)

    def _device(self) -> str:
        """This phone's server-issued device id ("" when the browser sent no valid device cookie)."""
        return cookies.device_of(cookies.connection_cookie(self, cookies.DEVICE_COOKIE))


class SessionState(Visitor, rx.State):
    """Root of every state that needs to know who is calling.

    The login token is an HttpOnly cookie the server set at ``POST /api/login``
    (core/accounts/cookies.py). It is never a state var: each protected call reads it from the
    connection (:meth:`_session_token`) and checks it against the database, so only a real,
    unexpired, unrevoked token opens anything, and Reflex's state store never holds one.
    """

    user_display_name: str = ""
    user_role: str = ""  # shown as a label only; decisions use ``granted`` (core/permissions.py)
    user_role_label: str = ""
    granted: list[str] = []  # the caller's permissions, for pages to decide what to show
    auth_error: str = ""
    # Backend only: permission -> until when it was last verified (for form_input handlers).
    _verified_until: dict[str, float] = {}

    # ---- for handlers -------------------------------------------------------------------

    def _permission(self) -> Perm:
        """What it takes to use this page (protected states say; public ones never ask)."""
        raise NotImplementedError

    def _principal(self) -> Principal:
        with session_scope() as session:
            return accounts.authenticate(session=session, token=self._session_token())

    def _remember(self, who: Principal) -> None:
        self.user_display_name = who.display_name
        self.user_role = who.role
        self.user_role_label = strings.ROLE_LABELS.get(who.role, "")
        self.granted = sorted(p.value for p in permissions.permissions_of(who))

    def _require(self, permission: Perm, **scope) -> Principal:
        """The caller, if logged in and allowed ``permission`` (see core/permissions.py).

        Raises NotAuthenticated / PermissionDenied (Chinese messages) otherwise.
        """
        with session_scope() as session:
            who = accounts.require_permission(
                session=session, token=self._session_token(), permission=permission, **scope
            )
        self._remember(who)
        self._verified_until = {**self._verified_until, permission.value: time.time() + FORM_INPUT_RECHECK_SECONDS}
        return who

    def _may(self, permission: Perm) -> bool:
        """For handlers that only store the caller's own typing: whether the caller holds
        ``permission``, checked against the database at most once a minute. A refusal is
        shown through ``_refused``."""
        if self._verified_until.get(permission.value, 0.0) > time.time():
            return True
        try:
            self._require(permission)
        except UserError as err:
            self._refused(err.message)
            return False
        return True

    def _refused(self, message: str) -> None:
        """Show a refusal where the page shows its errors (``error``, else ``auth_error``)."""
        if "error" in self.base_vars:
            self.error = message
        else:
            self.auth_error = message

    def _forget_login(self) -> None:
        if not (self.user_display_name or self.user_role or self.granted or self._verified_until):
            return  # nobody was logged in: leave the state untouched (not rewritten to the store)
        self.user_display_name = ""
        self.user_role = self.user_role_label = ""
        self.granted = []
        self._verified_until = {}

    # ---- events -------------------------------------------------------------------------

    @rx.event
    def load_identity(self):
        """on_load of public pages: show who is logged in (if anybody); never redirects."""
        if not self._session_token():
            self._forget_login()
            return
        try:
            who = self._principal()
        except NotAuthenticated:
            self._forget_login()
            return
        self._remember(who)


# For pages: true while somebody is logged in (a frontend expression, not a computed var).
LOGGED_IN = SessionState.user_role != ""


def form_input(handler):
    """For a protected page's handlers that only store what the caller types or picks in their
    own form (no database, no records): they still need the page's permission, so a call from
    outside changes nothing. Checked at most once a minute (``SessionState._may``)."""

    @functools.wraps(handler)
    def guarded(self, *args, **kwargs):
        if not self._may(self._permission()):
            return None
        return handler(self, *args, **kwargs)

    return guarded


def allowed(permission: Perm):
    """For pages: a var that is true when the caller holds ``permission`` (to show or hide controls)."""
    return SessionState.granted.contains(permission.value)


def login_redirect(path: str):
    target = routes.LOGIN + "?next=" + quote(path, safe="/")
    return rx.redirect(target, replace=True)


def guard(state: SessionState, permission: Perm):
    """For on_load handlers of protected pages: the principal, or a redirect event."""
    try:
        return state._require(permission), None
    except NotAuthenticated as err:
        state._forget_login()
        state.auth_error = err.message
        return None, login_redirect(state.router.url.path or routes.STAFF)
    except UserError as err:
        return None, [rx.toast.error(err.message), rx.redirect(routes.STAFF, replace=True)]


async def to_thread(fn, /, *args, **kwargs):
    return await asyncio.to_thread(fn, *args, **kwargs)


HONEYPOT_FIELD = "website"


def honeypot_value(form: dict | None) -> str:
    """What a submitted form put into the honeypot field ("" from a person)."""
    return str((form or {}).get(HONEYPOT_FIELD, "") or "")


def form_text(form: dict | None, name: str, limit: int = 600) -> str:
    """A typed field of a submitted form, cut to ``limit`` ("" when absent)."""
    return str((form or {}).get(name, "") or "")[:limit]


def draft_sent(key: str):
    """Let the phone forget a sent form's draft and idempotency key (assets/draft.js)."""
    return rx.call_script(f"window.quanyiDraft && window.quanyiDraft.sent({json.dumps(key)})")


def as_int(value) -> int | None:
    """A form value as an id, or None when it is not a plain non-negative number."""
    return int(value) if str(value or "").strip().isdigit() else None


def route_tail(path: str) -> str:
    """The last segment of a path such as /t/<code> (dynamic routes carry their key there)."""
    return (path or "").rstrip("/").rsplit("/", 1)[-1]
