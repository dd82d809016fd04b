"""The events feature's routes and URL builders."""

from __future__ import annotations

from quanyi_app.core.routes import join

MEETINGS = "/meetings"  # public: upcoming and past meetings
COMMITMENTS = "/commitments"  # public: the board
STAFF_MEETINGS = "/staff/meetings"
STAFF_COMMITMENTS = "/staff/commitments"


def meeting_url(meeting_id) -> str:
    return join(MEETINGS, meeting_id)


def staff_meeting_url(meeting_id) -> str:
    return join(STAFF_MEETINGS, meeting_id)


def board_url(*, office_id: int | None = None, meeting_id: int | None = None) -> str:
    query = "&".join(f"{k}={v}" for k, v in (("office", office_id), ("meeting", meeting_id)) if v)
    return f"{COMMITMENTS}?{query}" if query else COMMITMENTS


API_MINUTES = "/api/meetings/{mid:int}/minutes.pdf"  # public once the minutes are
API_POSTER = "/api/meetings/{mid:int}/poster.pdf"  # staff
API_SHARE = "/api/meetings/{mid:int}/share.png"  # staff


def minutes_pdf_url(meeting_id) -> str:
    return f"/api/meetings/{meeting_id}/minutes.pdf"


def poster_url(meeting_id) -> str:
    return f"/api/meetings/{meeting_id}/poster.pdf"


def share_url(meeting_id) -> str:
    return f"/api/meetings/{meeting_id}/share.png"


EVENTS = "/events"  # public: open days and other events with places
REGISTRATION = "/events/r"  # a student's own registration: /events/r/<code>
STAFF_EVENTS = "/staff/events"


def event_url(event_id) -> str:
    return join(EVENTS, event_id)


def registration_url(code) -> str:
    return join(REGISTRATION, code)


def staff_event_url(event_id) -> str:
    return join(STAFF_EVENTS, event_id)


DUTY = "/duty"  # public: the duty room's hours, open now or next
STAFF_DUTY = "/staff/duty"
API_SLIP = "/api/duty/slip/{code}.pdf"  # staff: the walk-in's slip


def slip_url(code) -> str:
    return f"/api/duty/slip/{code}.pdf"
