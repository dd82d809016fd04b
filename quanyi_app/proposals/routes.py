"""The proposals feature's routes and URL builders. Site-wide routes are in core/routes.py."""

from __future__ import annotations

from quanyi_app.core.routes import join

PROPOSALS = "/proposals"
TRACK = "/t"
STORIES = "/stories"

SCAN = "/s"
STAFF_CASES = "/staff/cases"
STAFF_BOOK = "/staff/book"
STAFF_PROPOSALS = "/staff/proposals"
STAFF_QR = "/staff/qr"
STAFF_CATEGORIES = "/staff/categories"
STAFF_STORY_NEW = "/staff/stories/new"
API_QR = "/api/qr"
API_PROPOSALS = "/api/proposals"


def track_url(code) -> str:
    return join(TRACK, code)


def scan_path(code) -> str:
    return join(SCAN, code)


def story_url(story_id) -> str:
    return join(STORIES, story_id)


def case_url(case_id) -> str:
    return join(STAFF_CASES, case_id)


def proposal_url(proposal_id) -> str:
    return join(STAFF_PROPOSALS, proposal_id)


def letter_url(proposal_id) -> str:
    return join(API_PROPOSALS, proposal_id) + "/letter.pdf"


def qr_png_url(code: str) -> str:
    return f"{API_QR}/{code}.png"


def qr_sheet_url(*, building: str = "", labels: bool = False) -> str:
    query = [("layout", "labels")] if labels else []
    query += [("building", building)] if building else []
    return f"{API_QR}/sheet.pdf" + ("?" + "&".join(f"{k}={v}" for k, v in query) if query else "")
