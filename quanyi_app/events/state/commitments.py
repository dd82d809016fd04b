"""The commitments desk: staff post and publish progress; an office user sees its own office's
commitments and posts progress for staff to publish. And the workbench card."""

from __future__ import annotations

import dataclasses

import reflex as rx

from quanyi_app.core.accounts.session import SessionState, as_int, form_input, form_text
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import UserError
from quanyi_app.core.permissions import Perm, can
from quanyi_app.core.photos.state import PhotoDraft
from quanyi_app.core.ui.staff_page import StaffListPage
from quanyi_app.events import strings
from quanyi_app.events.services import commitments, duty, places


@dataclasses.dataclass
class UpdateView:
    kind_label: str = ""
    body: str = ""
    at: str = ""
    note: str = ""  # pending / from which office
    photos: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class CommitmentView:
    id: str = ""
    what: str = ""
    meta: str = ""
    status: str = ""
    status_label: str = ""
    tone: str = ""
    closed: bool = False
    edit_label: str = ""
    updates: list[UpdateView] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class PendingView:
    id: str = ""
    title: str = ""
    body: str = ""
    at: str = ""
    photos: list[str] = dataclasses.field(default_factory=list)
    publish_label: str = ""
    decline_label: str = ""


TONES = {"open": "gray", "in_progress": "blue", "done": "green", "overdue": "red", "dropped": "gray"}


class CommitmentDeskState(PhotoDraft, StaffListPage, SessionState):
    def _permission(self) -> Perm:
        return Perm.COMMITMENT_UPDATE

    def _photo_uploader(self) -> int | None:
        return self._require(self._permission()).user_id

    rows: list[CommitmentView] = []
    pending: list[PendingView] = []
    reviews: bool = False  # staff: publishes offices' updates
    overdue_only: bool = False
    editing: str = ""  # the commitment whose update form is open

    def _reload(self) -> None:
        who = self._require(self._permission())
        with session_scope() as session:
            rows = commitments.for_desk(session=session, actor=who, overdue_only=self.overdue_only)
            self.reviews = can(who, Perm.MEETING_MANAGE)
            pending = commitments.pending_updates(session=session, actor=who) if self.reviews else []
        self.rows = [
            CommitmentView(
                id=str(r.id),
                what=r.what,
                meta=" · ".join(
                    x
                    for x in (
                        strings.BOARD_OWNER.format(office=r.office),
                        strings.BOARD_DUE.format(due=r.due),
                        strings.STAFF_DUE_DAYS_LATE.format(n=r.days_late) if r.days_late else "",
                        r.meeting,
                    )
                    if x
                ),
                status=r.status,
                status_label=r.status_label,
                tone=TONES[r.status],
                closed=r.status in ("done", "dropped"),
                edit_label=f"{strings.STAFF_UPDATE}:{r.what[:30]}",
                updates=[
                    UpdateView(
                        kind_label=u.kind_label,
                        body=u.body,
                        at=u.at,
                        note=strings.UPDATE_PENDING if u.pending else u.from_office,
                        photos=u.photos,
                    )
                    for u in r.updates
                ],
            )
            for r in rows
        ]
        self.pending = [
            PendingView(
                id=str(p.update_id),
                title=f"{strings.STAFF_FROM_OFFICE.format(office=p.office)} · {p.kind_label}:{p.commitment}",
                body=p.body,
                at=p.at,
                photos=p.photos,
                publish_label=f"{strings.STAFF_PUBLISH_UPDATE}:{p.commitment[:30]}",
                decline_label=f"{strings.STAFF_DECLINE_UPDATE}:{p.commitment[:30]}",
            )
            for p in pending
        ]

    @rx.event
    def open_page(self):
        self.editing = ""
        self._clear_photos()
        return self._open()

    @rx.event
    def set_overdue_only(self, on: bool):
        self.overdue_only = bool(on)
        self._refresh()

    @rx.event
    @form_input
    def edit(self, commitment_id: str):
        self.editing = "" if self.editing == str(commitment_id) else str(commitment_id)
        self._clear_photos()
        self.error = self.message = ""

    @rx.event
    def post(self, form: dict | None = None):
        form = form or {}
        cid, kind, body = as_int(self.editing), str(form.get("kind", "") or ""), form_text(form, "body", 2050)
        try:
            shots = self._draft_photo_ids()
        except UserError as err:
            self.error = err.message
            return
        done = self._act(
            lambda s, who, url: commitments.post_update(
                session=s, actor=who, commitment_id=cid, kind=kind, body=body, photo_ids=shots, public_url=url
            ),
            lambda u: strings.STAFF_UPDATE_SENT if u.published_at else strings.STAFF_UPDATE_QUEUED,
        )
        if done is not None:
            self.editing = ""
            self._clear_photos()

    @rx.event
    def publish(self, update_id: str):
        uid = as_int(update_id)
        self._act(
            lambda s, who, url: commitments.publish_update(session=s, actor=who, update_id=uid, public_url=url),
            strings.STAFF_UPDATE_PUBLISHED,
        )

    @rx.event
    def decline(self, update_id: str):
        uid = as_int(update_id)
        self._act(
            lambda s, who, url: commitments.decline_update(session=s, actor=who, update_id=uid),
            strings.STAFF_UPDATE_DECLINED,
        )


class EventsFiguresState(SessionState):
    def _permission(self) -> Perm:
        return Perm.COMMITMENT_UPDATE

    overdue: str = "—"
    open: str = "—"
    pending: str = "—"
    next_line: str = ""

    @rx.event
    def load(self):
        try:
            who = self._require(self._permission())
        except UserError as err:
            self._refused(err.message)
            return
        with session_scope() as session:
            f = commitments.desk_figures(session=session, actor=who)
        self.overdue, self.open, self.pending = str(f.overdue), str(f.open), str(f.pending)
        self.next_line = (
            strings.FIG_NEXT.format(name=f.next_name, when=f.next_when) if f.next_name else strings.FIG_NEXT_NONE
        )


class EventsDeskFiguresState(SessionState):
    """The workbench card of events with places and the duty room."""

    def _permission(self) -> Perm:
        return Perm.MEETING_MANAGE

    lines: list[str] = []
    duty_line: str = ""

    @rx.event
    def load(self):
        try:
            who = self._require(self._permission())
        except UserError as err:
            self._refused(err.message)
            return
        with session_scope() as session:
            rows = places.figures(session=session, actor=who)
            month = duty.monthly(session=session, actor=who, months=1)[0] if can(who, Perm.DUTY_DESK) else None
        self.lines = [
            strings.FIG_EVENT_DONE.format(
                title=f.title,
                attended=f.attended,
                no_show=f.no_show,
                rating=strings.FIG_EVENT_RATING.format(r=f.rating) if f.rating is not None else "",
            )
            if f.attended or f.no_show
            else strings.FIG_EVENT_LINE.format(title=f.title, entries=f.entries, places=f.places)
            for f in rows
        ]
        self.duty_line = (
            strings.FIG_DUTY.format(visits=month.visits, cases=month.cases, consultations=month.consultations)
            if month
            else ""
        )
