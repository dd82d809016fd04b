"""Lost and found, staff side: the desk list, registering, one item (claims, handover, moves,
disposal), lost reports, publications, and (admins) pickup points and retention."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import reflex as rx

from quanyi_app.core import strings as shared
from quanyi_app.core.accounts.session import SessionState, as_int, form_input
from quanyi_app.core.campustime import local_str, parse_day, parse_local
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import UserError
from quanyi_app.core.modelbase import utcnow
from quanyi_app.core.permissions import Perm
from quanyi_app.core.photos import services as photos
from quanyi_app.core.photos.state import PhotoDraft
from quanyi_app.core.ui.staff_page import StaffDetail, StaffListPage
from quanyi_app.lostfound import routes, strings
from quanyi_app.lostfound.services import found as lostfound
from quanyi_app.lostfound.services import pickup
from quanyi_app.lostfound.services import publish as found_publish

CAMPUS_CARD = lostfound.CAMPUS_CARD  # the category whose items carry a card number
PICKUP_CODE_FIELD = "f-pickup-code"


@dataclasses.dataclass
class DeskClaimView:
    id: str = ""
    status: str = ""
    status_label: str = ""
    description: str = ""
    contact: str = ""
    at: str = ""
    reason: str = ""
    approve_label: str = ""  # accessible names: "通过第 1 条认领" (no timestamps read out)
    reject_label: str = ""


@dataclasses.dataclass
class PublicationRow:
    number: str = ""
    title: str = ""
    items: str = ""
    period: str = ""
    href: str = ""
    pdf: str = ""
    png: str = ""


@dataclasses.dataclass
class SuggestionView:
    href: str = ""
    title: str = ""
    score: str = ""


@dataclasses.dataclass
class DeskItemView:
    id: str = ""
    title: str = ""
    description: str = ""
    category: str = ""
    place: str = ""
    at: str = ""
    point: str = ""
    hidden: str = ""
    card: str = ""
    status: str = ""
    status_label: str = ""
    due: str = ""
    registered_by: str = ""
    collected: str = ""
    disposed: str = ""
    held: bool = False
    public_href: str = ""


@dataclasses.dataclass
class DeskRow:
    id: str = ""
    title: str = ""
    category: str = ""
    point: str = ""
    at: str = ""
    status: str = ""
    due: str = ""
    overdue: bool = False
    claims: str = ""
    href: str = ""


@dataclasses.dataclass
class FoundCategoryOption:
    id: str = ""
    name: str = ""
    photos_public: bool = False


@dataclasses.dataclass
class LostRow:
    id: str
    category: str
    description: str
    place: str
    at: str
    contact: str
    suggestions: list[SuggestionView]


@dataclasses.dataclass
class PointCard:
    id: str
    name: str
    place: str
    hours: str
    contact: str
    active: bool
    staff: list[dict[str, str]]


def _points(session, who, *, mine: bool) -> list[dict[str, str]]:
    allowed = lostfound.assigned_points(session, who) if mine else None
    return [
        {"id": str(p.id), "name": p.name}
        for p in pickup.list_points(session=session, active_only=True)
        if allowed is None or p.id in allowed
    ]


class FoundDeskState(StaffListPage, SessionState):
    def _permission(self) -> Perm:
        return Perm.FOUND_DESK

    rows: list[DeskRow] = []
    total: int = 0
    page: int = 1
    status: str = "held"
    point: str = ""
    q: str = ""
    points: list[dict[str, str]] = []
    lost_rows: list[dict] = []

    def _reload(self) -> None:
        who = self._require(Perm.FOUND_DESK)
        with session_scope() as session:
            self.points = _points(session, who, mine=False)
            rows, self.total = lostfound.staff_items(
                session=session,
                actor=who,
                flt=lostfound.StaffFilter(status=self.status, point_id=as_int(self.point), q=self.q, page=self.page),
            )
        new = [
            DeskRow(
                id=str(r.id),
                title=r.title,
                category=r.category,
                point=r.point_name,
                at=local_str(r.found_at, "%m-%d %H:%M"),
                status=strings.FOUND_STATUS_LABELS.get(r.status, r.status),
                due=local_str(r.retention_until, "%Y-%m-%d"),
                overdue=bool(r.overdue),
                claims=str(r.pending_claims) if r.pending_claims else "",
                href=routes.desk_item_url(r.id),
            )
            for r in rows
        ]
        self.rows = new if self.page == 1 else self.rows + new

    @rx.event
    def open_page(self):
        self.page = 1
        return self._open()

    @rx.event
    @form_input
    def set_filter(self, name: str, value: str):
        if name in ("status", "point", "q"):
            setattr(self, name, str(value)[:40])
        if name != "q":
            self.apply()

    @rx.event
    def apply(self, form: dict | None = None):
        self.page = 1
        self.error = ""
        try:
            self._reload()
        except UserError as err:
            self.error = err.message

    @rx.event
    def more(self):
        self.page += 1
        try:
            self._reload()
        except UserError as err:
            self.error = err.message


class FoundRegisterState(PhotoDraft, StaffListPage, SessionState):
    def _permission(self) -> Perm:
        return Perm.FOUND_DESK

    categories: list[FoundCategoryOption] = []
    points: list[dict[str, str]] = []
    category: str = ""
    title: str = ""
    description: str = ""
    place_found: str = ""
    found_at: str = ""
    point: str = ""
    hidden_details: str = ""
    card_number: str = ""
    busy: bool = False

    # categories whose photos are never shown publicly (the page warns when one is picked)
    private_photo_categories: list[str] = []

    def _reload(self) -> None:
        """Nothing to show but the form."""

    def _fill_lists(self, who) -> None:
        with session_scope() as session:
            self.categories = [
                FoundCategoryOption(id=c.code, name=c.name, photos_public=bool(c.photos_public))
                for c in lostfound.categories(session)
            ]
            self.points = _points(session, who, mine=True)
        self.private_photo_categories = [c.id for c in self.categories if not c.photos_public]

    def _on_open(self, who) -> None:
        self.photo_error = ""
        self.busy = False
        if self.point not in {p["id"] for p in self.points}:
            self.point = self.points[0]["id"] if len(self.points) == 1 else ""
        if not self.found_at:
            self.found_at = local_str(utcnow(), "%Y-%m-%dT%H:%M")

    @rx.event
    def open_page(self):
        redirect = self._open()
        if redirect is not None:
            return redirect
        return None if self.points else rx.toast.error(shared.FOUND_NOT_YOUR_POINT)

    @rx.event
    @form_input
    def set_field(self, name: str, value: str):
        if name in (
            "category",
            "title",
            "description",
            "place_found",
            "found_at",
            "point",
            "hidden_details",
            "card_number",
        ):
            setattr(self, name, str(value)[:600])

    def _photo_uploader(self) -> int | None:
        return self._require(self._permission()).user_id

    @rx.event
    def submit(self, form: dict | None = None):
        if self.busy:
            return None
        draft = lostfound.ItemDraft(
            category=self.category,
            title=self.title,
            description=self.description,
            place_found=self.place_found,
            found_at=parse_local(self.found_at),
            pickup_point_id=as_int(self.point),
            hidden_details=self.hidden_details,
            card_number=self.card_number,
            photo_ids=self._draft_photo_ids(),
        )
        self.busy = True
        try:
            item = self._act(
                lambda session, who, url: lostfound.register_item(
                    session=session, actor=who, draft=draft, public_url=url
                ),
                strings.FOUND_REGISTERED,
                ("title", "description", "place_found", "hidden_details", "card_number", "found_at"),
            )
        finally:
            self.busy = False
        if item is None:
            return None
        self._clear_photos()
        return [rx.toast.success(strings.FOUND_REGISTERED), rx.redirect(routes.desk_item_url(item.id))]


class FoundStaffItemState(StaffDetail, SessionState):
    def _permission(self) -> Perm:
        return Perm.FOUND_DESK

    item_id: int = 0
    item: DeskItemView = DeskItemView()
    has_pending_claim: bool = False  # a claim waits for a decision (the reject-reason field is for those)
    item_photos: list[str] = []
    claims: list[DeskClaimView] = []
    moves: list[dict[str, str]] = []
    desk_points: list[dict[str, str]] = []
    reject_reason: str = ""
    collector_name: str = ""
    identity_method: str = ""
    identity_note: str = ""
    move_to: str = ""
    move_note: str = ""
    outcome: str = ""
    outcome_note: str = ""

    def _fill_lists(self, who) -> None:  # this page needs pickup points, not the case lists
        with session_scope() as session:
            self.desk_points = _points(session, who, mine=False)

    def _load(self) -> None:
        who = self._require(Perm.FOUND_DESK)
        with session_scope() as session:
            v = lostfound.staff_item(session=session, actor=who, item_id=self.item_id)
        i = v.item
        self.found = True
        self.item = DeskItemView(
            id=str(i.id),
            title=i.title,
            description=i.description,
            category=v.category,
            place=i.place_found,
            at=local_str(i.found_at),
            point=v.point_name,
            hidden=i.hidden_details,
            card=i.card_number or "",
            status=i.status,
            status_label=strings.FOUND_STATUS_LABELS.get(i.status, i.status),
            due=local_str(i.retention_until, "%Y-%m-%d"),
            registered_by=v.registered_by,
            collected=strings.FOUND_COLLECTED_LINE.format(
                at=local_str(i.collected_at), who=i.collected_by_name, check=i.identity_check, staff=v.handed_over_by
            )
            if i.collected_at
            else "",
            disposed=strings.FOUND_DISPOSED_LINE.format(
                at=local_str(i.disposed_at),
                outcome=strings.DISPOSAL_OUTCOMES.get(i.disposal_outcome, ""),
                note=i.disposal_note,
            )
            if i.disposed_at
            else "",
            held=bool(v.can_act),
            public_href=routes.found_item_url(i.id),
        )
        self.item_photos = [photos.view_url(sha, viewer_id=who.user_id) for sha in v.photo_shas]
        self.claims = [
            DeskClaimView(
                id=str(c.id),
                status=c.status,
                status_label=strings.CLAIM_STATUS_LABELS.get(c.status, c.status),
                description=c.description,
                contact=c.contact,
                at=local_str(c.created_at),
                reason=c.reason,
                approve_label=strings.DESK_APPROVE_NAMED.format(n=n),
                reject_label=strings.DESK_REJECT_NAMED.format(n=n),
            )
            for n, c in enumerate(v.claims, 1)
        ]
        self.has_pending_claim = any(c.status == "pending" for c in self.claims)
        self.moves = [
            {"at": local_str(at), "text": strings.FOUND_MOVE_LINE.format(frm=frm, to=to, who=who_name, note=note)}
            for at, frm, to, who_name, note in v.moves
        ]

    @rx.event
    def open_page(self):
        return self._open("item_id")

    @rx.event
    @form_input
    def set_field(self, name: str, value: str):
        if name in (
            "reject_reason",
            "collector_name",
            "identity_method",
            "identity_note",
            "move_to",
            "move_note",
            "outcome",
            "outcome_note",
        ):
            setattr(self, name, str(value)[:200])

    @rx.event
    def approve(self, claim_id: str):
        cid = as_int(claim_id)
        self._act(
            lambda s, who, url: lostfound.approve_claim(session=s, actor=who, claim_id=cid, public_url=url),
            strings.FOUND_CLAIM_APPROVED,
        )

    @rx.event
    def reject(self, claim_id: str):
        cid, reason = as_int(claim_id), self.reject_reason
        self._act(
            lambda s, who, url: lostfound.reject_claim(
                session=s, actor=who, claim_id=cid, reason=reason, public_url=url
            ),
            strings.FOUND_CLAIM_REJECTED,
            clear=("reject_reason",),
        )

    @rx.event
    def hand_over(self, form: dict | None = None):
        """The pickup code is read from the submitted form and never kept in state."""
        form = form or {}
        args = dict(
            item_id=self.item_id,
            pickup_code=str(form.get("pickup_code", "") or "")[:8],
            collector_name=self.collector_name,
            identity_method=self.identity_method,
            identity_note=self.identity_note,
            walk_in_confirmed=str(form.get("walk_in", "")) in ("on", "1", "true"),
        )
        done = self._act(
            lambda s, who, url: lostfound.hand_over(session=s, actor=who, **args),
            strings.FOUND_HANDED_OVER,
            clear=("collector_name", "identity_note"),
        )
        if done is not None:
            return rx.set_value(PICKUP_CODE_FIELD, "")

    @rx.event
    def move(self, form: dict | None = None):
        to, note = as_int(self.move_to), self.move_note
        self._act(
            lambda s, who, url: lostfound.move_item(
                session=s, actor=who, item_id=self.item_id, to_point_id=to, note=note
            ),
            strings.FOUND_MOVED,
            clear=("move_note",),
        )

    @rx.event
    def dispose(self, form: dict | None = None):
        outcome, note = self.outcome, self.outcome_note
        self._act(
            lambda s, who, url: lostfound.dispose_item(
                session=s, actor=who, item_id=self.item_id, outcome=outcome, note=note
            ),
            strings.FOUND_DISPOSED,
            clear=("outcome_note",),
        )


class LostDeskState(StaffListPage, SessionState):
    def _permission(self) -> Perm:
        return Perm.FOUND_DESK

    reports: list[LostRow] = []

    def _reload(self) -> None:
        who = self._require(Perm.FOUND_DESK)
        with session_scope() as session:
            rows = lostfound.staff_lost_reports(session=session, actor=who)
        self.reports = [
            LostRow(
                id=str(r.id),
                category=r.category,
                description=r.description,
                place=r.place,
                at=local_str(r.lost_at),
                contact=r.contact,
                suggestions=[
                    SuggestionView(href=routes.desk_item_url(i), title=t, score=f"{round(s * 100)}%")
                    for i, t, s in r.suggestions
                ],
            )
            for r in rows
        ]

    @rx.event
    def open_page(self):
        return self._open()


class PublicationDeskState(StaffListPage, SessionState):
    def _permission(self) -> Perm:
        return Perm.FOUND_DESK

    start: str = ""
    end: str = ""
    publications: list[PublicationRow] = []

    def _reload(self) -> None:
        with session_scope() as session:
            pubs = found_publish.list_publications(session=session)
        self.publications = [
            PublicationRow(
                number=str(p.number),
                title=strings.PUB_TITLE.format(n=p.number),
                items=str(len(p.item_ids)),
                period=f"{local_str(p.period_start, '%Y-%m-%d')} – "
                f"{local_str(p.period_end - timedelta(seconds=1), '%Y-%m-%d')}",
                href=routes.publication_url(p.number),
                pdf=routes.publication_file_url(p.number, "pdf"),
                png=routes.publication_file_url(p.number, "png"),
            )
            for p in pubs
        ]

    @rx.event
    def open_page(self):
        if not self.start:
            self.start, self.end = found_publish.default_period()
        return self._open()

    @rx.event
    @form_input
    def set_field(self, name: str, value: str):
        if name in ("start", "end"):
            setattr(self, name, str(value)[:10])

    @rx.event
    def create(self, form: dict | None = None):
        start, end = parse_day(self.start), parse_day(self.end)
        end = end + timedelta(days=1) if end else None  # the end day is included
        self._edit(
            lambda s, who: found_publish.create_publication(session=s, actor=who, start=start, end=end),
            strings.PUB_CREATED,
        )


class PickupAdminState(StaffListPage, SessionState):
    points: list[PointCard] = []
    staff: list[dict[str, str]] = []
    categories: list[dict[str, str]] = []
    edit_id: str = ""
    name: str = ""
    place: str = ""
    hours: str = ""
    contact: str = ""
    assign_user: dict[str, str] = {}
    retention: dict[str, str] = {}

    def _reload(self) -> None:
        who = self._require(self._permission())
        with session_scope() as session:
            rows = pickup.point_rows(session=session, actor=who)
            self.staff = [{"id": str(i), "name": n} for i, n in pickup.staff_choices(session=session, actor=who)]
            cats = lostfound.categories(session)
        self.points = [
            PointCard(
                id=str(p.id),
                name=p.name,
                place=p.place,
                hours=p.opening_hours,
                contact=p.contact,
                active=p.active,
                staff=[{"id": str(i), "name": n, "point": str(p.id)} for i, n in p.staff],
            )
            for p in rows
        ]
        self.categories = [{"id": c.code, "name": c.name, "days": str(c.retention_days)} for c in cats]
        self.retention = {c.code: str(c.retention_days) for c in cats}

    def _permission(self) -> Perm:
        return Perm.PICKUP_ADMIN

    @rx.event
    def open_page(self):
        return self._open()

    @rx.event
    @form_input
    def set_field(self, name: str, value: str):
        if name in ("name", "place", "hours", "contact"):
            setattr(self, name, str(value)[:128])

    @rx.event
    @form_input
    def edit(self, point_id: str):
        p = next((p for p in self.points if p.id == point_id), None)
        if p is not None:
            self.edit_id, self.name, self.place, self.hours, self.contact = p.id, p.name, p.place, p.hours, p.contact

    @rx.event
    @form_input
    def new_point(self):
        self.edit_id = self.name = self.place = self.hours = self.contact = ""

    @rx.event
    def save(self, form: dict | None = None):
        pid, fields = (
            as_int(self.edit_id),
            dict(name=self.name, place=self.place, opening_hours=self.hours, contact=self.contact),
        )
        if self._edit(
            lambda s, who: pickup.save_point(session=s, actor=who, point_id=pid, **fields), strings.POINT_SAVED
        ):
            self.edit_id = self.name = self.place = self.hours = self.contact = ""

    @rx.event
    def set_active(self, point_id: str, active: bool):
        pid = as_int(point_id) or 0
        self._edit(
            lambda s, who: pickup.set_point_active(session=s, actor=who, point_id=pid, active=active),
            strings.POINT_SAVED,
        )

    @rx.event
    @form_input
    def pick_user(self, point_id: str, user_id: str):
        self.assign_user = {**self.assign_user, point_id: str(user_id)}

    @rx.event
    def add_staff(self, point_id: str):
        pid, uid = as_int(point_id), as_int(self.assign_user.get(point_id, ""))
        self._edit(
            lambda s, who: pickup.assign(session=s, actor=who, point_id=pid, user_id=uid, on=True), strings.POINT_SAVED
        )

    @rx.event
    def remove_staff(self, point_id: str, user_id: str):
        pid, uid = as_int(point_id), as_int(user_id)
        self._edit(
            lambda s, who: pickup.assign(session=s, actor=who, point_id=pid, user_id=uid, on=False), strings.POINT_SAVED
        )

    @rx.event
    @form_input
    def set_retention(self, code: str, days: str):
        self.retention = {**self.retention, code: str(days)[:4]}

    @rx.event
    def save_retention(self, code: str):
        days = as_int(self.retention.get(code, ""))
        self._edit(
            lambda s, who: lostfound.set_retention(session=s, actor=who, category=code, days=days), strings.POINT_SAVED
        )
