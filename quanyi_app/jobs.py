"""Background jobs run for as long as the app runs (registered as a Reflex lifespan task)."""

from __future__ import annotations

import asyncio
import logging

from quanyi_app.db import session_scope
from quanyi_app.services import lostfound

log = logging.getLogger("quanyi.jobs")
PURGE_EVERY_SECONDS = 6 * 3600


def purge_once() -> dict[str, int]:
    """Blank personal data that has passed its 90 days (claims, lost reports, handovers)."""
    with session_scope() as session:
        return lostfound.purge_personal_data(session=session)


async def housekeeping() -> None:
    """Purge at start-up and then every six hours; failures are logged and retried later."""
    while True:
        try:
            counts = await asyncio.to_thread(purge_once)
            if any(counts.values()):
                log.info("purged personal data: %s", counts)
        except Exception:  # never let housekeeping take the app down
            log.exception("purging personal data failed")
        await asyncio.sleep(PURGE_EVERY_SECONDS)
