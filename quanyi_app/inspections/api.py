"""HTTP endpoints of the inspection run page: ticks, photos, submission, record sheet, export.

The run page talks to these with ``fetch`` rather than through the websocket: a phone that
loses signal keeps its ticks in localStorage and posts them again when it is back, and a
plain request is easy to retry and to measure. Every endpoint checks the login cookie and
the caller's right to the inspection (services/inspections.py); POSTs also need the
``X-Quanyi`` header, which a cross-site form cannot send.
"""

from __future__ import annotations

import asyncio
import json
from datetime import date

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from quanyi_app.core import strings as shared
from quanyi_app.core.accounts import services as accounts
from quanyi_app.core.accounts.services import Principal
from quanyi_app.core.accounts.session import SESSION_COOKIE
from quanyi_app.core.campustime import parse_day
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import NotAuthenticated, PermissionDenied, UserError
from quanyi_app.core.permissions import Perm
from quanyi_app.core.photos import services as photos
from quanyi_app.inspections import routes, strings
from quanyi_app.inspections.services import runs as ins

CSRF_HEADER = "x-quanyi"
MAX_BODY = 256 * 1024


def _error(err: UserError) -> JSONResponse:
    if isinstance(err, NotAuthenticated):
        status = 401
    elif isinstance(err, PermissionDenied):
        status = 403
    elif err.message in (strings.INS_ALREADY_SUBMITTED, strings.INS_CANCELLED):
        status = 409
    else:
        status = 400
    return JSONResponse(
        {"error": err.message, "closed": status == 409}, status_code=status, headers={"Cache-Control": "no-store"}
    )


def _bad(message: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers={"Cache-Control": "no-store"})


def _inspection_id(request: Request) -> int | None:
    raw = request.path_params.get("iid", "")
    return int(raw) if raw.isdigit() else None


def _gate(request: Request, permission: Perm = Perm.INSPECTION_RUN) -> tuple[Principal | None, JSONResponse | None]:
    """The caller, if allowed ``permission``, decided before anything about the request is read
    (the inspection's own assignment is checked again by the service); else the refusal."""
    try:
        with session_scope() as session:
            who = accounts.require_permission(
                session=session, token=request.cookies.get(SESSION_COOKIE), permission=permission
            )
    except UserError as err:
        return None, _error(err)
    return who, None


def _checked_post(request: Request) -> tuple[Principal | None, JSONResponse | None]:
    if request.headers.get(CSRF_HEADER) != "1":
        return None, _bad(strings.INS_TICK_INVALID, 403)
    return _gate(request)


async def ticks(request: Request) -> JSONResponse:
    """Save a batch of ticks: ``{"ticks": [{"item", "ts", "result"?, "note"?}, ...]}``."""
    who, refused = _checked_post(request)
    iid = _inspection_id(request)
    if refused is not None or iid is None:
        return refused or _bad(strings.INS_NOT_FOUND, 404)
    body = await request.body()
    try:
        if len(body) > MAX_BODY:
            raise UserError(strings.INS_TICK_TOO_MANY)
        try:
            payload = json.loads(body)
        except ValueError:
            raise UserError(strings.INS_TICK_INVALID) from None
        batch = ins.parse_ticks(payload.get("ticks") if isinstance(payload, dict) else None)

        def save() -> list[int]:
            with session_scope() as session:
                return ins.apply_ticks(session=session, actor=who, inspection_id=iid, ticks=batch)

        saved = await asyncio.to_thread(save)
    except UserError as err:
        return _error(err)
    return JSONResponse({"saved": saved}, headers={"Cache-Control": "no-store"})


async def photo_upload(request: Request) -> JSONResponse:
    """One camera photo for one item, through the shared pipeline (metadata stripped)."""
    who, refused = _checked_post(request)
    iid = _inspection_id(request)
    raw_item = request.query_params.get("item", "")
    if refused is not None or iid is None or not raw_item.isdigit():
        return refused or _bad(strings.INS_ITEM_NOT_IN_RUN)
    item_id = int(raw_item)
    try:
        with session_scope() as session:
            ins.check_photo_room(session=session, actor=who, inspection_id=iid, item_id=item_id, adding=1)
        form = await request.form(max_files=1, max_fields=2)
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise UserError(shared.PHOTO_EMPTY)
        data = await upload.read(photos.MAX_BYTES + 1)
        photos.check_size(len(data))
        stored = await photos.store_photo_async(data, uploaded_by_id=who.user_id)

        def attach() -> None:
            with session_scope() as session:
                ins.add_photo(session=session, actor=who, inspection_id=iid, item_id=item_id, photo_id=stored.id)

        await asyncio.to_thread(attach)
    except UserError as err:
        return _error(err)
    return JSONResponse(
        {
            "photo": stored.id,
            "thumb": photos.view_url(stored.sha256, viewer_id=who.user_id, thumb=True),
            "full": photos.view_url(stored.sha256, viewer_id=who.user_id),
        },
        headers={"Cache-Control": "no-store"},
    )


async def photo_remove(request: Request) -> JSONResponse:
    who, refused = _checked_post(request)
    iid = _inspection_id(request)
    raw_item, raw_photo = request.query_params.get("item", ""), request.query_params.get("photo", "")
    if refused is not None or iid is None or not raw_item.isdigit() or not raw_photo.isdigit():
        return refused or _bad(strings.INS_ITEM_NOT_IN_RUN)
    try:
        with session_scope() as session:
            ins.remove_photo(
                session=session,
                actor=who,
                inspection_id=iid,
                item_id=int(raw_item),
                photo_id=int(raw_photo),
            )
    except UserError as err:
        return _error(err)
    return JSONResponse({"removed": int(raw_photo)}, headers={"Cache-Control": "no-store"})


async def submit(request: Request) -> JSONResponse:
    who, refused = _checked_post(request)
    iid = _inspection_id(request)
    if refused is not None or iid is None:
        return refused or _bad(strings.INS_NOT_FOUND, 404)

    def run() -> ins.Summary:
        with session_scope() as session:
            return ins.submit(session=session, actor=who, inspection_id=iid)

    try:
        s = await asyncio.to_thread(run)
    except UserError as err:
        return _error(err)
    return JSONResponse(
        {
            "score": s.score,
            "passed": s.passed,
            "failed": s.failed,
            "inspectors": s.inspectors,
            "report": routes.report_url(s.inspection_id),
        },
        headers={"Cache-Control": "no-store"},
    )


async def record_sheet(request: Request) -> Response:
    """The paper 记录表 of a submitted inspection as an A4 PDF."""
    from quanyi_app.inspections.services import printing as inspection_print

    who, refused = _gate(request)
    if refused is not None:
        return refused
    iid = _inspection_id(request)
    if iid is None:
        return _bad(strings.INS_NOT_FOUND, 404)

    def render() -> bytes:
        with session_scope() as session:
            return inspection_print.record_sheet_pdf(
                session=session,
                actor=who,
                inspection_id=iid,
            )

    try:
        pdf = await asyncio.to_thread(render)
    except UserError as err:
        return _error(err)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="inspection-{iid}.pdf"', "Cache-Control": "no-store"},
    )


async def export(request: Request) -> Response:
    """Results of inspections submitted in a period, as CSV or XLSX (staff)."""
    from quanyi_app.inspections.services import printing as inspection_print

    who, refused = _gate(request, Perm.INSPECTION_PLAN)
    if refused is not None:
        return refused
    kind = request.path_params["kind"]
    start = parse_day(request.query_params.get("from", ""))
    end = parse_day(request.query_params.get("to", ""))
    if kind not in ("csv", "xlsx"):
        return _bad(strings.INS_NOT_FOUND, 404)
    if start is None or end is None or end < start:
        return _bad(strings.INS_EXPORT_PERIOD)
    first, last = date(start.year, start.month, start.day), date(end.year, end.month, end.day)

    def render() -> bytes:
        with session_scope() as session:
            rows = inspection_print.export_rows(session=session, actor=who, start=first, end=last)
        return inspection_print.rows_csv(rows) if kind == "csv" else inspection_print.rows_xlsx(rows)

    try:
        body = await asyncio.to_thread(render)
    except UserError as err:
        return _error(err)
    media = (
        "text/csv; charset=utf-8"
        if kind == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return Response(
        body,
        media_type=media,
        headers={
            "Content-Disposition": f'attachment; filename="inspections-{first}-{last}.{kind}"',
            "Cache-Control": "no-store",
        },
    )


ROUTES = [
    Route("/api/inspections/export.{kind}", export, methods=["GET"]),
    Route("/api/inspections/{iid}/ticks", ticks, methods=["POST"]),
    Route("/api/inspections/{iid}/photos", photo_upload, methods=["POST"]),
    Route("/api/inspections/{iid}/photos/remove", photo_remove, methods=["POST"]),
    Route("/api/inspections/{iid}/submit", submit, methods=["POST"]),
    Route("/api/inspections/{iid}/record.pdf", record_sheet, methods=["GET"]),
]
