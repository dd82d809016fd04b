"""Proposals' routes under /api: QR images, printable QR sheets, the proposal letter."""

from __future__ import annotations

import asyncio
import re

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from quanyi_app.core.accounts import services as accounts
from quanyi_app.core.accounts.session import SESSION_COOKIE
from quanyi_app.core.api import text_response
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import NotAuthenticated, PermissionDenied, UserError
from quanyi_app.core.permissions import Perm
from quanyi_app.core.settings import get_settings
from quanyi_app.proposals import strings
from quanyi_app.proposals.services import letters, qr, qrsheets

QR_NAME = re.compile(r"^(?P<code>[0-9a-z]{6,16})\.png$")


async def qr_png(request: Request):
    """The QR image of an active code (it is printed publicly anyway)."""
    match = QR_NAME.match(request.path_params["name"])
    if not match:
        return text_response(strings.QR_UNKNOWN, 404)
    with session_scope() as session:
        found = qr.list_points(session=session, code=match["code"])
    if not found:
        return text_response(strings.QR_UNKNOWN, 404)
    png = qr.qr_png(qr.scan_url(get_settings().public_url, found[0].code))
    return Response(png, media_type="image/png", headers={"Cache-Control": "public, max-age=86400"})


def _int_list(raw: str) -> list[int]:
    return [int(x) for x in raw.split(",") if x.strip().isdigit()]


async def qr_sheet(request: Request):
    """Printable A4 PDF for chosen points, one building, or all points (staff only)."""
    params = request.query_params
    with session_scope() as session:
        try:
            accounts.require_permission(
                session=session, token=request.cookies.get(SESSION_COOKIE), permission=Perm.QR_MANAGE
            )
        except UserError as err:
            return text_response(err.message, 403)
        building = params.get("building", "")
        points = qr.list_points(
            session=session,
            building_id=int(building) if building.isdigit() else None,
            point_ids=_int_list(params["points"]) if params.get("points") else None,
        )
    layout = "labels" if params.get("layout") == "labels" else "insert"
    try:
        pdf = await asyncio.to_thread(qrsheets.qr_sheet_pdf, points, get_settings().public_url, layout=layout)
    except UserError as err:
        return text_response(err.message, 400)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": 'inline; filename="quanyi-qr.pdf"', "Cache-Control": "no-store"},
    )


async def proposal_letter(request: Request):
    """The proposal as a formal PDF letter (staff only)."""
    raw = request.path_params["pid"]
    if not raw.isdigit():
        return text_response(strings.PROPOSAL_NOT_FOUND, 404)

    def render() -> bytes:
        with session_scope() as session:
            who = accounts.authenticate(session=session, token=request.cookies.get(SESSION_COOKIE))
            return letters.proposal_letter_pdf(session=session, actor=who, proposal_id=int(raw))

    try:
        pdf = await asyncio.to_thread(render)
    except UserError as err:
        status = 403 if isinstance(err, (NotAuthenticated, PermissionDenied)) else 404
        return text_response(err.message, status)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="proposal-{raw}.pdf"', "Cache-Control": "no-store"},
    )


ROUTES = [
    Route("/api/proposals/{pid}/letter.pdf", proposal_letter, methods=["GET"]),
    Route("/api/qr/sheet.pdf", qr_sheet, methods=["GET"]),
    Route("/api/qr/{name}", qr_png, methods=["GET"]),
]
