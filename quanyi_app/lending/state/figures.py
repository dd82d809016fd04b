"""The umbrella figures card on the staff workbench."""

from __future__ import annotations

import dataclasses

import reflex as rx

from quanyi_app.core.accounts.session import SessionState
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import UserError
from quanyi_app.core.permissions import Perm
from quanyi_app.lending import strings
from quanyi_app.lending.services import loans


@dataclasses.dataclass
class Bar:
    label: str = ""
    value: str = ""
    width: str = "0%"


class LendingFiguresState(SessionState):
    def _permission(self) -> Perm:
        return Perm.LENDING_DESK

    weeks: list[Bar] = []
    per_point: list[Bar] = []
    median: str = "—"
    loss: str = "—"

    @rx.event
    def load(self):
        try:
            who = self._require(self._permission())
        except UserError as err:
            self._refused(err.message)
            return
        with session_scope() as session:
            f = loans.figures(session=session, actor=who)

        def bars(pairs):
            top = max([n for _, n in pairs] or [0]) or 1
            return [Bar(label, str(n), f"{round(100 * n / top)}%") for label, n in pairs]

        self.weeks, self.per_point = bars(f.weeks), bars(f.per_point[:5])
        self.median = strings.FIG_HOURS.format(h=f"{f.median_hours:g}") if f.median_hours is not None else "—"
        self.loss = f"{f.loss_rate * 100:.1f}%" if f.loss_rate is not None else "—"
