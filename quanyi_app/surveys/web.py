"""Surveys' public pages as plain pages (core/web): ``/surveys`` (open surveys and published
results), ``/q/<code>`` (answering, a tagged link carrying its own code), and
``/surveys/<id>/results`` (public results: charts only, no cell under five answers).

The answer page is one plain form: every question in the first response, display rules and the
progress line done by ``assets/survey.js`` (and checked again on the server), the typed text kept
on the phone by ``draft.js``, the choices by ``survey.js``; the send is idempotent."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.routing import Route

from quanyi_app.core import routes as core_routes
from quanyi_app.core import strings as shared
from quanyi_app.core import web
from quanyi_app.core.accounts import cookies
from quanyi_app.core.accounts import services as accounts
from quanyi_app.core.accounts.session import as_int
from quanyi_app.core.campustime import local_str
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import UserError
from quanyi_app.core.permissions import Perm, can
from quanyi_app.core.settings import get_settings
from quanyi_app.core.web import intake
from quanyi_app.surveys import routes, strings
from quanyi_app.surveys.services import answer, build, results

ANSWER_TEMPLATE = "surveys/templates/answer.html"
THANKS_TEMPLATE = "surveys/templates/thanks.html"
LIST_TEMPLATE = "surveys/templates/surveys.html"
RESULTS_TEMPLATE = "surveys/templates/results.html"
MAX_FIELDS = 400
FIELD_MAX = 2100


@dataclass
class AnswerPage:
    found: bool = False
    error: str = ""
    code: str = ""
    title: str = ""
    intro: str = ""
    state: str = ""
    state_label: str = ""
    link_label: str = ""
    ask_student_no: bool = False
    questions: list[answer.Form] = field(default_factory=list)
    values: dict[str, list[str]] = field(default_factory=dict)
    submit_key: str = ""
    student_no: str = ""


def _staff_may_preview(token: str) -> bool:
    try:
        with session_scope() as session:
            return can(accounts.authenticate(session=session, token=token), Perm.SURVEY_MANAGE)
    except UserError:
        return False


def _page(code: str, device: str, preview: bool = False) -> AnswerPage:
    try:
        with session_scope() as session:
            survey, link = answer.by_code(session, code)
            state = build.state_of(survey)
            if preview:  # staff see it as a phone would, whatever its state; nothing can be sent
                state = "preview"
            elif state == "open" and answer.already_answered(
                session, survey, secret=get_settings().secret_key, device=device
            ):
                state = "answered"
            if state == "draft":
                raise UserError(strings.NOT_PUBLISHED)
            label = {
                "before": strings.NOT_OPEN_YET.format(when=local_str(survey.opens_at)),
                "closed": strings.CLOSED,
                "answered": strings.ALREADY_ANSWERED,
                "preview": strings.PREVIEW_NOTE,
            }.get(state, build.when_label(survey))
            return AnswerPage(
                found=True,
                code=code,
                title=survey.title,
                intro=survey.intro,
                state=state,
                state_label=label,
                link_label=link.label if link else "",
                ask_student_no=survey.ask_student_no,
                questions=answer.form(session, survey),
            )
    except UserError as err:
        return AnswerPage(code=code, error=err.message)


def _render(request: Request, page: AnswerPage, *, status: int = 200):
    return web.page(
        request,
        ANSWER_TEMPLATE,
        status=status,
        title=page.title or strings.PAGE_TITLE,
        s=strings,
        active=core_routes.HOME,
        p=page,
        v=page.values,
        submit_key=page.submit_key or uuid.uuid4().hex,
        action=routes.answer_url(page.code),
        draft_key=f"survey-{page.code}",
        list_href=routes.SURVEYS,
    )


async def answer_page(request: Request):
    code = str(request.path_params.get("code", ""))[:32]
    device = cookies.request_device(request)
    preview = request.method == "GET" and request.query_params.get("preview") == "1"
    if preview:
        preview = await run_in_threadpool(_staff_may_preview, request.cookies.get(cookies.SESSION_COOKIE, ""))
    page = await run_in_threadpool(_page, code, device, preview)
    if not page.found:
        return _render(request, page, status=404)
    if request.method == "POST":
        return await _send(request, page)
    return _render(request, page)


def _file(page: AnswerPage, device: str) -> tuple[str, bool]:
    with session_scope() as session:
        filed = answer.submit(
            answer.Submission(
                code=page.code,
                fields=page.values,
                submit_key=page.submit_key,
                device=device,
                student_no=page.student_no,
            ),
            session=session,
            secret=get_settings().secret_key,
        )
        return filed.survey.thanks or strings.THANKS_DEFAULT, filed.again


async def _send(request: Request, page: AnswerPage):
    if not web.same_site(request):
        page.error = shared.FORM_CROSS_SITE
        return _render(request, page, status=403)
    data = await intake.read_form(request, fields=MAX_FIELDS)
    if data is None or "submit_key" not in data:
        page.error = shared.FORM_UNREADABLE
        return _render(request, page, status=400)
    try:
        page.values = {}
        for name, value in data.multi_items():
            if isinstance(value, str) and name.startswith("q"):
                page.values.setdefault(name[:32], []).append(value[:FIELD_MAX])
        page.submit_key = str(data.get("submit_key", ""))[:64]
        page.student_no = str(data.get("student_no", "") or "")[:24]
        device = cookies.request_device(request)
        thanks, _again = await run_in_threadpool(_file, page, device)
    except UserError as err:
        page.error = err.message
        return _render(request, page, status=400)
    finally:
        await data.close()
    return web.page(
        request,
        THANKS_TEMPLATE,
        title=page.title,
        s=strings,
        active=core_routes.HOME,
        thanks=thanks,
        title_text=page.title,
        draft_key=f"survey-{page.code}",
        list_href=routes.SURVEYS,
    )


# ---- the list and public results ---------------------------------------------------------------------


@dataclass
class Card:
    title: str
    href: str
    line: str
    results_href: str


def _cards() -> tuple[list[Card], list[Card]]:
    with session_scope() as session:
        open_now, published = [], []
        for survey in build.public_surveys(session=session):
            card = Card(
                title=survey.title,
                href=routes.answer_url(survey.code),
                line=build.when_label(survey),
                results_href=routes.results_url(survey.id) if survey.public_results else "",
            )
            (open_now if build.state_of(survey) == "open" else published).append(card)
        return open_now, [c for c in published if c.results_href]


async def survey_list(request: Request):
    open_now, published = await run_in_threadpool(_cards)
    return web.page(
        request,
        LIST_TEMPLATE,
        title=strings.PAGE_TITLE,
        s=strings,
        active=core_routes.HOME,
        open_now=open_now,
        published=published,
    )


def _public_results(survey_id: int | None) -> results.Results | str:
    try:
        with session_scope() as session:
            return results.results(session=session, actor=None, survey_id=survey_id, public=True)
    except UserError as err:
        return err.message


async def results_page(request: Request):
    found = await run_in_threadpool(_public_results, as_int(request.path_params.get("survey_id")))
    if isinstance(found, str):
        return web.page(
            request,
            RESULTS_TEMPLATE,
            status=404,
            title=strings.RESULTS_TITLE,
            s=strings,
            active=core_routes.HOME,
            r=None,
            error=found,
            min_cell=results.MIN_CELL,
        )
    return web.page(
        request,
        RESULTS_TEMPLATE,
        title=strings.RESULTS_TITLE,
        s=strings,
        active=core_routes.HOME,
        r=found,
        error="",
        min_cell=results.MIN_CELL,
    )


def home_card() -> str:
    """Open surveys, on the home page."""
    open_now, _published = _cards()
    if not open_now:
        return ""
    return web.render("surveys/templates/home_card.html", s=strings, cards=open_now[:3], list_href=routes.SURVEYS)


ROUTES = [
    Route(routes.SURVEYS, survey_list, methods=["GET"]),
    Route(routes.answer_url("{code}"), answer_page, methods=["GET", "POST"]),
    Route(routes.results_url("{survey_id:int}"), results_page, methods=["GET"]),
]
