"""Base for staff pages that list records and edit them in place (QR points, categories)."""

from __future__ import annotations

from quanyi_app.core.db import session_scope
from quanyi_app.core.accounts.models import Role
from quanyi_app.core.errors import UserError
from quanyi_app.core.accounts.session import SessionState, guard

STAFF = (Role.staff.value,)


class StaffListPage(SessionState):
    error: str = ""
    message: str = ""

    def _reload(self) -> None:
        raise NotImplementedError

    def _roles(self) -> tuple[str, ...]:
        """Who may open and edit the page (admins always may); () means admins only."""
        return STAFF

    def _open(self):
        """on_load: staff only; then the list."""
        _, redirect = guard(self, *self._roles())
        if redirect is not None:
            return redirect
        self.error = self.message = ""
        self._reload()
        return None

    def _refresh(self) -> None:
        """Reload (after a filter or choice changed); a refused caller gets the message instead."""
        self.error = ""
        try:
            self._reload()
        except UserError as err:
            self.error = err.message

    def _edit(self, fn, done: str) -> bool:
        """Run ``fn(session, who)`` for a staff caller, reload, report; False on refusal."""
        self.error = self.message = ""
        try:
            who = self._require(*self._roles())
            with session_scope() as session:
                fn(session, who)
            self._reload()
        except UserError as err:
            self.error = err.message
            return False
        self.message = done
        return True
