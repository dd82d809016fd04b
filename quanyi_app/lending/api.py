"""Lending's routes under /api: the print sheets (desk staff of the point)."""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from quanyi_app.core.accounts import services as accounts
from quanyi_app.core.accounts.session import SESSION_COOKIE, as_int
from quanyi_app.core.api import text_response
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import NotAuthenticated, PermissionDenied, UserError
from quanyi_app.core.settings import get_settings
from quanyi_app.lending import routes
from quanyi_app.lending.services import labels


def _sheet(render):
    async def endpoint(request: Request):
        point_id = as_int(request.query_params.get("point"))

        def run() -> bytes:
            with session_scope() as session:
                who = accounts.authenticate(session=session, token=request.cookies.get(SESSION_COOKIE))
                return render(session=session, actor=who, point_id=point_id, public_url=get_settings().public_url)

        try:
            body = await asyncio.to_thread(run)
        except NotAuthenticated as err:
            return text_response(err.message, 401)
        except PermissionDenied as err:
            return text_response(err.message, 403)
        except UserError as err:
            return text_response(err.message, 404)
        return Response(body, media_type="application/pdf", headers={"Cache-Control": "private, no-store"})

    return endpoint


ROUTES = [
    Route(routes.API_LABELS, _sheet(labels.umbrella_labels_pdf), methods=["GET"]),
    Route(routes.API_RETURN_SIGN, _sheet(labels.return_qr_pdf), methods=["GET"]),
]
