"""Inspections' periodic work (registered with core.jobs in ``register``)."""

from __future__ import annotations

from quanyi_app.core import campustime
from quanyi_app.core.db import session_scope
from quanyi_app.inspections.services import runs

PLAN_EVERY_SECONDS = 6 * 3600


def plan_weekly_once() -> int:
    """Create the coming weeks' inspections of every weekly series (idempotent)."""
    with session_scope() as session:
        return runs.ensure_series(session=session, today=campustime.campus_today())
