"""Lending's periodic work: reminders, overdue notices, lost loans."""

from __future__ import annotations

from quanyi_app.core.db import session_scope
from quanyi_app.core.notify import services as notify
from quanyi_app.core.settings import get_settings
from quanyi_app.lending.services import loans

EVERY_SECONDS = 15 * 60


def follow_up_loans_once() -> dict[str, int]:
    with session_scope() as session:
        done = loans.follow_up(session=session, public_url=get_settings().public_url)
        done["purged"] = loans.purge_personal_data(session=session)
    if any(done.values()):
        notify.wake()
    return done
