"""The scan landing ``/s/<code>`` as a plain page (core/web): the dorm QR's form, complete in the
first HTML response, posted over plain HTTP.

A student scans the QR in the proposal book, mostly inside WeChat on mobile data. The page they
get is painted from one response, with the building already resolved from the code; they can type
before any script runs, and the form posts to this same address whether or not the app's
websocket ever connects. The answer is a page with the tracking code.

The same rules as everywhere (``cases.submit_case``): the idempotency key (a reload, a double tap
or a retry after a lost answer files one case), the device budgets, the photo pipeline (metadata
stripped). Bad input re-renders the form with what was typed and the photos already received, and
a clear message; nothing is half-written.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlmodel import select
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.routing import Route

from quanyi_app.core import web
from quanyi_app.core.accounts import cookies
from quanyi_app.core.accounts.session import HONEYPOT_FIELD, as_int
from quanyi_app.core.campus import services as campus
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import UserError
from quanyi_app.core.notify import services as notify
from quanyi_app.core.photos import services as photos
from quanyi_app.core.photos.models import Photo
from quanyi_app.core.settings import get_settings
from quanyi_app.proposals import routes, strings
from quanyi_app.proposals.services import cases, catalog, qr

TEMPLATE = "proposals/templates/scan.html"
DONE_TEMPLATE = "proposals/templates/scan_done.html"
DRAFT_KEY = "case"  # the form's data-draft name (assets/draft.js)
TEXT_FIELDS = {  # name → the most we read of it
    "description": cases.DESCRIPTION_MAX + 50,
    "contact_name": 32,
    "contact_phone": 20,
    "contact_email": 254,
    "contact_student_no": 20,
    "submit_key": 64,
    "building": 12,
    "category": 12,
    "college": 12,
    "named": 4,
    HONEYPOT_FIELD: 200,
}
MAX_FIELDS = len(TEXT_FIELDS) + cases.MAX_PHOTOS + 4


@dataclass
class Kept:
    """A photo already received for this form (kept across a refused send)."""

    ref: str
    thumb: str


@dataclass
class ScanForm:
    """What the form shows: the point the code resolved to, and what was typed."""

    code: str
    qr_point_id: int | None = None
    point_label: str = ""
    notice: str = ""
    values: dict[str, str] = field(default_factory=dict)
    photos: list[Kept] = field(default_factory=list)
    error: str = ""


def _resolve(code: str, *, count: bool) -> tuple[ScanForm, dict]:
    """The code's point and building, and the lists the form offers (names are public)."""
    with session_scope() as session:
        found = qr.resolve_scan(session=session, code=code, count=count)
        ref = campus.reference_lists(session=session, active_buildings_only=True)
        lists = {
            "categories": campus.options(catalog.active_categories(session=session)),
            "buildings": campus.options(ref.buildings),
            "colleges": campus.options(ref.colleges),
        }
    form = ScanForm(
        code=code,
        qr_point_id=found.point_id,
        point_label=found.label if found.point_id else "",
        notice=found.message,
        values={"building": str(found.building_id) if found.building_id is not None else ""},
    )
    return form, lists


def _render(form: ScanForm, lists: dict, *, status: int = 200):
    values = dict.fromkeys(TEXT_FIELDS, "") | form.values
    values["submit_key"] = values["submit_key"] or uuid.uuid4().hex
    return web.page(
        TEMPLATE,
        status=status,
        title=strings.SUBMIT_TITLE,
        s=strings,
        action=routes.scan_path(form.code),
        draft_key=DRAFT_KEY,
        form=form,
        v=values,
        description_max=cases.DESCRIPTION_MAX,
        max_photos=cases.MAX_PHOTOS,
        more_href=routes.PROPOSALS,
        **lists,
    )


def _code(request: Request) -> str:
    return str(request.path_params.get("code", ""))[:64]


async def scan_page(request: Request):
    code = _code(request)
    if request.method == "POST":
        return await _submit(request, code)
    form, lists = await run_in_threadpool(_resolve, code, count=True)
    return _render(form, lists)


# ---- sending ------------------------------------------------------------------------------------


async def _read(request: Request) -> FormData | None:
    if not request.headers.get("content-type", "").startswith(("multipart/form-data", "application/x-www-form")):
        return None
    try:
        return await request.form(max_files=cases.MAX_PHOTOS + 1, max_fields=MAX_FIELDS)
    except Exception:  # a cut-off body, too many parts, not a form at all
        return None


def _texts(data: FormData) -> dict[str, str]:
    return {name: str(value)[:limit] for name, limit in TEXT_FIELDS.items() if isinstance(value := data.get(name), str)}


async def _new_photos(data: FormData, already: int) -> list[Photo]:
    files = [f for f in data.getlist("photos") if isinstance(f, UploadFile) and (f.filename or f.size)]
    if not files:
        return []
    photos.check_count(already + len(files))
    blobs = []
    for f in files:
        blob = await f.read(photos.MAX_BYTES + 1)
        photos.check_size(len(blob))
        blobs.append(blob)
    upload_dir = get_settings().upload_dir
    return [await photos.store_photo_async(blob, upload_dir=upload_dir) for blob in blobs]


def _kept(rows: list[Photo]) -> list[Kept]:
    secret = get_settings().secret_key
    return [
        Kept(
            ref=photos.photo_ref(p.id, secret),
            thumb=photos.view_url(p.sha256, viewer_id=photos.ANONYMOUS, thumb=True, ttl_seconds=24 * 3600),
        )
        for p in rows
    ]


def _photos_of(refs: list[str]) -> list[Photo]:
    ids = photos.parse_photo_refs(refs, get_settings().secret_key)[: cases.MAX_PHOTOS]
    if not ids:
        return []
    with session_scope() as session:
        rows = {p.id: p for p in session.exec(select(Photo).where(Photo.id.in_(ids))).all()}
    return [rows[i] for i in ids if i in rows]


def _file(form: ScanForm, values: dict[str, str], device: str, photo_ids: list[int]) -> str:
    named = values.get("named") == "1"
    sub = cases.Submission(
        category_id=as_int(values.get("category")),
        description=values.get("description", ""),
        # The page itself carries a key (draft.js swaps in the phone's own, kept until sent).
        idempotency_key=values.get("submit_key", ""),
        device_id=device,
        building_id=as_int(values.get("building")),
        qr_point_id=form.qr_point_id,
        college_id=as_int(values.get("college")),
        photo_ids=photo_ids,
        anonymous=not named,
        contact_name=values.get("contact_name", "") if named else "",
        contact_phone=values.get("contact_phone", "") if named else "",
        contact_email=values.get("contact_email", "") if named else "",
        contact_student_no=values.get("contact_student_no", "") if named else "",
        honeypot=values.get(HONEYPOT_FIELD, ""),
        source="qr" if form.qr_point_id else "web",
    )
    settings = get_settings()
    with session_scope() as session:
        case = cases.submit_case(sub, session=session, secret=settings.secret_key, public_url=settings.public_url)
        return case.tracking_code


async def _submit(request: Request, code: str):
    form, lists = await run_in_threadpool(_resolve, code, count=False)
    if not web.same_site(request):
        form.error = strings.SUBMIT_CROSS_SITE
        return _render(form, lists, status=403)
    data = await _read(request)
    if data is None or "submit_key" not in data:  # every form we show carries one
        form.error = strings.SUBMIT_FORM_UNREADABLE
        return _render(form, lists, status=400)
    try:
        form.values = _texts(data)
        held = await run_in_threadpool(_photos_of, [r for r in data.getlist("photo_ref") if isinstance(r, str)])
        try:
            held += await _new_photos(data, len(held))
        finally:
            form.photos = _kept(held)
        device = cookies.device_of(request.cookies.get(cookies.DEVICE_COOKIE, ""))
        tracking = await run_in_threadpool(_file, form, form.values, device, [p.id for p in held])
    except UserError as err:
        form.error = err.message
        return _render(form, lists, status=400)
    finally:
        await data.close()
    notify.wake()
    url = f"{get_settings().public_url}{routes.track_url(tracking)}"
    return web.page(
        DONE_TEMPLATE,
        title=strings.SUBMIT_DONE_TITLE,
        s=strings,
        tracking=tracking,
        track_href=routes.track_url(tracking),
        track_url=url,
        again_href=routes.scan_path(code),
        draft_key=DRAFT_KEY,
    )


ROUTES = [Route(routes.scan_path("{code}"), scan_page, methods=["GET", "POST"])]
