"""The one action helper every staff page uses: guard on load, then for each action
guard → service → reload → message.

``StaffListPage`` lists records and edits them in place (QR points, categories, the desk …);
``StaffRecord`` is one record from the URL (a meeting, an event, a survey); ``StaffDetail`` one
that can attach photos too (a case, a proposal, a found item). Each page names the permission it
needs (core/permissions.py); the service it calls checks again, with the record's scope.
"""

from __future__ import annotations

import reflex as rx

from quanyi_app.core.accounts.session import as_int, guard, route_tail
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import UserError
from quanyi_app.core.notify import services as notify
from quanyi_app.core.permissions import Perm
from quanyi_app.core.photos.state import PhotoDraft
from quanyi_app.core.settings import get_settings

_FAILED = object()


class StaffListPage(rx.State, mixin=True):
    """Mixed into a page's state together with SessionState (mixins keep every handler bound to
    the page's own state)."""

    error: str = ""
    message: str = ""

    # ---- for subclasses -----------------------------------------------------------------

    def _permission(self) -> Perm:
        """What it takes to open the page and act on it."""
        raise NotImplementedError

    def _reload(self) -> None:
        """Read what the page shows (through services)."""
        raise NotImplementedError

    def _fill_lists(self, who) -> None:
        """Reference lists the page's forms need (after the guard)."""

    def _on_open(self, who) -> None:
        """Anything else the page prepares for this caller when it opens (after the lists)."""

    def _not_loaded(self, err: UserError) -> None:
        self.error = err.message

    # ---- the helper -----------------------------------------------------------------------

    def _open(self, id_attr: str | None = None):
        """on_load: the guard (a redirect for strangers), lists, the record id from the URL, the data."""
        who, redirect = guard(self, self._permission())
        if redirect is not None:
            return redirect
        self.error = self.message = ""
        self._fill_lists(who)
        self._on_open(who)
        if id_attr:
            setattr(self, id_attr, as_int(route_tail(self.router.url.path)) or 0)
        try:
            self._reload()
        except UserError as err:
            self._not_loaded(err)
        return None

    def _refresh(self) -> None:
        """Reload (after a filter or choice changed); a refused caller gets the message instead."""
        self.error = ""
        try:
            self._reload()
        except UserError as err:
            self.error = err.message

    def _run(self, fn, done, clear: tuple[str, ...] = ()):
        """Guard → ``fn(session, who, public_url)`` as one unit of work → reload → message.
        ``done`` is the message, or a function of the service's result that makes it.
        Returns the service's result, or ``_FAILED`` after showing the refusal."""
        self.error = self.message = ""
        try:
            who = self._require(self._permission())
            with session_scope() as session:
                result = fn(session, who, get_settings().public_url)
            self._reload()
        except UserError as err:
            self.error = err.message
            return _FAILED
        for name in clear:
            setattr(self, name, "")
        self.message = done(result) if callable(done) else done
        notify.wake()  # whatever the action queued in the outbox goes out now
        return result

    def _act(self, fn, done, clear: tuple[str, ...] = ()):
        """:meth:`_run`; the service's result, or None when refused."""
        result = self._run(fn, done, clear)
        return None if result is _FAILED else result

    def _edit(self, fn, done) -> bool:
        """:meth:`_run` for ``fn(session, who)``; False when refused."""
        return self._run(lambda session, who, _url: fn(session, who), done) is not _FAILED


class StaffRecord(StaffListPage, mixin=True):
    """A staff page about one record: load it, run actions on it, say what happened (``found``
    is false, and the refusal shown, when it cannot be loaded)."""

    found: bool = False

    def _load(self) -> None:
        raise NotImplementedError

    def _reload(self) -> None:
        self._load()

    def _not_loaded(self, err: UserError) -> None:
        self.found = False
        self.error = err.message


class StaffDetail(PhotoDraft, StaffRecord, mixin=True):
    """A staff page about one record that can attach photos."""

    def _photo_uploader(self) -> int | None:  # overrides PhotoDraft's anonymous uploader
        return self._require(self._permission()).user_id
