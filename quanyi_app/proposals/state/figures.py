"""Public figures (home page) and the staff dashboard's figures."""

from __future__ import annotations

import asyncio
import dataclasses

import reflex as rx

from quanyi_app.core.db import session_scope
from quanyi_app.proposals.services import figures


@dataclasses.dataclass
class FigureRow:
    name: str = ""
    collected: str = ""
    handled_rate: str = ""
    satisfaction: str = ""


def _fmt(value, suffix: str = "") -> str:
    return "—" if value is None else f"{value}{suffix}"


class FiguresState(rx.State):
    """Aggregates only: no case text or personal data, so safe for the public page."""

    collected: str = "—"
    handled: str = "—"
    handled_rate: str = "—"
    median_hours: str = "—"
    satisfaction: str = "—"
    satisfied_pct: str = "—"
    by_category: list[FigureRow] = []
    by_month: list[FigureRow] = []

    @rx.event
    async def load(self):
        def work() -> dict:
            with session_scope() as session:
                return figures.compute_cached(session=session)

        data = await asyncio.to_thread(work)
        t = data["total"]
        self.collected = str(t["collected"])
        self.handled = str(t["handled"])
        self.handled_rate = _fmt(t["handled_rate"], "%")
        self.median_hours = _fmt(t["median_response_hours"])
        self.satisfaction = _fmt(t["satisfaction"])
        self.satisfied_pct = _fmt(t["satisfied_pct"], "%")

        def row(r, key):
            return FigureRow(
                name=r[key],
                collected=str(r["collected"]),
                handled_rate=f"{r['handled_rate']}%",
                satisfaction=_fmt(r["satisfaction"]),
            )

        self.by_category = [row(r, "category") for r in data["by_category"]]
        self.by_month = [row(r, "month") for r in data["by_month"][-12:]]
