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

import gzip
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from quanyi_app.core import strings
from quanyi_app.core.settings import get_settings

PACKAGE_ROOT = Path(__file__).resolve().parents[2]
MIN_GZIP_BYTES = 1024


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
    return environment().get_template(template).render(core=strings, **context)


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
