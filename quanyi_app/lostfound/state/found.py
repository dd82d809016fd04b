"""Lost and found, student side (no account): browse and search /found, an item's page and
its claim form, the claimant's status link, campus-card lookup, lost reports."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import reflex as rx

from quanyi_app.core import mine
from quanyi_app.core.accounts.session import Visitor, as_int, draft_sent, form_text, honeypot_value, route_tail
from quanyi_app.core.campustime import local_str, parse_local
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import UserError
from quanyi_app.core.modelbase import utcnow
from quanyi_app.core.photos import services as photos
from quanyi_app.core.settings import get_settings
from quanyi_app.core.ui.fetched import fill_from_url_script
from quanyi_app.lostfound import routes, strings
from quanyi_app.lostfound.services import found as lostfound
from quanyi_app.lostfound.services import pickup
from quanyi_app.lostfound.services import publish as found_publish

SINCE_OPTIONS = {"1": 1, "3": 3, "7": 7, "30": 30}


@dataclasses.dataclass
class FoundCard:
    id: str = ""
    title: str = ""
    category: str = ""
    place: str = ""
    at: str = ""
    point: str = ""
    masked: str = ""
    thumb: str = ""
    href: str = ""


@dataclasses.dataclass
class ClaimView:
    code: str = ""
    status: str = ""
    status_label: str = ""
    item_href: str = ""
    title: str = ""
    reason: str = ""
    point: str = ""
    place: str = ""
    hours: str = ""
    at: str = ""


@dataclasses.dataclass
class FoundItemView:
    id: str = ""
    title: str = ""
    description: str = ""
    category: str = ""
    place: str = ""
    at: str = ""
    point: str = ""
    point_place: str = ""
    hours: str = ""
    contact: str = ""
    masked: str = ""
    held: bool = False


@dataclasses.dataclass
class LostMatchView:
    found: bool = False
    masked: str = ""
    point: str = ""
    place: str = ""
    hours: str = ""
    at: str = ""
    href: str = ""


@dataclasses.dataclass
class LostReportView:
    code: str = ""
    category: str = ""
    description: str = ""
    place: str = ""
    at: str = ""
    open: bool = False


def card_dict(c: lostfound.PublicCard) -> FoundCard:
    return FoundCard(
        id=str(c.id),
        title=c.title,
        category=c.category,
        place=c.place_found,
        at=local_str(c.found_at, "%m-%d %H:%M"),
        point=c.point_name,
        masked=c.card_masked,
        thumb=photos.view_url(c.thumb_sha, viewer_id=None, thumb=True) if c.thumb_sha else "",
        href=routes.found_item_url(c.id),
    )


class FoundRefs(Visitor, rx.State):
    """Categories and pickup points for the public filters and forms."""

    categories: list[dict[str, str]] = []
    points: list[dict[str, str]] = []

    def _load_refs(self) -> None:
        with session_scope() as session:
            self.categories = [{"id": c.code, "name": c.name} for c in lostfound.categories(session)]
            self.points = [
                {"id": str(p.id), "name": p.name} for p in pickup.list_points(session=session, active_only=True)
            ]


class FoundListState(FoundRefs):
    """/found: newest first, filters, Chinese search, "load more"."""

    q: str = ""
    category: str = ""
    point: str = ""
    since: str = ""
    rows: list[FoundCard] = []
    total: int = 0
    page: int = 1
    error: str = ""
    loaded: bool = False
    searched: str = ""  # the query the rows answer ("" = browsing)

    has_more: bool = False
    total_label: str = "0"

    def _filter(self, page: int) -> lostfound.PublicFilter:
        days = SINCE_OPTIONS.get(self.since)
        return lostfound.PublicFilter(
            q=self.searched,
            category=self.category,
            point_id=as_int(self.point),
            since=utcnow() - timedelta(days=days) if days else None,
            page=page,
        )

    def _fetch(self, page: int) -> None:
        with session_scope() as session:
            cards, total = lostfound.search_items(session=session, flt=self._filter(page))
        new = [card_dict(c) for c in cards]
        self.rows = new if page == 1 else self.rows + new
        self.total, self.page, self.loaded = total, page, True
        self.total_label = f"{lostfound.COUNT_CAP}+" if total > lostfound.COUNT_CAP else str(total)
        self.has_more = len(cards) == lostfound.PAGE_SIZE and (page * lostfound.PAGE_SIZE < total)

    @rx.event
    def load(self):
        self._load_refs()
        params = self.router.url.query_parameters
        self.q = str(params.get("q", ""))[:40]
        self.category = (
            str(params.get("category", "")) if params.get("category") in {c["id"] for c in self.categories} else ""
        )
        self.searched, self.error = "", ""
        if self.q.strip():
            try:
                lostfound.parse_query(self.q)
                self.searched = self.q
            except UserError as err:
                self.error = err.message
        self._fetch(1)

    @rx.event
    def search(self, form: dict | None = None):
        """The search box is read once, from the submitted form (no event per keystroke)."""
        self.error = ""
        self.q = form_text(form, "q", 40)
        try:
            lostfound.parse_query(self.q)
        except UserError as err:
            self.error = err.message
            return
        self.searched = self.q
        self._fetch(1)

    @rx.event
    def clear_search(self):
        self.q = self.searched = self.error = ""
        self._fetch(1)

    @rx.event
    def set_filter(self, name: str, value: str):
        if name in ("category", "point", "since"):
            setattr(self, name, str(value)[:16])
            self.error = ""
            self._fetch(1)

    @rx.event
    def load_more(self):
        if self.has_more:
            self._fetch(self.page + 1)


class FoundItemState(FoundRefs):
    """An item's public page and the claim form."""

    item: FoundItemView = FoundItemView()
    photos: list[str] = []
    error: str = ""
    claim_error: str = ""
    busy: bool = False

    @rx.event
    def load(self):
        item_id = as_int(route_tail(self.router.url.path))
        self.claim_error = ""
        self.busy = False
        try:
            with session_scope() as session:
                v = lostfound.public_item(session=session, item_id=item_id)
        except UserError as err:
            self.error, self.item, self.photos = err.message, FoundItemView(), []
            return
        self.error = ""
        self.photos = [photos.view_url(sha, viewer_id=None) for sha in v.photo_shas]
        self.item = FoundItemView(
            id=str(v.id),
            title=v.title,
            description=v.description,
            category=v.category,
            place=v.place_found,
            at=local_str(v.found_at),
            point=v.point_name,
            point_place=v.point_place,
            hours=v.point_hours,
            contact=v.point_contact,
            masked=v.card_masked,
            held=bool(v.status == "held"),
        )

    @rx.event
    def submit_claim(self, form: dict | None = None):
        """The claim form's typed fields are read once, from the submitted form."""
        if self.busy:
            return
        form = form or {}
        self.claim_error = ""
        self.busy = True
        try:
            with session_scope() as session:
                claim = lostfound.submit_claim(
                    session=session,
                    item_id=as_int(self.item.id),
                    device_id=self._device(),
                    description=form_text(form, "description"),
                    contact_name=form_text(form, "contact_name"),
                    contact_phone=form_text(form, "contact_phone"),
                    contact_email=form_text(form, "contact_email"),
                    secret=get_settings().secret_key,
                    honeypot=honeypot_value(form),
                )
                code = claim.code
        except UserError as err:
            self.claim_error = err.message
            return
        finally:
            self.busy = False
        return [draft_sent(f"claim-{self.item.id}"), rx.redirect(routes.claim_url(code))]


LOST_DRAFT = "lost"  # the lost form's data-draft name
PICKUP_CODE_ID = "pickup-code"


class ClaimStatusState(Visitor, rx.State):
    claim: ClaimView = ClaimView()
    error: str = ""

    @rx.event
    def load(self):
        try:
            with session_scope() as session:
                v = lostfound.claim_view(session=session, code=route_tail(self.router.url.path))
        except UserError as err:
            self.error, self.claim = err.message, ClaimView()
            return
        self.error = ""
        self.claim = ClaimView(
            code=v.code,
            status=v.status,
            status_label=strings.CLAIM_STATUS_LABELS.get(v.status, v.status),
            item_href=routes.found_item_url(v.item_id),
            title=v.item_title,
            reason=v.reason,
            point=v.point_name,
            place=v.point_place,
            hours=v.point_hours,
            at=local_str(v.created_at),
        )
        if v.status == "approved":
            # The code is a secret: no state var (Reflex persists state, and even a computed
            # var's last value). The browser fetches it from the claim's link into the page.
            return rx.call_script(fill_from_url_script(PICKUP_CODE_ID, routes.pickup_code_url(v.code)))


class CardLookupState(Visitor, rx.State):
    number: str = ""
    error: str = ""
    result: LostMatchView = LostMatchView()

    @rx.event
    def lookup(self, form: dict | None = None):
        self.error, self.result = "", LostMatchView()
        self.number = form_text(form, "number", 32)
        try:
            with session_scope() as session:
                r = lostfound.lookup_card(session=session, number=self.number)
        except UserError as err:
            self.error = err.message
            return
        self.result = LostMatchView(
            found=bool(r.found),
            masked=r.masked,
            point=r.point_name,
            place=r.point_place,
            hours=r.point_hours,
            at=local_str(r.found_at) if r.found_at else "",
            href=routes.found_item_url(r.item_id) if r.item_id else "",
        )


class LostReportState(FoundRefs):
    """/lost: file a lost report; /lost/<code>: the report and its matches."""

    category: str = ""
    lost_at: str = ""  # the form's default ("now"); what is typed is read on submit
    my_reports: list[dict[str, str]] = []  # this phone's reports, by its device cookie
    error: str = ""
    busy: bool = False
    report: LostReportView = LostReportView()
    matches: list[FoundCard] = []

    @rx.event
    def open_form(self):
        self._load_refs()
        self.error = ""
        self.busy = False
        self.lost_at = local_str(utcnow(), "%Y-%m-%dT%H:%M")
        device = self._device()
        with session_scope() as session:
            records = lostfound.mine(session, mine.device_key(device)) if device else []
        self.my_reports = [
            {"title": m.title, "href": m.href, "status": m.status} for m in records if m.kind == strings.MINE_KIND_LOST
        ]

    @rx.event
    def set_category(self, value: str):
        self.category = str(value)[:16]

    @rx.event
    def submit(self, form: dict | None = None):
        if self.busy:
            return
        form = form or {}
        self.error = ""
        self.busy = True
        try:
            with session_scope() as session:
                report = lostfound.submit_lost_report(
                    session=session,
                    category=self.category,
                    description=form_text(form, "description"),
                    place=form_text(form, "place"),
                    lost_at=parse_local(form_text(form, "lost_at", 32)),
                    contact_name=form_text(form, "contact_name"),
                    contact_phone=form_text(form, "contact_phone"),
                    contact_email=form_text(form, "contact_email"),
                    device_id=self._device(),
                    secret=get_settings().secret_key,
                    honeypot=honeypot_value(form),
                )
                code = report.code
        except UserError as err:
            self.error = err.message
            return
        finally:
            self.busy = False
        return [draft_sent(LOST_DRAFT), rx.redirect(routes.lost_report_url(code))]

    @rx.event
    def open_report(self):
        code = route_tail(self.router.url.path)
        try:
            with session_scope() as session:
                v = lostfound.lost_view(session=session, code=code)
        except UserError as err:
            self.error, self.report, self.matches = err.message, LostReportView(), []
            return
        self.error = ""
        self.report = LostReportView(
            code=v.code,
            category=v.category,
            description=v.description,
            place=v.place,
            at=local_str(v.lost_at),
            open=bool(v.open),
        )
        self.matches = [card_dict(c) for c in v.matches]

    @rx.event
    def close_report(self):
        code = self.report.code
        try:
            with session_scope() as session:
                lostfound.close_lost_report(session=session, code=code)
        except UserError as err:
            self.error = err.message
            return
        self.report = dataclasses.replace(self.report, open=False)
        self.matches = []
        return rx.toast.success(strings.LOST_CLOSED)


class PublicationState(rx.State):
    title: str = ""
    period: str = ""
    pdf: str = ""
    png: str = ""
    rows: list[FoundCard] = []
    error: str = ""

    @rx.event
    def load(self):
        number = as_int(route_tail(self.router.url.path))
        try:
            with session_scope() as session:
                v = found_publish.publication_view(session=session, number=number)
        except UserError as err:
            self.error, self.rows = err.message, []
            return
        self.error = ""
        self.title, self.period = strings.PUB_TITLE.format(n=v.number), v.period
        self.pdf, self.png = routes.publication_file_url(v.number, "pdf"), routes.publication_file_url(v.number, "png")
        self.rows = [card_dict(c) for c in v.items]
