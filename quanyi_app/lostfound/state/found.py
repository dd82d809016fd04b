"""Lost and found, student side (no account), in the app: the claimant's status link,
campus-card lookup, lost reports, publications (the list /found and an item's page with its
claim form are plain pages: lostfound/web.py)."""

from __future__ import annotations

import dataclasses

import reflex as rx

from quanyi_app.core import mine
from quanyi_app.core.accounts.session import Visitor, as_int, draft_sent, form_text, honeypot_value, route_tail
from quanyi_app.core.campustime import local_str, parse_local
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import UserError
from quanyi_app.core.modelbase import utcnow
from quanyi_app.core.settings import get_settings
from quanyi_app.core.ui.fetched import fill_from_url_script
from quanyi_app.lostfound import routes, strings
from quanyi_app.lostfound.cards import FoundCard, card_dict
from quanyi_app.lostfound.services import found as lostfound
from quanyi_app.lostfound.services import pickup
from quanyi_app.lostfound.services import publish as found_publish


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
