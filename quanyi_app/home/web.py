"""The home page ``/`` as a plain page (core/web): what the department does, the features' own
cards (``core.web.add_card(..., "home")``: the public figures), links, and how it works — complete
in the first HTML response."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.routing import Route

from quanyi_app.core import routes as core_routes
from quanyi_app.core import web
from quanyi_app.core.ui import panels
from quanyi_app.home import strings

TEMPLATE = "home/templates/home.html"


async def home(request: Request):
    cards = await run_in_threadpool(web.cards, web.HOME_CARDS)
    return web.page(
        request,
        TEMPLATE,
        title=strings.APP_FULL_NAME,
        full_title=strings.APP_FULL_NAME,
        active=core_routes.HOME,
        h=strings,
        hero=panels.links_of(panels.HERO),
        links=panels.links_of(panels.HOME_LINKS),
        cards=cards,
        staff_href=core_routes.STAFF,
    )


ROUTES = [Route(core_routes.HOME, home, methods=["GET"])]
