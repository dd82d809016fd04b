"""The events feature's plain pages (core/web): meetings and the commitment board
(``meetings.py``), events with places and a student's registration (``places.py``)."""

from __future__ import annotations

from quanyi_app.events.web import meetings, places
from quanyi_app.events.web.meetings import home_card

ROUTES = meetings.ROUTES + places.ROUTES

__all__ = ["ROUTES", "home_card"]
