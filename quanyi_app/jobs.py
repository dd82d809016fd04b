"""Background jobs run for as long as the app runs (registered as a Reflex lifespan task)."""

from __future__ import annotations

import asyncio
import logging

from quanyi_app.db import session_scope
from quanyi_app.services import inspections, lostfound

log = logging.getLogger("quanyi.jobs")
PURGE_EVERY_SECONDS = 6 * 3600


def purge_once() -> dict[str, int]:
    """Blank personal data that has passed its 90 days (claims, lost reports, handovers)."""
    with session_scope() as session:
        return lostfound.purge_personal_data(session=session)


def plan_weekly_once() -> int:
    """Create the coming weeks' inspections of every weekly series (idempotent)."""
    with session_scope() as session:
        return inspections.ensure_series(session=session, today=inspections.campus_today())


async def housekeeping() -> None:
    """At start-up and then every six hours: purge personal data, plan weekly inspections.
    Failures are logged and retried next time."""
    while True:
        for name, job in (("purging personal data", purge_once), ("planning weekly inspections", plan_weekly_once)):
            try:
                result = await asyncio.to_thread(job)
                if result and (not isinstance(result, dict) or any(result.values())):
                    log.info("%s: %s", name, result)
            except Exception:  # never let housekeeping take the app down
                log.exception("%s failed", name)
        await asyncio.sleep(PURGE_EVERY_SECONDS)
