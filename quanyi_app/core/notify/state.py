"""The workbench's notifications card: what waits, what is being retried, what failed."""

from __future__ import annotations

import reflex as rx

from quanyi_app.core import strings
from quanyi_app.core.accounts.session import SessionState
from quanyi_app.core.campustime import local_str
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import UserError
from quanyi_app.core.notify import services as notify
from quanyi_app.core.permissions import Perm


class OutboxState(SessionState):
    summary: str = ""
    failed: int = 0
    retrying: int = 0
    no_smtp: bool = False
    failures: list[str] = []
    outbox_message: str = ""
    error: str = ""

    def _permission(self) -> Perm:
        return Perm.OUTBOX_MANAGE

    def _reload(self, who) -> None:
        with session_scope() as session:
            st = notify.outbox_status(session=session, actor=who)
        self.summary = strings.OUTBOX_SUMMARY.format(waiting=st.waiting, retrying=st.retrying, failed=st.failed)
        self.failed, self.retrying, self.no_smtp = st.failed, st.retrying, not st.smtp_configured and st.waiting > 0
        self.failures = [
            strings.OUTBOX_FAILED_LINE.format(
                at=local_str(f.created_at),
                recipient=f.recipient,
                subject=f.subject,
                attempts=f.attempts,
                error=f.last_error[:120],
            )
            for f in st.recent_failures
        ]

    @rx.event
    def load(self):
        """On the workbench's load (the page's own guard has sent strangers to the login)."""
        try:
            self._reload(self._require(self._permission()))
        except UserError as err:
            self._refused(err.message)

    @rx.event
    def retry(self):
        self.outbox_message = ""
        try:
            who = self._require(self._permission())
            with session_scope() as session:
                n = notify.retry_failed(session=session, actor=who)
            self._reload(who)
        except UserError as err:
            self._refused(err.message)
            return
        notify.wake()
        self.outbox_message = strings.OUTBOX_RETRIED.format(n=n)
