"""Students' umbrella pages: availability, borrow by scanning, the loan page, return by scanning a point."""

from __future__ import annotations

import dataclasses

import reflex as rx

from quanyi_app.core.accounts.session import Visitor, form_text, route_tail
from quanyi_app.core.campustime import local_str
from quanyi_app.core.db import session_scope
from quanyi_app.core.errors import UserError
from quanyi_app.core.notify import services as notify
from quanyi_app.core.settings import get_settings
from quanyi_app.lending import routes, strings
from quanyi_app.lending.models import UmbrellaStatus
from quanyi_app.lending.services import loans
from quanyi_app.lostfound import public as points


@dataclasses.dataclass
class LoanCard:
    code: str = ""
    title: str = ""
    return_label: str = ""
    status: str = ""
    status_label: str = ""
    line: str = ""
    overdue: bool = False


def _card(v: loans.LoanView) -> LoanCard:
    if v.status == "returned":
        line = strings.LOAN_RETURNED.format(at=local_str(v.returned_at), point=v.returned_point)
    elif v.status == "lost":
        line = strings.LOAN_LOST
    else:
        line = strings.LOAN_OVERDUE if v.overdue else strings.LOAN_DUE.format(due=local_str(v.due_at))
    return LoanCard(
        code=v.code,
        title=strings.MINE_TITLE.format(number=v.number),
        return_label=strings.RETURN_BUTTON.format(number=v.number),
        status=v.status,
        status_label=strings.LOAN_STATUS_LABELS[v.status],
        line=line,
        overdue=v.overdue,
    )


class BorrowState(Visitor, rx.State):
    """/umbrella/u/<code>: what the umbrella's QR opens. The student number and contact are read
    from the submitted form, never kept in state."""

    umbrella_line: str = ""
    can_borrow: bool = False
    error: str = ""
    busy: bool = False

    @rx.event
    def load(self):
        self.error, self.busy, self.can_borrow, self.umbrella_line = "", False, False, ""
        try:
            with session_scope() as session:
                u = loans.umbrella_by_code(session, route_tail(self.router.url.path))
                point = points.point(session=session, point_id=u.point_id)
        except UserError as err:
            self.error = err.message
            return
        self.umbrella_line = strings.BORROW_UMBRELLA.format(number=u.number, point=point.name if point else "")
        self.can_borrow = u.status == UmbrellaStatus.available.value
        if not self.can_borrow:
            self.error = strings.BORROW_NOT_AVAILABLE

    @rx.event
    def submit(self, form: dict | None = None):
        if self.busy:
            return None
        form = form or {}
        self.busy, self.error = True, ""
        try:
            with session_scope() as session:
                loan = loans.borrow(
                    loans.BorrowForm(
                        umbrella_code=route_tail(self.router.url.path),
                        student_no=form_text(form, "student_no", 20),
                        phone=form_text(form, "phone", 20),
                        email=form_text(form, "email", 254),
                        accepted_rules=str(form.get("rules", "")) in ("on", "true", "1"),
                        device=self._device(),
                    ),
                    session=session,
                    secret=get_settings().secret_key,
                    public_url=get_settings().public_url,
                )
                code = loan.code
        except UserError as err:
            self.error = err.message
            return None
        finally:
            self.busy = False
        notify.wake()
        return rx.redirect(routes.loan_url(code))


class LoanState(Visitor, rx.State):
    loan: LoanCard = LoanCard()
    error: str = ""

    @rx.event
    def load(self):
        try:
            with session_scope() as session:
                v = loans.loan_view(session=session, code=route_tail(self.router.url.path))
        except UserError as err:
            self.error, self.loan = err.message, LoanCard()
            return
        self.error, self.loan = "", _card(v)


class ReturnPointState(Visitor, rx.State):
    """/umbrella/p/<point>: the QR on a point's rack. Lists this phone's loans to return here."""

    point_name: str = ""
    mine: list[LoanCard] = []
    error: str = ""
    message: str = ""

    def _reload(self) -> str:
        """Read the point and this phone's loans; returns the point's name."""
        with session_scope() as session:
            point = points.point_by_code(session=session, code=route_tail(self.router.url.path))
            if point is None or not point.active:
                raise UserError(strings.POINT_UNKNOWN)
            self.point_name = strings.RETURN_AT.format(point=point.name)
            self.mine = [
                _card(v)
                for v in loans.open_loans_of_device(
                    session=session, secret=get_settings().secret_key, device=self._device()
                )
            ]
        return point.name

    @rx.event
    def load(self):
        self.error = self.message = ""
        try:
            self._reload()
        except UserError as err:
            self.error, self.mine, self.point_name = err.message, [], ""

    @rx.event
    def return_here(self, loan_code: str):
        self.error = self.message = ""
        try:
            with session_scope() as session:
                loans.return_by_link(
                    session=session, loan_code=str(loan_code), point_code=route_tail(self.router.url.path)
                )
            name = self._reload()
        except UserError as err:
            self.error = err.message
            return
        self.message = strings.RETURN_DONE.format(point=name)
