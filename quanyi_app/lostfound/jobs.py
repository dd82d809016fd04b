"""Lost and found's periodic work (registered with core.jobs in ``register``)."""

from __future__ import annotations

from quanyi_app.core.db import session_scope
from quanyi_app.lostfound.services import found

PURGE_EVERY_SECONDS = 6 * 3600


def purge_once() -> dict[str, int]:
    """Blank personal data that has passed its 90 days (claims, lost reports, handovers)."""
    with session_scope() as session:
        return found.purge_personal_data(session=session)
