"""The inspections figures for the staff workbench card."""

from __future__ import annotations

import reflex as rx

from quanyi_app.core.accounts.session import SessionState
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import UserError
from quanyi_app.core.permissions import Perm
from quanyi_app.inspections.services import runs


class InspectionFiguresState(SessionState):
    def _permission(self) -> Perm:
        return Perm.INSPECTION_RUN

    ins_week: str = "—"
    ins_open: str = "—"
    ins_overdue: str = "—"

    @rx.event
    def load(self):
        """On the workbench's load: the figures, for callers who run inspections (others see no card)."""
        try:
            who = self._require(self._permission())
        except UserError as err:
            self._refused(err.message)  # the workbench's own guard has already sent strangers to the login
            return
        with session_scope() as session:
            f = runs.figures(session=session, actor=who)
        self.ins_week = f"{f.week_done} / {f.week_planned}"
        self.ins_open, self.ins_overdue = str(f.rect_open), str(f.rect_overdue)
