"""The duty room's public page ``/duty`` (hours, place, open now or next, who is on duty) and its
line on the home page, as plain pages (core/web)."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.routing import Route

from quanyi_app.core import routes as core_routes
from quanyi_app.core import web
from quanyi_app.core.db import session_scope
from quanyi_app.events import routes, strings
from quanyi_app.events.services import duty

TEMPLATE = "events/templates/duty.html"
CARD_TEMPLATE = "events/templates/duty_card.html"


@dataclass
class HoursRow:
    day: str
    hours: str
    place: str
    people: str


def _page() -> tuple[duty.DutyLine | None, list[HoursRow]]:
    with session_scope() as session:
        line = duty.now_line(session=session)
        rows = [
            HoursRow(
                day=strings.WEEKDAYS[o.day.weekday()] + o.day.strftime(" %m-%d"),
                hours=f"{o.slot.starts}–{o.slot.ends}",
                place=o.slot.place,
                people="、".join(o.people) or strings.DUTY_NOBODY,
            )
            for o in duty.openings(session=session)
        ]
    return line, rows


async def duty_page(request: Request):
    line, rows = await run_in_threadpool(_page)
    return web.page(
        request, TEMPLATE, title=strings.DUTY_TITLE, s=strings, active=core_routes.HOME, line=line, rows=rows
    )


def home_card() -> str:
    with session_scope() as session:
        line = duty.now_line(session=session)
    if line is None:
        return ""
    return web.render(CARD_TEMPLATE, s=strings, line=line, href=routes.DUTY)


ROUTES = [Route(routes.DUTY, duty_page, methods=["GET"])]
