"""Staff pages of events with places: the list with a new-event form; one event (open it, close
registration and give the places, check tickets in at the door, record no-shows, read ratings
and file a problem as a case)."""

from __future__ import annotations

import dataclasses

import reflex as rx

from quanyi_app.core.accounts.session import SessionState, as_int, form_text
from quanyi_app.core.campus import services as campus
from quanyi_app.core.campustime import local_str
from quanyi_app.core.contact import mask_phone, mask_student_no
from quanyi_app.core.db import session_scope
from quanyi_app.core.modelbase import utcnow
from quanyi_app.core.permissions import Perm
from quanyi_app.core.settings import get_settings
from quanyi_app.core.ui.staff_page import StaffListPage, StaffRecord
from quanyi_app.events import routes, strings
from quanyi_app.events.services import places
from quanyi_app.proposals import public as proposals


@dataclasses.dataclass
class EventRow:
    id: str = ""
    title: str = ""
    meta: str = ""
    href: str = ""
    open_label: str = ""


def read_quotas(form: dict, colleges: list[dict[str, str]]) -> dict[int, int]:
    """The quota fields of a form (``pages.places.quota_fields``): college id -> places."""
    return {int(c["id"]): as_int(form.get(f"quota_{c['id']}")) or 0 for c in colleges if form.get(f"quota_{c['id']}")}


class EventListState(StaffListPage, SessionState):
    def _permission(self) -> Perm:
        return Perm.MEETING_MANAGE

    rows: list[EventRow] = []
    colleges: list[dict[str, str]] = []

    def _fill_lists(self, who) -> None:
        with session_scope() as session:
            self.colleges = campus.options(campus.reference_lists(session=session).colleges)

    def _reload(self) -> None:
        who = self._require(self._permission())
        with session_scope() as session:
            self.rows = [
                EventRow(
                    id=str(e.id),
                    title=e.title,
                    meta=" · ".join(
                        (
                            local_str(e.starts_at),
                            strings.EVW_PLACES.format(n=e.places),
                            strings.EVS_STATUS_LABELS[e.status],
                        )
                    ),
                    href=routes.staff_event_url(e.id),
                    open_label=strings.STAFF_OPEN_NAMED.format(name=e.title),
                )
                for e in places.staff_events(session=session, actor=who)
            ]

    @rx.event
    def open_page(self):
        return self._open()

    @rx.event
    def create(self, form: dict | None = None):
        form = form or {}
        quotas = {
            int(c["id"]): as_int(form.get(f"quota_{c['id']}")) or 0
            for c in self.colleges
            if form.get(f"quota_{c['id']}")
        }
        entry = places.EventForm(
            title=form_text(form, "title", 90),
            place=form_text(form, "place", 90),
            starts=form_text(form, "starts", 20),
            ends=form_text(form, "ends", 20),
            places=as_int(form.get("places")),
            reg_opens=form_text(form, "reg_opens", 20),
            reg_closes=form_text(form, "reg_closes", 20),
            mode=str(form.get("mode", "") or ""),
            description=form_text(form, "description", 2100),
            confirm_hours=as_int(form.get("confirm_hours") or "24"),
            quotas=quotas,
        )
        made = self._act(lambda s, who, url: places.create_event(session=s, actor=who, form=entry), strings.EVS_CREATED)
        if made is not None:
            return rx.redirect(routes.staff_event_url(made.id))


@dataclasses.dataclass
class RegView:
    id: str = ""
    name: str = ""
    meta: str = ""
    status: str = ""
    comment: str = ""
    rating: str = ""
    filed: bool = False
    file_label: str = ""


class EventState(StaffRecord, SessionState):
    def _permission(self) -> Perm:
        return Perm.MEETING_MANAGE

    event_id: int = 0
    title: str = ""
    meta: str = ""
    status: str = ""
    status_label: str = ""
    started: bool = False
    public_href: str = ""
    figures: list[str] = []
    regs: list[RegView] = []
    comments: list[RegView] = []
    categories: list[dict[str, str]] = []
    checked: str = ""  # the last ticket checked in: who, for the door

    def _fill_lists(self, who) -> None:
        with session_scope() as session:
            self.categories = [{"id": str(i), "name": n} for i, n in proposals.categories(session=session)]

    def _load(self) -> None:
        who = self._require(self._permission())
        with session_scope() as session:
            e = places.get_event(session, self.event_id)
            colleges = {o.id: o.name for o in campus.reference_lists(session=session).colleges}
            rows = places.registrations(session=session, actor=who, event_id=e.id)
            counts = places.counts(session, e.id)
            left = places.places_left(session, e.id)
            views = [
                RegView(
                    id=str(r.id),
                    name=r.name or "—",
                    meta=" · ".join(
                        x
                        for x in (
                            mask_student_no(r.student_no) if r.student_no else "",
                            colleges.get(r.college_id, ""),
                            mask_phone(r.phone) if r.phone else "",
                        )
                        if x
                    ),
                    status=strings.REG_STATUS_LABELS[r.status],
                    comment=r.comment,
                    rating=strings.EVW_RATE_STAR.format(n=r.rating) if r.rating else "",
                    filed=r.case_id is not None,
                    file_label=f"{strings.EVS_FILE_COMMENT}:{r.comment[:30]}",
                )
                for r in rows
            ]
            ratings = [r.rating for r in rows if r.rating]
            self.title = e.title
            self.meta = f"{local_str(e.starts_at)} · {e.place} · {strings.EVW_MODES[e.mode]}"
            self.status = e.status
            self.status_label = strings.EVS_STATUS_LABELS[e.status]
            self.started = utcnow() >= e.starts_at
        self.public_href = routes.event_url(self.event_id)
        self.figures = [
            strings.EVS_FIGURES.format(
                places=e.places,
                left=left,
                entries=len(rows),
                confirmed=counts.get("confirmed", 0) + counts.get("attended", 0) + counts.get("no_show", 0),
                waitlist=counts.get("waitlist", 0),
                attended=counts.get("attended", 0),
                no_show=counts.get("no_show", 0),
            ),
            strings.EVS_RATING.format(n=len(ratings), avg=f"{sum(ratings) / len(ratings):.1f}") if ratings else "",
        ]
        self.regs = views
        self.comments = [v for v in views if v.comment]
        self.found = True

    @rx.event
    def open_page(self):
        self.checked = ""
        return self._open("event_id")

    @rx.event
    def publish(self):
        eid = self.event_id
        self._act(lambda s, who, url: places.open_event(session=s, actor=who, event_id=eid), strings.EVS_OPENED)

    @rx.event
    def close_now(self):
        eid = self.event_id
        self._act(
            lambda s, who, url: places.close_now(session=s, actor=who, event_id=eid, public_url=url), strings.EVS_DRAWN
        )

    @rx.event
    def check_in(self, form: dict | None = None):
        eid, ticket = self.event_id, form_text(form, "ticket", 200)
        self.checked = ""
        reg = self._act(
            lambda s, who, url: places.check_in(session=s, actor=who, event_id=eid, ticket=ticket),
            lambda r: strings.EVS_CHECKED_IN.format(name=r.name),
        )
        if reg is not None:
            self.checked = reg.name
            return rx.set_value("f-ticket", "")

    @rx.event
    def no_shows(self):
        eid = self.event_id
        self._act(
            lambda s, who, url: places.record_no_shows(session=s, actor=who, event_id=eid),
            lambda n: strings.EVS_NO_SHOWS.format(n=n),
        )

    @rx.event
    def file_comment(self, registration_id: str):
        eid, rid = self.event_id, as_int(registration_id)
        self._act(
            lambda s, who, url: places.raise_case(
                session=s,
                actor=who,
                event_id=eid,
                description="",
                registration_id=rid,
                secret=get_settings().secret_key,
                public_url=url,
            ),
            lambda code: strings.EVS_FILED.format(code=code),
        )

    @rx.event
    def file_problem(self, form: dict | None = None):
        form = form or {}
        eid, text, category = self.event_id, form_text(form, "problem", 1950), as_int(form.get("category"))
        self._act(
            lambda s, who, url: places.raise_case(
                session=s,
                actor=who,
                event_id=eid,
                description=text,
                category_id=category,
                secret=get_settings().secret_key,
                public_url=url,
            ),
            lambda code: strings.EVS_FILED.format(code=code),
        )
