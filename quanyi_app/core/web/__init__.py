"""Server-rendered public pages: plain HTML from the first response, no app bundle.

The pages a student opens from a scan or a link (often inside WeChat, on mobile data, sometimes
with a websocket that never connects) are answered here as complete HTML: their form is there in
the first response, works before (and without) any script, and posts over plain HTTP. The small
``/draft.js`` only adds comforts (the draft kept on the phone, the idempotency key, the live
character counter). See docs/ARCHITECTURE.md "Plain pages".

Templates are Jinja2 files inside the package (``<feature>/templates/*.html``), autoescaped, and
extend ``core/web/templates/base.html``; the words come from the features' ``strings`` modules.
"""

from __future__ import annotations

import functools
import gzip
import logging
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from quanyi_app.core import strings
from quanyi_app.core.errors import OUTAGE_RETRY_AFTER, is_outage
from quanyi_app.core.settings import get_settings

PACKAGE_ROOT = Path(__file__).resolve().parents[2]
ERROR_TEMPLATE = "core/web/templates/error.html"
log = logging.getLogger(__name__)
MIN_GZIP_BYTES = 1024
# A redirect to a page we do not render (an app page) carries #sent=<draft key>: draft.js there
# forgets that form's draft.
SENT_FRAGMENT = "sent="
_PLAIN: dict[str, bool] = {}  # path prefix -> whether deeper paths belong to it (a {param} route)


def add_plain_routes(routes: list) -> None:
    """Mount a feature's plain pages (called from its ``register``), and remember their paths:
    the app's links to them must load the document (``is_plain``), as they are not routes of the
    app's client-side router."""
    from quanyi_app.core import api

    api.add_routes([Route(r.path, _guarded(r.endpoint), methods=list(r.methods or ())) for r in routes])
    for route in routes:
        prefix, _, param = route.path.partition("{")
        _PLAIN[prefix.rstrip("/") or "/"] = bool(param)


def _guarded(endpoint):
    """A plain page that fails unexpectedly answers a Chinese page, never a trace (and the
    failure is logged with its trace for the operator)."""

    @functools.wraps(endpoint)
    async def guarded(request: Request):
        try:
            return await endpoint(request)
        except Exception as err:
            if is_outage(err):  # PostgreSQL restarting: say so, and when to try again
                log.warning("plain page %s: %s", request.url.path, err)
                response = page(
                    request,
                    ERROR_TEMPLATE,
                    status=503,
                    title=strings.SERVICE_RECOVERING_TITLE,
                    body=strings.SERVICE_RECOVERING_BODY,
                )
                response.headers["Retry-After"] = OUTAGE_RETRY_AFTER
                return response
            log.exception("plain page %s failed", request.url.path)
            return page(
                request, ERROR_TEMPLATE, status=500, title=strings.RENDER_ERROR_TITLE, body=strings.RENDER_ERROR_BODY
            )

    return guarded


def is_plain(href: str) -> bool:
    """Whether a link of the app leads to a plain page (then: ``rx.link(..., reload_document=True)``)."""
    path = str(href).split("?", 1)[0].split("#", 1)[0].rstrip("/") or "/"
    return any(path == p or (deeper and path.startswith(p + "/")) for p, deeper in _PLAIN.items())


HOME_CARDS = "home"  # the slot of the home page's cards
_CARDS: dict[str, list[tuple[int, Callable[[], str]]]] = {}


def add_card(slot: str, render_card: Callable[[], str], *, order: int) -> None:
    """A feature's card on a plain page that gathers them (the home page: ``HOME_CARDS``):
    ``render_card()`` returns the card's HTML (rendered from the feature's own template)."""
    _CARDS.setdefault(slot, []).append((order, render_card))


def cards(slot: str) -> list[Markup]:
    """The cards of ``slot`` in order, rendered now (call off the event loop: they may query)."""
    return [Markup(fn()) for _, fn in sorted(_CARDS.get(slot, []), key=lambda c: c[0])]


def tabs() -> list[tuple[str, str]]:
    """The app's tab bar, for plain pages: (route, label)."""
    from quanyi_app.core.ui.shell import tabs as app_tabs

    return [(route, label) for route, _icon, label in app_tabs()]


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(PACKAGE_ROOT),
        autoescape=select_autoescape(["html"], default_for_string=True),
        undefined=StrictUndefined,  # a misspelt name fails the tests instead of vanishing
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: str, **context) -> str:
    context.setdefault("active", "")
    return environment().get_template(template).render(core=strings, tabs=tabs(), **context)


def page(request: Request, template: str, *, status: int = 200, **context) -> HTMLResponse:
    """A whole page, gzipped for browsers that take it (a slow link pays for every byte before the
    first paint). Never stored by caches: it may carry a fresh idempotency key or a student's own
    answer."""
    body = render(template, **context).encode()
    headers = {"Cache-Control": "no-store", "Vary": "Cookie, Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", "") and len(body) > MIN_GZIP_BYTES:
        body, headers["Content-Encoding"] = gzip.compress(body, 6), "gzip"
    return HTMLResponse(body, status_code=status, headers=headers)


def same_site(request: Request) -> bool:
    """Refuse form posts from other sites (CSRF). Browsers send Origin on POST; a missing one (old
    clients, curl) is allowed, as the SameSite cookies already stay home."""
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin is None
    mine = urlsplit(get_settings().public_url)
    theirs = urlsplit(origin)
    host = request.headers.get("host", "")
    return (theirs.scheme, theirs.netloc) == (mine.scheme, mine.netloc) or theirs.netloc == host
