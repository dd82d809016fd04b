"""The lending feature's routes and URL builders."""

from __future__ import annotations

from quanyi_app.core.routes import join

UMBRELLA = "/umbrella"  # public: availability per point
BORROW = "/umbrella/u"  # an umbrella's QR label: /umbrella/u/<code>
LOAN = "/umbrella/loan"  # the borrower's own link
RETURN_POINT = "/umbrella/p"  # a point's QR, scanned to return there
STAFF_LENDING = "/staff/umbrellas"


def borrow_url(code) -> str:
    return join(BORROW, code)


def loan_url(code) -> str:
    return join(LOAN, code)


def return_point_url(code) -> str:
    return join(RETURN_POINT, code)


API_LABELS = "/api/umbrellas/labels.pdf"  # ?point=<id>
API_RETURN_SIGN = "/api/umbrellas/return-sign.pdf"  # ?point=<id>
