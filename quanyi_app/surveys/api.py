"""Surveys' routes under /api (staff): exports (CSV, XLSX), the report PDF, the QR poster."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from quanyi_app.core.accounts.session import as_int
from quanyi_app.core.api import File, staff_file
from quanyi_app.core.campustime import parse_day
from quanyi_app.core.errors import UserError
from quanyi_app.core.settings import get_settings
from quanyi_app.surveys import routes, strings
from quanyi_app.surveys.services import documents, results

KINDS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


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
    return File(body, KINDS[kind], f"survey-{request.path_params['sid']}.{kind}")


def _report(session, who, request: Request):
    return File(documents.report_pdf(session=session, actor=who, survey_id=request.path_params["sid"]))


def _poster(session, who, request: Request):
    return File(
        documents.poster_pdf(
            session=session,
            actor=who,
            survey_id=request.path_params["sid"],
            public_url=get_settings().public_url,
            link_id=as_int(request.query_params.get("link")),
        )
    )


ROUTES = [
    Route(routes.API_EXPORT, staff_file(_export), methods=["GET"]),
    Route(routes.API_REPORT, staff_file(_report), methods=["GET"]),
    Route(routes.API_POSTER, staff_file(_poster), methods=["GET"]),
]
