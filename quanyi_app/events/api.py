"""The events feature's routes under /api: a meeting's minutes PDF (public once published), its
poster and image to share (staff); the duty room's slip for a walk-in (staff)."""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from quanyi_app.core.api import File, staff_file, text_response
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import UserError
from quanyi_app.core.settings import get_settings
from quanyi_app.events import routes
from quanyi_app.events.services import documents, duty

PDF = "application/pdf"


async def minutes(request: Request):
    mid = request.path_params["mid"]

    def build() -> bytes:
        with session_scope() as session:
            meeting_id, version = documents.minutes_version(session=session, meeting_id=mid)
        return documents.minutes_pdf(meeting_id, version, get_settings().public_url)

    try:
        body = await asyncio.to_thread(build)
    except UserError as err:
        return text_response(err.message, 404)
    return Response(body, media_type=PDF, headers={"Cache-Control": "public, max-age=60"})


def _for_staff(render, media_type: str, param: str = "mid", keyword: str = "meeting_id"):
    return staff_file(
        lambda session, who, request: File(
            render(
                session=session,
                actor=who,
                public_url=get_settings().public_url,
                **{keyword: request.path_params[param]},
            ),
            media_type,
        )
    )


ROUTES = [
    Route(routes.API_MINUTES, minutes, methods=["GET"]),
    Route(routes.API_POSTER, _for_staff(documents.poster_pdf, PDF), methods=["GET"]),
    Route(routes.API_SHARE, _for_staff(documents.share_png, "image/png"), methods=["GET"]),
    Route(routes.API_SLIP, _for_staff(duty.slip_pdf, PDF, param="code", keyword="code"), methods=["GET"]),
]
