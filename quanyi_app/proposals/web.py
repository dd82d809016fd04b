"""The scan landing ``/s/<code>`` and the tracking page ``/t/<code>`` as plain pages (core/web):
complete in the first HTML response, their forms posted over plain HTTP.

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
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

from quanyi_app.core import strings as shared
from quanyi_app.core import web
from quanyi_app.core.accounts import cookies
from quanyi_app.core.accounts.session import HONEYPOT_FIELD, as_int
from quanyi_app.core.campus import services as campus
from quanyi_app.core.campustime import local_str
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import UserError
from quanyi_app.core.notify import services as notify
from quanyi_app.core.photos import services as photos
from quanyi_app.core.photos.models import Photo
from quanyi_app.core.settings import get_settings
from quanyi_app.core.web import intake
from quanyi_app.proposals import routes, strings
from quanyi_app.proposals.services import cases, catalog, figures, qr

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


@dataclass
class ScanForm:
    """What the form shows: the point the code resolved to, and what was typed."""

    code: str
    qr_point_id: int | None = None
    point_label: str = ""
    notice: str = ""
    values: dict[str, str] = field(default_factory=dict)
    photos: list[intake.Kept] = field(default_factory=list)
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


def _render(request: Request, form: ScanForm, lists: dict, *, status: int = 200):
    values = dict.fromkeys(TEXT_FIELDS, "") | form.values
    values["submit_key"] = values["submit_key"] or uuid.uuid4().hex
    return web.page(
        request,
        TEMPLATE,
        status=status,
        title=strings.SUBMIT_TITLE,
        s=strings,
        active=routes.PROPOSALS,
        action=routes.scan_path(quote(form.code, safe="")),
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
    return _render(request, form, lists)


# ---- sending ------------------------------------------------------------------------------------


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
        form.error = shared.FORM_CROSS_SITE
        return _render(request, form, lists, status=403)
    data = await intake.read_form(request, fields=len(TEXT_FIELDS))
    if data is None or "submit_key" not in data:  # every form we show carries one
        form.error = shared.FORM_UNREADABLE
        return _render(request, form, lists, status=400)
    held: list[Photo] = []
    try:
        form.values = intake.texts(data, TEXT_FIELDS)
        try:
            await intake.form_photos(data, held)
        finally:
            form.photos = intake.kept(held)
        device = cookies.request_device(request)
        tracking = await run_in_threadpool(_file, form, form.values, device, [p.id for p in held])
    except UserError as err:
        form.error = err.message
        return _render(request, form, lists, status=400)
    finally:
        await data.close()
    notify.wake()
    url = f"{get_settings().public_url}{routes.track_url(tracking)}"
    return web.page(
        request,
        DONE_TEMPLATE,
        title=strings.SUBMIT_DONE_TITLE,
        s=strings,
        active=routes.PROPOSALS,
        tracking=tracking,
        track_href=routes.track_url(tracking),
        track_url=url,
        again_href=routes.scan_path(quote(code, safe="")),
        draft_key=DRAFT_KEY,
    )


# ---- the tracking page /t/<code> --------------------------------------------------------------

TRACK_TEMPLATE = "proposals/templates/track.html"
TRACK_FIELDS = {"action": 16, "body": cases.DESCRIPTION_MAX + 50, "reason": 2050, "comment": 550, "stars": 2}
DONE = {  # the forms of the page, and what each says once sent (the only words ?m= can choose)
    "followup": strings.TRACK_FOLLOWUP_DONE,
    "reopen": strings.TRACK_REOPEN_DONE,
    "rate": strings.TRACK_RATE_DONE,
}
PHOTO_LINK_TTL = 3600


@dataclass
class TimelineRow:
    at: str
    title: str
    body: str
    photos: list[str]


@dataclass
class TrackPage:
    """The tracking page: the case as its proposer sees it, and the state of its forms."""

    code: str
    found: bool = False
    error: str = ""
    status_label: str = ""
    category: str = ""
    building: str = ""
    description: str = ""
    created: str = ""
    proposal_title: str = ""
    my_photos: list[str] = field(default_factory=list)
    timeline: list[TimelineRow] = field(default_factory=list)
    can_follow_up: bool = False
    can_reopen: bool = False
    can_rate: bool = False
    rating: int = 0
    message: str = ""
    sent: str = ""  # the draft key of the form just sent (assets/draft.js forgets it)
    action: str = ""  # the form a refusal belongs to
    action_error: str = ""
    values: dict[str, str] = field(default_factory=dict)
    photos: list[intake.Kept] = field(default_factory=list)


def _tracking(code: str) -> TrackPage:
    try:
        with session_scope() as session:
            view = cases.tracking_view(session=session, code=code)

            def urls(ids: list[int]) -> list[str]:
                # The proposer has no login: their private photos go through links signed for the
                # anonymous holder of the tracking code.
                return photos.view_urls(session, ids, viewer_id=photos.ANONYMOUS, ttl_seconds=PHOTO_LINK_TTL)

            timeline = [
                TimelineRow(
                    at=local_str(e.at),
                    title=e.title,
                    body=e.body,
                    photos=urls(e.photo_ids) if e.photo_ids and e.kind != "submitted" else [],
                )
                for e in reversed(view.timeline)
            ]
            mine = urls(view.photo_ids)
    except UserError as err:
        return TrackPage(code=code, error=err.message)
    return TrackPage(
        code=view.tracking_code,
        found=True,
        status_label=strings.STATUS_LABELS.get(view.status, view.status),
        category=view.category,
        building=view.building,
        description=view.description,
        created=local_str(view.created_at),
        proposal_title=view.proposal_title,
        my_photos=mine,
        timeline=timeline,
        can_follow_up=view.can_follow_up,
        can_reopen=view.can_reopen,
        can_rate=view.can_rate,
        rating=view.rating or 0,
    )


def _render_track(request: Request, page: TrackPage, *, status: int = 200):
    return web.page(
        request,
        TRACK_TEMPLATE,
        status=status,
        title=strings.TRACK_TITLE,
        s=strings,
        active=routes.PROPOSALS,
        t=page,
        v=dict.fromkeys(TRACK_FIELDS, "") | page.values,
        action=routes.track_url(page.code),
        lookup=routes.TRACK,
        home="/",
        max_photos=cases.MAX_PHOTOS,
    )


def _act(code: str, action: str, values: dict[str, str], photo_ids: list[int]) -> None:
    with session_scope() as session:
        if action == "followup":
            cases.follow_up(session=session, code=code, body=values.get("body", ""), photo_ids=photo_ids)
        elif action == "reopen":
            cases.reopen(session=session, code=code, reason=values.get("reason", ""))
        else:
            stars = as_int(values.get("stars"))
            cases.rate(session=session, code=code, stars=stars or 0, comment=values.get("comment", ""))


async def track_page(request: Request):
    code = _code(request)
    page = await run_in_threadpool(_tracking, code)
    if not page.found:
        return _render_track(request, page, status=404)
    if request.method == "POST":
        return await _track_send(request, page)
    sent = request.query_params.get("m", "")
    if sent in DONE:
        page.message, page.sent = DONE[sent], f"{sent}-{page.code}"
    return _render_track(request, page)


async def _track_send(request: Request, page: TrackPage):
    if not web.same_site(request):
        page.action_error = shared.FORM_CROSS_SITE
        return _render_track(request, page, status=403)
    data = await intake.read_form(request, fields=len(TRACK_FIELDS))
    if data is None or data.get("action") not in DONE:
        page.action_error = shared.FORM_UNREADABLE
        return _render_track(request, page, status=400)
    page.values = intake.texts(data, TRACK_FIELDS)
    page.action = page.values["action"]
    held: list[Photo] = []
    try:
        if page.action == "followup":
            if not page.can_follow_up:  # before any photo is stored
                raise UserError(strings.CASE_CLOSED_NO_FOLLOWUP)
            try:
                await intake.form_photos(data, held)
            finally:
                page.photos = intake.kept(held)
        await run_in_threadpool(_act, page.code, page.action, page.values, [p.id for p in held])
    except UserError as err:
        page.action_error = err.message
        shown = {"followup": page.can_follow_up, "reopen": page.can_reopen, "rate": page.can_rate}
        if not shown[page.action]:  # the form is not on the page (any more): say it at the top
            page.action = ""
        return _render_track(request, page, status=400)
    finally:
        await data.close()
    # Answered with a redirect: a reload of the page shows it again without sending twice.
    return RedirectResponse(f"{routes.track_url(page.code)}?m={page.action}", status_code=303)


async def lookup(request: Request):
    """The 用跟踪码查询 box (a GET form): to the case's page, or back to the form."""
    code = request.query_params.get("code", "").strip()[:32]
    target = routes.track_url(quote(code, safe="")) if code else routes.PROPOSALS
    return RedirectResponse(target, status_code=303, headers={"Cache-Control": "no-store"})


def figures_card() -> str:
    """The public figures, as a card of the home page (aggregates only)."""
    with session_scope() as session:
        shown = figures.public_figures(session=session)
    return web.render("proposals/templates/figures_card.html", s=strings, f=shown)


ROUTES = [
    Route(routes.scan_path("{code}"), scan_page, methods=["GET", "POST"]),
    Route(routes.TRACK, lookup, methods=["GET"]),
    Route(routes.track_url("{code}"), track_page, methods=["GET", "POST"]),
]
