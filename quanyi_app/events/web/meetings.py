"""The public pages of meetings as plain pages (core/web): ``/meetings`` (upcoming and past),
``/meetings/<id>`` (details, questions with "我也关心", the agenda and minutes, the open commitments
of the last meeting of its kind) and ``/commitments`` (the board), plus the home page's card.

Asking and "我也关心" are plain forms posted to the meeting's own address; the answer is a redirect
back (``?m=ask`` / ``?m=support`` pick one of two fixed messages), so a reload never sends twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

from quanyi_app.core import routes as core_routes
from quanyi_app.core import strings as shared
from quanyi_app.core import web
from quanyi_app.core.accounts import cookies
from quanyi_app.core.accounts.session import as_int
from quanyi_app.core.contact import device_hash
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import UserError
from quanyi_app.core.settings import get_settings
from quanyi_app.core.web import intake
from quanyi_app.events import routes, strings
from quanyi_app.events.models import Meeting
from quanyi_app.events.services import commitments, meetings, places
from quanyi_app.proposals import public as proposals

LIST_TEMPLATE = "events/templates/meetings.html"
MEETING_TEMPLATE = "events/templates/meeting.html"
BOARD_TEMPLATE = "events/templates/board.html"
HOME_CARD_TEMPLATE = "events/templates/home_card.html"
FIELDS = {"action": 16, "category": 12, "body": meetings.QUESTION_MAX + 50, "tracking": 32, "question": 12}
DONE = {"ask": strings.ASK_DONE, "support": strings.SUPPORT_DONE}


@dataclass
class MeetingCard:
    id: int
    name: str
    when: str
    place: str
    href: str
    open_for_questions: bool
    minutes: bool


def _card(session, m: Meeting) -> MeetingCard:
    return MeetingCard(
        id=m.id,
        name=meetings.meeting_name(session, m),
        when=meetings.meeting_when(m),
        place=m.place,
        href=routes.meeting_url(m.id),
        open_for_questions=meetings.questions_open(m),
        minutes=m.status == "minutes",
    )


def _list() -> tuple[list[MeetingCard], list[MeetingCard]]:
    with session_scope() as session:
        upcoming, past = meetings.public_meetings(session=session)
        return [_card(session, m) for m in upcoming], [_card(session, m) for m in past]


async def meeting_list(request: Request):
    upcoming, past = await run_in_threadpool(_list)
    return web.page(
        request,
        LIST_TEMPLATE,
        title=strings.MEETINGS_TITLE,
        s=strings,
        active=core_routes.HOME,
        upcoming=upcoming,
        past=past,
        board_href=routes.COMMITMENTS,
    )


# ---- one meeting --------------------------------------------------------------------------------


@dataclass
class QuestionRow:
    id: int
    body: str
    category: str
    supporters: int
    on_agenda: bool
    answer: str
    mine: bool  # asked from this phone
    supported: bool  # this phone asked it or said 我也关心
    linked: bool
    commitments: list[commitments.CommitmentRow] = field(default_factory=list)


@dataclass
class MeetingPage:
    found: bool = False
    error: str = ""
    id: int = 0
    card: MeetingCard | None = None
    attending: str = ""
    topics: str = ""
    seats: int = 0
    summary: str = ""
    questions: list[QuestionRow] = field(default_factory=list)
    agenda: list[QuestionRow] = field(default_factory=list)
    categories: list[dict[str, str]] = field(default_factory=list)
    register_href: str = ""  # seats for student attendees, while registration is open
    register_label: str = ""
    last_name: str = ""
    last_open: list[commitments.CommitmentRow] = field(default_factory=list)
    message: str = ""
    sent: str = ""
    action: str = ""
    action_error: str = ""
    values: dict[str, str] = field(default_factory=dict)


def _meeting(meeting_id: int | None, device: str) -> MeetingPage:
    secret = get_settings().secret_key
    try:
        with session_scope() as session:
            m = meetings.public_meeting(session, meeting_id)
            cats = dict(proposals.categories(session=session))
            rows = meetings.questions(session, m.id)
            backed = meetings.supported_by(session, secret, device, [q.id for q in rows])
            promised: dict[int, list[commitments.CommitmentRow]] = {}
            for row in commitments.public_of_meeting(session, m):
                promised.setdefault(row.question_id, []).append(row)
            phone = device_hash(secret, device) if device else ""
            questions = [
                QuestionRow(
                    id=q.id,
                    body=q.body,
                    category=cats.get(q.category_id, ""),
                    supporters=q.supporters,
                    on_agenda=q.on_agenda,
                    answer=q.answer if m.status == "minutes" else "",
                    mine=bool(phone) and q.device_hash == phone,
                    supported=q.id in backed,
                    linked=q.case_id is not None,
                    commitments=promised.get(q.id, []),
                )
                for q in rows
            ]
            last = meetings.previous_of(session, m)
            seats = meetings.attendee_event(session, m.id)
            open_seats = seats is not None and places.window_state(seats) == "open"
            page = MeetingPage(
                found=True,
                id=m.id,
                card=_card(session, m),
                attending=m.attending,
                topics=m.topics,
                seats=m.seats,
                summary=m.summary if m.status == "minutes" else "",
                questions=questions,
                agenda=[q for q in questions if q.on_agenda],
                categories=[{"id": str(i), "name": n} for i, n in cats.items()],
                register_href=routes.event_url(seats.id) if open_seats else "",
                register_label=strings.MEETING_REGISTER.format(n=places.places_left(session, seats.id))
                if open_seats
                else "",
                last_name=meetings.meeting_name(session, last) if last else "",
                last_open=commitments.still_open(session, last),
            )
            return page
    except UserError as err:
        return MeetingPage(error=err.message)


def _render_meeting(request: Request, page: MeetingPage, *, status: int = 200):
    return web.page(
        request,
        MEETING_TEMPLATE,
        status=status,
        title=page.card.name if page.card else strings.MEETINGS_TITLE,
        s=strings,
        active=core_routes.HOME,
        p=page,
        v=dict.fromkeys(FIELDS, "") | page.values,
        action=routes.meeting_url(page.id),
        list_href=routes.MEETINGS,
        board_href=routes.board_url(meeting_id=page.id),
        minutes_pdf=routes.minutes_pdf_url(page.id),
        max_body=meetings.QUESTION_MAX,
    )


async def meeting_page(request: Request):
    meeting_id = as_int(request.path_params.get("meeting_id"))
    device = cookies.request_device(request)
    page = await run_in_threadpool(_meeting, meeting_id, device)
    if not page.found:
        return _render_meeting(request, page, status=404)
    if request.method == "POST":
        return await _send(request, page, device)
    sent = request.query_params.get("m", "")
    if sent in DONE:
        page.message, page.sent = DONE[sent], f"ask-{page.id}" if sent == "ask" else ""
    return _render_meeting(request, page)


def _act(meeting_id: int, values: dict[str, str], device: str) -> None:
    secret = get_settings().secret_key
    with session_scope() as session:
        if values.get("action") == "ask":
            meetings.ask(
                meetings.QuestionForm(
                    meeting_id=meeting_id,
                    category_id=as_int(values.get("category")),
                    body=values.get("body", ""),
                    tracking_code=values.get("tracking", ""),
                    device=device,
                ),
                session=session,
                secret=secret,
            )
        else:
            meetings.support(
                session=session,
                secret=secret,
                meeting_id=meeting_id,
                question_id=as_int(values.get("question")),
                device=device,
            )


async def _send(request: Request, page: MeetingPage, device: str):
    if not web.same_site(request):
        page.action_error = shared.FORM_CROSS_SITE
        return _render_meeting(request, page, status=403)
    data = await intake.read_form(request, fields=len(FIELDS))
    if data is None or data.get("action") not in DONE:
        page.action_error = shared.FORM_UNREADABLE
        return _render_meeting(request, page, status=400)
    try:
        page.values = intake.texts(data, FIELDS)
        page.action = page.values["action"]
        await run_in_threadpool(_act, page.id, page.values, device)
    except UserError as err:
        page.action_error = err.message
        return _render_meeting(request, page, status=400)
    finally:
        await data.close()
    anchor = "#questions" if page.action == "support" else ""
    return RedirectResponse(f"{routes.meeting_url(page.id)}?m={page.action}{anchor}", status_code=303)


# ---- the board -------------------------------------------------------------------------------


def _board(office: int | None, meeting: int | None) -> commitments.Board:
    with session_scope() as session:
        return commitments.board(session=session, office_id=office, meeting_id=meeting)


async def board_page(request: Request):
    office, meeting = as_int(request.query_params.get("office")), as_int(request.query_params.get("meeting"))
    board = await run_in_threadpool(_board, office, meeting)
    return web.page(
        request,
        BOARD_TEMPLATE,
        title=strings.BOARD_TITLE,
        s=strings,
        active=core_routes.HOME,
        b=board,
        offices=[{"id": str(i), "name": n} for i, n in board.offices],
        meetings=[{"id": str(i), "name": n} for i, n in board.meetings],
        office=str(office or ""),
        meeting=str(meeting or ""),
        action=routes.COMMITMENTS,
        meetings_href=routes.MEETINGS,
    )


def home_card() -> str:
    """The next meeting and the board's counts, as a card of the home page."""
    with session_scope() as session:
        nxt = meetings.next_meeting(session=session)
        card = _card(session, nxt) if nxt else None
        counts = commitments.public_counts(session=session)
    if card is None and not counts["total"]:
        return ""
    return web.render(
        HOME_CARD_TEMPLATE,
        s=strings,
        m=card,
        counts=counts,
        board_href=routes.COMMITMENTS,
        list_href=routes.MEETINGS,
    )


ROUTES = [
    Route(routes.MEETINGS, meeting_list, methods=["GET"]),
    Route(routes.meeting_url("{meeting_id:int}"), meeting_page, methods=["GET", "POST"]),
    Route(routes.COMMITMENTS, board_page, methods=["GET"]),
]
