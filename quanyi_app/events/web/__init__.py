"""The events feature's plain pages (core/web): meetings and the commitment board
(``meetings.py``), events with places and a student's registration (``places.py``), the duty
room (``duty.py``)."""

from __future__ import annotations

from quanyi_app.events.web import duty, meetings, places
from quanyi_app.events.web.duty import home_card as duty_card
from quanyi_app.events.web.meetings import home_card

ROUTES = meetings.ROUTES + places.ROUTES + duty.ROUTES

__all__ = ["ROUTES", "duty_card", "home_card"]
