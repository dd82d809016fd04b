"""Staff at the umbrella desk: overdue and lost loans, lend and take back by scanning, stock."""

from __future__ import annotations

import dataclasses

import reflex as rx

from quanyi_app.core.accounts.session import SessionState, as_int, form_input, form_text
from quanyi_app.core.campustime import local_str
from quanyi_app.core.db import session_scope
from quanyi_app.core.permissions import Perm, is_point_bound
from quanyi_app.core.settings import get_settings
from quanyi_app.core.ui.staff_page import StaffListPage
from quanyi_app.lending import strings
from quanyi_app.lending.services import loans, umbrellas
from quanyi_app.lostfound import public as points


@dataclasses.dataclass
class OverdueView:
    loan_id: str = ""
    title: str = ""
    student_no: str = ""
    due: str = ""
    late: str = ""
    lost: bool = False
    lost_label: str = ""
    clear_label: str = ""


@dataclasses.dataclass
class StockView:
    point_id: str = ""
    name: str = ""
    available: str = ""


class UmbrellaDeskState(StaffListPage, SessionState):
    def _permission(self) -> Perm:
        return Perm.LENDING_DESK

    overdue: list[OverdueView] = []
    stock: list[StockView] = []
    desk_points: list[dict[str, str]] = []
    all_points: list[dict[str, str]] = []
    point_id: str = ""  # the desk this member of staff is at

    def _fill_lists(self, who) -> None:
        with session_scope() as session:
            every = points.points(session=session)
            mine = [
                p
                for p in every
                if not is_point_bound(who) or who.user_id in points.point_staff(session=session, point_id=p.id)
            ]
        self.desk_points = [{"id": str(p.id), "name": p.name} for p in mine]
        self.all_points = [{"id": str(p.id), "name": p.name} for p in every]
        if self.point_id not in {p["id"] for p in self.desk_points}:
            self.point_id = self.desk_points[0]["id"] if self.desk_points else ""

    def _reload(self) -> None:
        who = self._require(self._permission())
        with session_scope() as session:
            rows = loans.overdue(session=session, actor=who)
            stock = umbrellas.availability(session=session)
        self.overdue = [
            OverdueView(
                loan_id=str(r.loan_id),
                title=strings.MINE_TITLE.format(number=r.number),
                student_no=r.student_no,
                due=local_str(r.due_at),
                late=strings.DESK_DAYS_LATE.format(n=r.days_late),
                lost=r.lost,
                lost_label=strings.DESK_MARK_LOST_NAMED.format(number=r.number),
                clear_label=strings.DESK_CLEAR_NAMED.format(number=r.number),
            )
            for r in rows
        ]
        self.stock = [StockView(str(a.point_id), a.name, str(a.available)) for a in stock]

    @rx.event
    def open_page(self):
        return self._open()

    @rx.event
    @form_input
    def set_point(self, value: str):
        self.point_id = str(value)

    @rx.event
    def mark_lost(self, loan_id: str):
        self._act(
            lambda s, who, url: loans.mark_lost(session=s, actor=who, loan_id=as_int(loan_id), public_url=url),
            strings.DESK_MARKED_LOST,
        )

    @rx.event
    def clear_block(self, loan_id: str):
        self._act(
            lambda s, who, url: loans.clear_block(session=s, actor=who, loan_id=as_int(loan_id)), strings.DESK_CLEARED
        )

    @rx.event
    def take_back(self, form: dict | None = None):
        code, point = str((form or {}).get("umbrella", "") or ""), as_int(self.point_id)
        done = self._act(
            lambda s, who, url: loans.return_at_desk(session=s, actor=who, umbrella_code=code, point_id=point),
            strings.DESK_TAKEN_BACK,
        )
        if done is not None:
            return rx.set_value("f-take-back", "")

    @rx.event
    def lend(self, form: dict | None = None):
        """Lend at the desk; the student number and contact are read from the form, not kept."""
        form = form or {}
        entry = loans.BorrowForm(
            umbrella_code=str(form.get("umbrella", "") or ""),
            student_no=form_text(form, "student_no", 20),
            phone=form_text(form, "phone", 20),
            accepted_rules=True,  # told at the desk
        )
        done = self._act(
            lambda s, who, url: loans.borrow(
                entry, session=s, secret=get_settings().secret_key, actor=who, public_url=url
            ),
            strings.DESK_LENT,
        )
        if done is not None:
            return [
                rx.set_value("f-lend-umbrella", ""),
                rx.set_value("f-lend-student", ""),
                rx.set_value("f-lend-phone", ""),
            ]

    @rx.event
    def move(self, form: dict | None = None):
        form = form or {}
        code, to = str(form.get("umbrella", "") or ""), as_int(form.get("to"))
        done = self._act(
            lambda s, who, url: umbrellas.move(session=s, actor=who, umbrella_code=code, to_point_id=to),
            strings.DESK_MOVED,
        )
        if done is not None:
            return rx.set_value("f-move-umbrella", "")

    @rx.event
    def count(self, form: dict | None = None):
        """The codes scanned off the rack, one per line (a scanner types each and a newline)."""
        seen = [c for c in str((form or {}).get("codes", "") or "").split() if c][:500]
        point = as_int(self.point_id)
        self._act(
            lambda s, who, url: umbrellas.record_count(session=s, actor=who, point_id=point, seen_codes=seen),
            lambda c: strings.DESK_COUNTED.format(
                expected=c.expected,
                found=c.found,
                missing="、".join(map(str, c.missing_numbers)) or strings.DESK_NONE,
                moved="、".join(map(str, c.moved_here_numbers)) or strings.DESK_NONE,
            ),
        )

    @rx.event
    def set_status(self, form: dict | None = None):
        form = form or {}
        code, status = str(form.get("umbrella", "") or ""), str(form.get("status", "") or "")
        self._act(
            lambda s, who, url: umbrellas.set_status(session=s, actor=who, umbrella_code=code, status=status),
            strings.DESK_STATUS_SAVED,
        )

    @rx.event
    def set_loan_days(self, form: dict | None = None):
        days, point = as_int((form or {}).get("days")), as_int(self.point_id)
        self._act(
            lambda s, who, url: umbrellas.set_loan_days(session=s, actor=who, point_id=point, days=days or 0),
            strings.DESK_DAYS_SAVED,
        )

    @rx.event
    def add_batch(self, form: dict | None = None):
        count, point = as_int((form or {}).get("count")), as_int(self.point_id)
        self._act(
            lambda s, who, url: umbrellas.add_batch(session=s, actor=who, point_id=point, count=count or 0),
            strings.DESK_ADDED,
        )
