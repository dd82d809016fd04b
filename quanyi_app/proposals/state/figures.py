"""Public figures (home page) and the staff dashboard's figures."""

from __future__ import annotations

import asyncio
import dataclasses

import reflex as rx

from quanyi_app.core.db import session_scope
from quanyi_app.proposals.services import figures
from quanyi_app.proposals.services.figures import FigureRow


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
        def work() -> figures.PublicFigures:
            with session_scope() as session:
                return figures.public_figures(session=session)

        shown = await asyncio.to_thread(work)
        for f in dataclasses.fields(shown):
            setattr(self, f.name, getattr(shown, f.name))
