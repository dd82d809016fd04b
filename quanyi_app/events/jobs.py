"""Events' periodic work: give the places of events whose registration closed, pass on offers
not confirmed in time, remind those holding a place the day before, and blank registrations'
personal data 90 days after their event."""

from __future__ import annotations

from quanyi_app.core.db import session_scope
from quanyi_app.core.notify import services as notify
from quanyi_app.core.settings import get_settings
from quanyi_app.events.services import places

EVERY_SECONDS = 60


def follow_up_events_once() -> dict[str, int]:
    url = get_settings().public_url
    with session_scope() as session:
        done = {
            "drawn": places.draw_due(session=session, public_url=url),
            "lapsed": places.lapse_offers(session=session, public_url=url),
            "reminded": places.remind_upcoming(session=session, public_url=url),
            "purged": places.purge_personal_data(session=session),
        }
    if done["drawn"] or done["lapsed"] or done["reminded"]:
        notify.wake()
    return done


def purge_once() -> int:
    """Blank registrations' personal data 90 days after their event (also done every minute)."""
    with session_scope() as session:
        return places.purge_personal_data(session=session)
