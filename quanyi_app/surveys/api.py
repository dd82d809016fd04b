"""Surveys' routes under /api (staff): exports (CSV, XLSX), the report PDF, the QR poster."""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from quanyi_app.core.accounts import services as accounts
from quanyi_app.core.accounts.session import SESSION_COOKIE, as_int
from quanyi_app.core.api import text_response
from quanyi_app.core.campustime import parse_day
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import NotAuthenticated, PermissionDenied, UserError
from quanyi_app.core.settings import get_settings
from quanyi_app.surveys import routes, strings
from quanyi_app.surveys.services import documents, results

KINDS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
PDF = "application/pdf"


def _staff(build):
    async def endpoint(request: Request):
        def run():
            with session_scope() as session:
                who = accounts.authenticate(session=session, token=request.cookies.get(SESSION_COOKIE))
                return build(session, who, request)

        try:
            body, media_type, filename = await asyncio.to_thread(run)
        except NotAuthenticated as err:
            return text_response(err.message, 401)
        except PermissionDenied as err:
            return text_response(err.message, 403)
        except UserError as err:
            return text_response(err.message, 404)
        headers = {"Cache-Control": "private, no-store"}
        if filename:
            headers["Content-Disposition"] = f'attachment; filename="{filename}"'
        return Response(body, media_type=media_type, headers=headers)

    return endpoint


def _export(session, who, request: Request):
    kind = request.path_params["kind"]
    if kind not in KINDS:
        raise UserError(strings.EXPORT_KIND)
    q = request.query_params
    until = parse_day(q.get("until", ""))
    flt = results.Filter(
        since=parse_day(q.get("since", "")),
        until=until.replace(hour=23, minute=59, second=59) if until else None,
        link_id=as_int(q.get("link")),
    )
    head, rows = results.table(session=session, actor=who, survey_id=request.path_params["sid"], flt=flt)
    body = results.csv_bytes(head, rows) if kind == "csv" else results.xlsx_bytes("survey", head, rows)
    return body, KINDS[kind], f"survey-{request.path_params['sid']}.{kind}"


def _report(session, who, request: Request):
    body = documents.report_pdf(session=session, actor=who, survey_id=request.path_params["sid"])
    return body, PDF, ""


def _poster(session, who, request: Request):
    body = documents.poster_pdf(
        session=session,
        actor=who,
        survey_id=request.path_params["sid"],
        public_url=get_settings().public_url,
        link_id=as_int(request.query_params.get("link")),
    )
    return body, PDF, ""


ROUTES = [
    Route(routes.API_EXPORT, _staff(_export), methods=["GET"]),
    Route(routes.API_REPORT, _staff(_report), methods=["GET"]),
    Route(routes.API_POSTER, _staff(_poster), methods=["GET"]),
]
