"""爱心伞's public list ``/umbrella`` as a plain page (core/web): each pickup point, its hours and
how many umbrellas can be borrowed there now, in the first HTML response and kept current while
the page is open (``?part=points`` answers just the list; ``draft.js`` fetches it every 30 s while
the page is visible)."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.routing import Route

from quanyi_app.core import web
from quanyi_app.core.db import session_scope
from quanyi_app.lending import routes, strings
from quanyi_app.lending.services import umbrellas

PAGE_TEMPLATE = "lending/templates/umbrella.html"
POINTS_TEMPLATE = "lending/templates/umbrella_points.html"
REFRESH_SECONDS = 30


@dataclass
class PointRow:
    id: int
    name: str
    place: str
    hours: str
    available: int
    label: str
    days: str


def _rows() -> list[PointRow]:
    with session_scope() as session:
        found = umbrellas.availability(session=session)
    return [
        PointRow(
            id=a.point_id,
            name=a.name,
            place=a.place,
            hours=a.hours,
            available=a.available,
            label=strings.LIST_AVAILABLE.format(n=a.available) if a.available else strings.LIST_NONE,
            days=strings.LIST_DAYS.format(n=a.loan_days),
        )
        for a in found
    ]


async def umbrella_list(request: Request):
    rows = await run_in_threadpool(_rows)
    part = request.query_params.get("part") == "points"
    return web.page(
        request,
        POINTS_TEMPLATE if part else PAGE_TEMPLATE,
        title=strings.PAGE_TITLE,
        active=routes.UMBRELLA,
        s=strings,
        rows=rows,
        live=f"{routes.UMBRELLA}?part=points",
        every=REFRESH_SECONDS,
    )


ROUTES = [Route(routes.UMBRELLA, umbrella_list, methods=["GET"])]
