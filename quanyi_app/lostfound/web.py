"""Lost and found's public pages as plain pages (core/web): the list ``/found`` (search, filters,
pages) and an item's page ``/found/item/<id>`` with its claim form, posted over plain HTTP.

Both are complete in the first HTML response. The list is one GET form (search words and
filters in the address, so a result can be shared and the back button works); the claim form
posts to the item's address and answers with a redirect to the claim's own page. The hidden
details staff keep for checking claims never reach these pages (``lostfound.public_item`` and
``search_items`` do not carry them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

from quanyi_app.core import strings as shared
from quanyi_app.core import web
from quanyi_app.core.accounts import cookies
from quanyi_app.core.accounts.session import HONEYPOT_FIELD, as_int
from quanyi_app.core.campustime import local_str
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import UserError
from quanyi_app.core.modelbase import utcnow
from quanyi_app.core.photos import services as photos
from quanyi_app.core.settings import get_settings
from quanyi_app.core.web import intake
from quanyi_app.lostfound import routes, strings
from quanyi_app.lostfound.cards import FoundCard, card_dict
from quanyi_app.lostfound.models import FoundStatus
from quanyi_app.lostfound.services import found as lostfound
from quanyi_app.lostfound.services import pickup

LIST_TEMPLATE = "lostfound/templates/found.html"
ITEM_TEMPLATE = "lostfound/templates/found_item.html"
SINCE_DAYS = {key: int(key) for key, _ in strings.FOUND_SINCE_CHOICES}
MAX_PAGE = 200
CLAIM_FIELDS = {
    "description": 650,
    "contact_name": 32,
    "contact_phone": 20,
    "contact_email": 254,
    HONEYPOT_FIELD: 200,
}


@dataclass
class ListPage:
    q: str = ""
    category: str = ""
    point: str = ""
    since: str = ""
    page: int = 1
    searched: str = ""  # the words the cards answer ("" = browsing)
    error: str = ""
    cards: list[FoundCard] = field(default_factory=list)
    total_label: str = "0"
    newer: str = ""  # links to the neighbouring pages ("" = none)
    older: str = ""
    categories: list[dict[str, str]] = field(default_factory=list)
    points: list[dict[str, str]] = field(default_factory=list)


def _list(params: dict[str, str]) -> ListPage:
    with session_scope() as session:
        categories = [{"id": c.code, "name": c.name} for c in lostfound.categories(session)]
        points = [{"id": str(p.id), "name": p.name} for p in pickup.list_points(session=session, active_only=True)]
        out = ListPage(
            q=params.get("q", "")[:40],
            category=params.get("category", "") if params.get("category") in {c["id"] for c in categories} else "",
            point=params.get("point", "") if params.get("point") in {p["id"] for p in points} else "",
            since=params.get("since", "") if params.get("since") in SINCE_DAYS else "",
            page=min(MAX_PAGE, max(1, as_int(params.get("page")) or 1)),
            categories=categories,
            points=points,
        )
        if out.q.strip():
            try:
                lostfound.parse_query(out.q)
                out.searched = out.q
            except UserError as err:
                out.error = err.message
        elif "q" in params:  # the search button pressed with nothing typed (filters never send a blank q)
            out.error = strings.FOUND_SEARCH_EMPTY
        days = SINCE_DAYS.get(out.since)
        flt = lostfound.PublicFilter(
            q=out.searched,
            category=out.category,
            point_id=as_int(out.point),
            since=utcnow() - timedelta(days=days) if days else None,
            page=out.page,
        )
        cards, total = lostfound.search_items(session=session, flt=flt)
    out.cards = [card_dict(c) for c in cards]
    out.total_label = f"{lostfound.COUNT_CAP}+" if total > lostfound.COUNT_CAP else str(total)
    kept = {k: v for k, v in (("q", out.searched), ("category", out.category), ("point", out.point)) if v}
    kept |= {"since": out.since} if out.since else {}
    if out.page > 1:
        out.newer = routes.FOUND + "?" + urlencode({**kept, "page": out.page - 1})
    if len(cards) == lostfound.PAGE_SIZE and out.page * lostfound.PAGE_SIZE < total and out.page < MAX_PAGE:
        out.older = routes.FOUND + "?" + urlencode({**kept, "page": out.page + 1})
    return out


async def found_list(request: Request):
    out = await run_in_threadpool(_list, dict(request.query_params))
    return web.page(
        request,
        LIST_TEMPLATE,
        status=400 if out.error else 200,
        title=strings.PAGE_FOUND_TITLE,
        active=routes.FOUND,
        s=strings,
        p=out,
        since_options=[{"id": key, "name": label} for key, label in strings.FOUND_SINCE_CHOICES],
        action=routes.FOUND,
        card_href=routes.FOUND_CARD,
        lost_href=routes.LOST,
    )


# ---- one item and its claim form ---------------------------------------------------------------


@dataclass
class ItemPage:
    found: bool = False
    error: str = ""
    item: lostfound.PublicItem | None = None
    at: str = ""
    held: bool = False  # still at the desk: it can be claimed
    photos: list[str] = field(default_factory=list)
    claim_error: str = ""
    values: dict[str, str] = field(default_factory=dict)


def _item(item_id: int | None) -> ItemPage:
    try:
        with session_scope() as session:
            item = lostfound.public_item(session=session, item_id=item_id)
    except UserError as err:
        return ItemPage(error=err.message)
    return ItemPage(
        found=True,
        item=item,
        at=local_str(item.found_at),
        held=item.status == FoundStatus.held.value,
        photos=[photos.view_url(sha, viewer_id=None) for sha in item.photo_shas],
    )


def _render_item(request: Request, page: ItemPage, *, status: int = 200):
    return web.page(
        request,
        ITEM_TEMPLATE,
        status=status,
        title=page.item.title if page.item else strings.PAGE_FOUND_TITLE,
        active=routes.FOUND,
        s=strings,
        t=page,
        v=dict.fromkeys(CLAIM_FIELDS, "") | page.values,
        list_href=routes.FOUND,
        action=routes.found_item_url(page.item.id) if page.item else "",
    )


def _claim(item_id: int, values: dict[str, str], device: str) -> str:
    with session_scope() as session:
        claim = lostfound.submit_claim(
            session=session,
            item_id=item_id,
            device_id=device,
            description=values.get("description", ""),
            contact_name=values.get("contact_name", ""),
            contact_phone=values.get("contact_phone", ""),
            contact_email=values.get("contact_email", ""),
            secret=get_settings().secret_key,
            honeypot=values.get(HONEYPOT_FIELD, ""),
        )
        return claim.code


async def found_item(request: Request):
    page = await run_in_threadpool(_item, as_int(request.path_params.get("item_id")))
    if not page.found:
        return _render_item(request, page, status=404)
    if request.method == "GET":
        return _render_item(request, page)
    if not web.same_site(request):
        page.claim_error = shared.FORM_CROSS_SITE
        return _render_item(request, page, status=403)
    data = await intake.read_form(request, fields=len(CLAIM_FIELDS))
    if data is None:
        page.claim_error = shared.FORM_UNREADABLE
        return _render_item(request, page, status=400)
    page.values = intake.texts(data, CLAIM_FIELDS)
    await data.close()
    device = cookies.request_device(request)
    try:
        code = await run_in_threadpool(_claim, page.item.id, page.values, device)
    except UserError as err:
        page.claim_error = err.message
        return _render_item(request, page, status=400)
    # The claim's own page (its link is the claimant's key); the fragment tells draft.js on that
    # page to forget this form's draft.
    target = f"{routes.claim_url(code)}#{web.SENT_FRAGMENT}claim-{page.item.id}"
    return RedirectResponse(target, status_code=303)


ROUTES = [
    Route(routes.FOUND, found_list, methods=["GET"]),
    Route(routes.found_item_url("{item_id}"), found_item, methods=["GET", "POST"]),
]
