"""Lost and found's routes under /api: a numbered publication as PDF or PNG."""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from quanyi_app.core.api import text_response
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import UserError
from quanyi_app.core.settings import get_settings
from quanyi_app.lostfound import routes, strings
from quanyi_app.lostfound.services import found
from quanyi_app.lostfound.services import publish as found_publish


async def publication_file(request: Request):
    """A numbered lost-and-found list as a PDF to print or a PNG to share (public content)."""
    number, kind = request.path_params["number"], request.path_params["kind"]
    if not number.isdigit() or kind not in ("pdf", "png"):
        return text_response(strings.PUB_NOT_FOUND, 404)

    def render() -> bytes:
        settings = get_settings()
        with session_scope() as session:
            if kind == "pdf":
                return found_publish.publication_pdf(
                    session=session, number=int(number), public_url=settings.public_url
                )
            return found_publish.publication_png(session=session, number=int(number), public_url=settings.public_url)

    try:
        body = await asyncio.to_thread(render)
    except UserError as err:
        return text_response(err.message, 404)
    media = "application/pdf" if kind == "pdf" else "image/png"
    return Response(
        body,
        media_type=media,
        headers={"Content-Disposition": f'inline; filename="found-{number}.{kind}"', "Cache-Control": "no-cache"},
    )


async def pickup_code(request: Request):
    """An approved claim's pickup code, for the holder of the claim's link. The claim page
    fetches it straight into the page, so the code never passes through (or stays in) state."""

    def look_up() -> str:
        with session_scope() as session:
            return found.claim_view(session=session, code=request.path_params["code"]).pickup_code

    try:
        code = await asyncio.to_thread(look_up)
    except UserError as err:
        return text_response(err.message, 404)
    if not code:
        return text_response(strings.FOUND_CLAIM_NO_CODE, 404)
    response = text_response(code, 200)
    response.headers["cache-control"] = "no-store"
    return response


ROUTES = [
    Route("/api/found/pub/{number}.{kind}", publication_file, methods=["GET"]),
    Route(routes.API_CLAIM_CODE + "/{code}", pickup_code, methods=["GET"]),
]
