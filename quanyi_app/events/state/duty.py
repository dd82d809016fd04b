"""The duty room's staff page: log a walk-in in seconds (a case with its tracking code on the
spot, or a consultation), the monthly figures, and the roster with its swaps."""

from __future__ import annotations

import dataclasses

import reflex as rx

from quanyi_app.core.accounts.session import SessionState, as_int, form_text
from quanyi_app.core.campustime import parse_day
from quanyi_app.core.db import session_scope
from quanyi_app.core.permissions import Perm
from quanyi_app.core.settings import get_settings
from quanyi_app.core.ui.staff_page import StaffListPage
from quanyi_app.events import routes, strings
from quanyi_app.events.services import duty
from quanyi_app.proposals import public as proposals


@dataclasses.dataclass
class SlotView:
    id: str = ""
    label: str = ""
    people: str = ""
    remove_label: str = ""


@dataclasses.dataclass
class MonthView:
    month: str = ""
    visits: str = ""
    cases: str = ""
    consultations: str = ""
    by_category: str = ""


class DutyDeskState(StaffListPage, SessionState):
    def _permission(self) -> Perm:
        return Perm.DUTY_DESK

    line: str = ""
    categories: list[dict[str, str]] = []
    people: list[dict[str, str]] = []
    slots: list[SlotView] = []
    months: list[MonthView] = []
    code: str = ""  # the tracking code just given
    slip_href: str = ""
    track_href: str = ""

    def _fill_lists(self, who) -> None:
        with session_scope() as session:
            self.categories = [{"id": str(i), "name": n} for i, n in proposals.categories(session=session)]
            self.people = [{"id": str(i), "name": n} for i, n in duty.people(session=session, actor=who)]

    def _reload(self) -> None:
        who = self._require(self._permission())
        with session_scope() as session:
            line = duty.now_line(session=session)
            self.line = f"{line.text} · {line.place}" if line else strings.DUTY_NO_HOURS
            self.slots = [
                SlotView(
                    id=str(s.id),
                    label=f"{strings.WEEKDAYS[s.weekday]} {s.starts}–{s.ends} · {s.place}",
                    people="、".join(duty.roster_names(session, s)) or strings.DUTY_NOBODY,
                    remove_label=f"{strings.DUTY_REMOVE_SLOT}:{strings.WEEKDAYS[s.weekday]} {s.starts}",
                )
                for s in duty.slots(session=session)
            ]
            self.months = [
                MonthView(
                    month=m.month,
                    visits=str(m.visits),
                    cases=str(m.cases),
                    consultations=str(m.consultations),
                    by_category="、".join(f"{name} {n}" for name, n in m.by_category) or "—",
                )
                for m in duty.monthly(session=session, actor=who)
            ]

    @rx.event
    def open_page(self):
        self.code = self.slip_href = self.track_href = ""
        return self._open()

    @rx.event
    def log_case(self, form: dict | None = None):
        form = form or {}
        category, text = as_int(form.get("category")), form_text(form, "description", 2100)
        phone, email = form_text(form, "phone", 24), form_text(form, "email", 254)
        self.code = ""
        done = self._act(
            lambda s, who, url: duty.log_case(
                session=s,
                actor=who,
                category_id=category,
                description=text,
                phone=phone,
                email=email,
                secret=get_settings().secret_key,
                public_url=url,
            ),
            lambda c: strings.DUTY_CASE_DONE.format(code=c.tracking_code) + strings.DUTY_CASE_TOLD[c.told],
        )
        if done is not None:
            self.code = done.tracking_code
            self.slip_href = routes.slip_url(done.tracking_code)
            self.track_href = proposals.track_path(done.tracking_code)
            return [
                rx.set_value("f-duty-description", ""),
                rx.set_value("f-duty-phone", ""),
                rx.set_value("f-duty-email", ""),
            ]

    @rx.event
    def log_consultation(self, form: dict | None = None):
        form = form or {}
        category, note = as_int(form.get("category")), form_text(form, "note", 550)
        done = self._act(
            lambda s, who, url: duty.log_consultation(session=s, actor=who, category_id=category, note=note),
            strings.DUTY_CONSULT_DONE,
        )
        if done is not None:
            return rx.set_value("f-duty-note", "")

    @rx.event
    def add_slot(self, form: dict | None = None):
        form = form or {}
        weekday = as_int(form.get("weekday"))
        starts, ends, place = form_text(form, "starts", 8), form_text(form, "ends", 8), form_text(form, "place", 90)
        self._act(
            lambda s, who, url: duty.add_slot(
                session=s, actor=who, weekday=weekday, starts=starts, ends=ends, place=place
            ),
            strings.DUTY_SLOT_SAVED,
        )

    @rx.event
    def remove_slot(self, slot_id: str):
        sid = as_int(slot_id)
        self._act(lambda s, who, url: duty.remove_slot(session=s, actor=who, slot_id=sid), strings.DUTY_SLOT_SAVED)

    @rx.event
    def add_person(self, form: dict | None = None):
        form = form or {}
        sid, uid = as_int(form.get("slot")), as_int(form.get("person"))
        self._act(
            lambda s, who, url: duty.set_roster(session=s, actor=who, slot_id=sid, user_id=uid, on=True),
            strings.DUTY_SLOT_SAVED,
        )

    @rx.event
    def swap(self, form: dict | None = None):
        form = form or {}
        sid, day = as_int(form.get("slot")), parse_day(form_text(form, "day", 12))
        frm, to = as_int(form.get("from")), as_int(form.get("to"))
        self._act(
            lambda s, who, url: duty.swap(
                session=s, actor=who, slot_id=sid, day=day.date() if day else None, from_user_id=frm, to_user_id=to
            ),
            strings.DUTY_SWAPPED,
        )
