"""The lostfound feature's routes and URL builders. Site-wide routes are in core/routes.py."""

from __future__ import annotations

from quanyi_app.core.routes import join

FOUND = "/found"

FOUND_ITEM = "/found/item"
FOUND_CLAIM = "/found/claim"
FOUND_CARD = "/found/card"
FOUND_PUB = "/found/pub"
LOST = "/lost"
STAFF_FOUND = "/staff/found"
STAFF_FOUND_ITEM = "/staff/found/item"
STAFF_FOUND_NEW = "/staff/found/new"
STAFF_LOST = "/staff/lost"
STAFF_FOUND_PUBS = "/staff/found/pubs"
STAFF_PICKUP = "/staff/pickup-points"
API_FOUND_PUB = "/api/found/pub"
API_CLAIM_CODE = "/api/found/pickup-code"


def found_item_url(item_id) -> str:
    return join(FOUND_ITEM, item_id)


def claim_url(code) -> str:
    return join(FOUND_CLAIM, code)


def lost_report_url(code) -> str:
    return join(LOST, code)


def publication_url(number) -> str:
    return join(FOUND_PUB, number)


def publication_file_url(number, kind: str) -> str:
    return f"{API_FOUND_PUB}/{number}.{kind}"


def desk_item_url(item_id) -> str:
    return join(STAFF_FOUND_ITEM, item_id)


def pickup_code_url(code) -> str:
    return join(API_CLAIM_CODE, code)
