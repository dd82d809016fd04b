"""Events with places as plain pages (core/web): ``/events`` (the list), ``/events/<id>`` (the
event, its registration form, and after the draw the published lottery), and ``/events/r/<code>``
(a student's own registration: the result, the ticket, confirming a freed place, cancelling,
rating afterwards). Every form posts over plain HTTP and is answered with a redirect back."""

from __future__ import annotations

from dataclasses import dataclass, field

import qrcode
import qrcode.image.svg
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

from quanyi_app.core import routes as core_routes
from quanyi_app.core import strings as shared
from quanyi_app.core import web
from quanyi_app.core.accounts import cookies
from quanyi_app.core.accounts.session import as_int
from quanyi_app.core.campus import services as campus
from quanyi_app.core.campustime import local_str
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import UserError
from quanyi_app.core.modelbase import utcnow
from quanyi_app.core.notify import services as notify
from quanyi_app.core.settings import get_settings
from quanyi_app.core.web import intake
from quanyi_app.events import routes, strings
from quanyi_app.events.models import Event, EventMode, Registration
from quanyi_app.events.services import places

LIST_TEMPLATE = "events/templates/events.html"
EVENT_TEMPLATE = "events/templates/event.html"
REG_TEMPLATE = "events/templates/registration.html"
REG_FIELDS = {"name": 40, "student_no": 24, "college": 12, "phone": 24, "email": 254, "note": 250}
MY_FIELDS = {"action": 16, "stars": 2, "comment": 550, "sure": 4}
DONE = {"cancel": strings.EVW_CANCELLED, "confirm": strings.EVW_CONFIRMED, "rate": strings.EVW_RATED}


@dataclass
class EventCard:
    id: int
    title: str
    when: str
    place: str
    href: str
    places: int
    left: int
    entries: int
    window: str  # before / open / closed
    window_label: str
    mode_label: str


def _card(session, e: Event) -> EventCard:
    window = places.window_state(e)
    return EventCard(
        id=e.id,
        title=e.title,
        when=f"{local_str(e.starts_at)}–{local_str(e.ends_at, '%H:%M')}",
        place=e.place,
        href=routes.event_url(e.id),
        places=e.places,
        left=places.places_left(session, e.id),
        entries=sum(places.counts(session, e.id).values()),
        window=window,
        window_label={
            "before": strings.EVW_OPENS.format(when=local_str(e.reg_opens_at)),
            "open": strings.EVW_CLOSES.format(when=local_str(e.reg_closes_at)),
            "closed": strings.EVW_CLOSED,
        }[window],
        mode_label=strings.EVW_MODES[e.mode],
    )


def _list() -> list[EventCard]:
    with session_scope() as session:
        return [_card(session, e) for e in places.public_events(session=session)]


async def event_list(request: Request):
    cards = await run_in_threadpool(_list)
    return web.page(request, LIST_TEMPLATE, title=strings.EVW_TITLE, s=strings, active=core_routes.HOME, events=cards)


# ---- one event ----------------------------------------------------------------------------------


@dataclass
class EventPage:
    found: bool = False
    error: str = ""
    card: EventCard | None = None
    description: str = ""
    quotas: list[str] = field(default_factory=list)
    lottery: bool = False
    seed_hash: str = ""
    seed: str = ""
    list_hash: str = ""
    drawn_at: str = ""
    entries: list[places.Entry] = field(default_factory=list)
    colleges: list[dict[str, str]] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)


def _event(event_id: int | None) -> EventPage:
    try:
        with session_scope() as session:
            e = places.public_event(session, event_id)
            names = {o.id: o.name for o in campus.reference_lists(session=session).colleges}
            return EventPage(
                found=True,
                card=_card(session, e),
                description=e.description,
                quotas=[
                    strings.EVW_QUOTA.format(college=names.get(p.college_id, ""), n=p.places)
                    for p in places.pools(session, e.id)
                    if p.college_id is not None
                ],
                lottery=e.mode == EventMode.lottery.value,
                seed_hash=e.seed_hash,
                seed=e.seed if e.drawn_at and e.mode == EventMode.lottery.value else "",
                list_hash=e.list_hash,
                drawn_at=local_str(e.drawn_at),
                entries=places.lottery(session, e) if e.mode == EventMode.lottery.value else [],
                colleges=[{"id": str(i), "name": n} for i, n in names.items()],
            )
    except UserError as err:
        return EventPage(error=err.message)


def _render_event(request: Request, page: EventPage, *, status: int = 200):
    return web.page(
        request,
        EVENT_TEMPLATE,
        status=status,
        title=page.card.title if page.card else strings.EVW_TITLE,
        s=strings,
        active=core_routes.HOME,
        p=page,
        v=dict.fromkeys(REG_FIELDS, "") | page.values,
        action=routes.event_url(page.card.id) if page.card else "",
        list_href=routes.EVENTS,
    )


async def event_page(request: Request):
    page = await run_in_threadpool(_event, as_int(request.path_params.get("event_id")))
    if not page.found:
        return _render_event(request, page, status=404)
    if request.method == "POST":
        return await _register(request, page)
    return _render_event(request, page)


def _sign_up(event_id: int, values: dict[str, str], device: str) -> str:
    settings = get_settings()
    with session_scope() as session:
        reg = places.register(
            places.RegistrationForm(
                event_id=event_id,
                name=values.get("name", ""),
                student_no=values.get("student_no", ""),
                college_id=as_int(values.get("college")),
                phone=values.get("phone", ""),
                email=values.get("email", ""),
                note=values.get("note", ""),
                device=device,
            ),
            session=session,
            secret=settings.secret_key,
            public_url=settings.public_url,
        )
        return reg.code


async def _register(request: Request, page: EventPage):
    if not web.same_site(request):
        page.error = shared.FORM_CROSS_SITE
        return _render_event(request, page, status=403)
    data = await intake.read_form(request, fields=len(REG_FIELDS))
    if data is None:
        page.error = shared.FORM_UNREADABLE
        return _render_event(request, page, status=400)
    try:
        page.values = intake.texts(data, REG_FIELDS)
        device = cookies.request_device(request)
        code = await run_in_threadpool(_sign_up, page.card.id, page.values, device)
    except UserError as err:
        page.error = err.message
        return _render_event(request, page, status=400)
    finally:
        await data.close()
    notify.wake()
    return RedirectResponse(f"{routes.registration_url(code)}#{web.SENT_FRAGMENT}event-{page.card.id}", status_code=303)


# ---- a student's own registration ---------------------------------------------------------------


@dataclass
class MyPage:
    found: bool = False
    error: str = ""
    code: str = ""
    card: EventCard | None = None
    status: str = ""
    status_label: str = ""
    name: str = ""
    position: int | None = None
    ticket: str = ""
    ticket_svg: Markup = Markup("")
    offer_deadline: str = ""
    can_cancel: bool = False
    can_rate: bool = False
    rating: int = 0
    message: str = ""
    action: str = ""
    action_error: str = ""


def _ticket_svg(ticket: str) -> Markup:
    img = qrcode.make(ticket, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    return Markup(img.to_string(encoding="unicode"))


def _mine(code: str) -> MyPage:
    try:
        with session_scope() as session:
            reg, e = places.by_code(session, code)
            return _my_page(session, reg, e)
    except UserError as err:
        return MyPage(code=code, error=err.message)


def _my_page(session, reg: Registration, e: Event) -> MyPage:
    started = utcnow() >= e.starts_at
    return MyPage(
        found=True,
        code=reg.code,
        card=_card(session, e),
        status=reg.status,
        status_label=strings.REG_STATUS_LABELS[reg.status],
        name=reg.name,
        position=places.waitlist_rank(session, reg),
        ticket=reg.ticket if reg.status in ("confirmed", "attended") else "",
        ticket_svg=_ticket_svg(reg.ticket) if reg.status == "confirmed" else Markup(""),
        offer_deadline=local_str(reg.offer_expires_at) if reg.status == "offered" else "",
        can_cancel=not started and reg.status in ("entered", "confirmed", "offered", "waitlist"),
        can_rate=reg.status == "attended" and reg.rating is None,
        rating=reg.rating or 0,
    )


def _render_mine(request: Request, page: MyPage, *, status: int = 200):
    return web.page(
        request,
        REG_TEMPLATE,
        status=status,
        title=strings.EVW_MY_TITLE,
        s=strings,
        active=core_routes.HOME,
        m=page,
        action=routes.registration_url(page.code),
        list_href=routes.EVENTS,
    )


def _act(code: str, values: dict[str, str]) -> None:
    url = get_settings().public_url
    with session_scope() as session:
        action = values.get("action")
        if action == "cancel":
            if values.get("sure") != "1":
                raise UserError(strings.EVW_CANCEL_SURE)
            places.cancel(session=session, code=code, public_url=url)
        elif action == "confirm":
            places.confirm(session=session, code=code)
        else:
            places.rate(
                session=session, code=code, stars=as_int(values.get("stars")) or 0, comment=values.get("comment", "")
            )


async def my_page(request: Request):
    code = str(request.path_params.get("code", ""))[:32]
    page = await run_in_threadpool(_mine, code)
    if not page.found:
        return _render_mine(request, page, status=404)
    if request.method == "GET":
        if (sent := request.query_params.get("m", "")) in DONE:
            page.message = DONE[sent]
        return _render_mine(request, page)
    if not web.same_site(request):
        page.action_error = shared.FORM_CROSS_SITE
        return _render_mine(request, page, status=403)
    data = await intake.read_form(request, fields=len(MY_FIELDS))
    if data is None or data.get("action") not in DONE:
        page.action_error = shared.FORM_UNREADABLE
        return _render_mine(request, page, status=400)
    try:
        values = intake.texts(data, MY_FIELDS)
        page.action = values["action"]
        await run_in_threadpool(_act, page.code, values)
    except UserError as err:
        page.action_error = err.message
        shown = {"cancel": page.can_cancel, "confirm": bool(page.offer_deadline), "rate": page.can_rate}
        if not shown[page.action]:  # that form is not on the page (any more): say it at the top
            page.action = ""
        return _render_mine(request, page, status=400)
    finally:
        await data.close()
    notify.wake()
    return RedirectResponse(f"{routes.registration_url(page.code)}?m={page.action}", status_code=303)


ROUTES = [
    Route(routes.EVENTS, event_list, methods=["GET"]),
    Route(routes.event_url("{event_id:int}"), event_page, methods=["GET", "POST"]),
    Route(routes.registration_url("{code}"), my_page, methods=["GET", "POST"]),
]
