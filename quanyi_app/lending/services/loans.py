"""Borrow and return umbrellas; reminders, overdue and lost.

Race safety lives in the database, not in a read-then-write:
- an umbrella is lent by one conditional UPDATE (``status = 'available'`` → ``'lent'``), so two
  students scanning it at once make exactly one loan;
- a borrower's open loans are counted by one conditional UPDATE on their row, so two tabs cannot
  both take "the last one" a student may have;
- a loan is returned by one conditional UPDATE (``returned_at IS NULL``), so it is returned once.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from sqlalchemy import update as sa_update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from quanyi_app.core import audit, codes
from quanyi_app.core.accounts.services import Principal
from quanyi_app.core.campustime import CAMPUS_TZ, campus_today, local_str
from quanyi_app.core.contact import EMAIL_RE, PHONE_RE, device_hash, mask_student_no
from quanyi_app.core.errors import UserError
from quanyi_app.core.mine import PER_KIND, MineItem
from quanyi_app.core.modelbase import utcnow
from quanyi_app.core.notify.models import OutboundMessage
from quanyi_app.core.permissions import Perm, require
from quanyi_app.core.routes import absolute
from quanyi_app.lending import routes, strings
from quanyi_app.lending.models import Borrower, LendingPoint, Loan, Umbrella, UmbrellaStatus
from quanyi_app.lostfound import public as points

DEFAULT_LOAN_DAYS = 3
MAX_OPEN_LOANS = 1  # umbrellas one student number may hold at a time
LOST_AFTER_DAYS = 7  # overdue this long: the umbrella counts as lost and the borrower is blocked
REMIND_BEFORE = timedelta(days=1)
STUDENT_NO_RE = re.compile(r"^[0-9A-Za-z]{6,20}$")


def borrower_key(secret: str, student_no: str) -> str:
    """Student numbers are matched by a keyed hash (the loan keeps the number only until purged)."""
    return hmac.new(secret.encode(), b"borrower:" + student_no.upper().encode(), hashlib.sha256).hexdigest()


def loan_days(session: Session, point_id: int) -> int:
    rule = session.get(LendingPoint, point_id)
    return rule.loan_days if rule is not None else DEFAULT_LOAN_DAYS


def umbrella_by_code(session: Session, code: str) -> Umbrella:
    norm = codes.normalise(code)
    row = session.exec(select(Umbrella).where(Umbrella.code == norm)).first() if norm else None
    if row is None or row.status == UmbrellaStatus.retired.value:
        raise UserError(strings.UMBRELLA_UNKNOWN)
    return row


@dataclass(frozen=True)
class BorrowForm:
    umbrella_code: str
    student_no: str
    phone: str = ""
    email: str = ""
    accepted_rules: bool = False
    device: str = ""  # the phone's signed device id (accounts/cookies.py), for 我的 and returning


def _checked(form: BorrowForm) -> tuple[str, str, str]:
    student_no = (form.student_no or "").strip().upper()
    if not STUDENT_NO_RE.match(student_no):
        raise UserError(strings.STUDENT_NO_INVALID)
    phone, email = (form.phone or "").strip(), (form.email or "").strip()
    if not phone and not email:
        raise UserError(strings.CONTACT_REQUIRED)
    if phone and not PHONE_RE.match(phone):
        raise UserError(strings.PHONE_INVALID)
    if email and (len(email) > 254 or not EMAIL_RE.match(email)):
        raise UserError(strings.EMAIL_INVALID)
    if not form.accepted_rules:
        raise UserError(strings.RULES_REQUIRED)
    return student_no, phone, email


def _take_a_place(session: Session, key: str) -> None:
    """Count one more open loan for ``key``, or refuse (blocked, or at the limit)."""
    if session.get(Borrower, key) is None:
        try:
            with session.begin_nested():  # first loan ever: the row, once even under a race
                session.add(Borrower(key=key))
                session.flush()
        except IntegrityError:
            pass
    taken = session.execute(
        sa_update(Borrower)
        .where(col(Borrower.key) == key, Borrower.open_loans < MAX_OPEN_LOANS, col(Borrower.blocked).is_(False))
        .values(open_loans=Borrower.open_loans + 1)
    )
    if taken.rowcount == 1:
        return
    row = session.get(Borrower, key)
    session.refresh(row)
    raise UserError(strings.BORROWER_BLOCKED if row.blocked else strings.ONE_AT_A_TIME.format(n=MAX_OPEN_LOANS))


def borrow(
    form: BorrowForm, *, session: Session, secret: str, actor: Principal | None = None, public_url: str = ""
) -> Loan:
    """Lend the umbrella in ``form``: by the student's own scan (``actor`` None), or at the desk by
    staff rostered at the umbrella's point."""
    student_no, phone, email = _checked(form)
    umbrella = umbrella_by_code(session, form.umbrella_code)
    if actor is not None:
        require(actor, Perm.LENDING_DESK, point_staff=points.point_staff(session=session, point_id=umbrella.point_id))
    if umbrella.status != UmbrellaStatus.available.value:
        raise UserError(strings.NOT_AVAILABLE)
    key = borrower_key(secret, student_no)
    _take_a_place(session, key)
    now = utcnow()
    won = session.execute(  # ORM update: the umbrella already in this session is kept in step
        sa_update(Umbrella)
        .where(col(Umbrella.id) == umbrella.id, Umbrella.status == UmbrellaStatus.available.value)
        .values(status=UmbrellaStatus.lent.value, updated_at=now)
    )
    if won.rowcount != 1:  # someone scanned it a moment earlier
        raise UserError(strings.NOT_AVAILABLE)
    loan = Loan(
        code=codes.unique_code(session, Loan.code),
        umbrella_id=umbrella.id,
        borrower_key=key,
        device_hash=device_hash(secret, form.device) if form.device else "",
        student_no=student_no,
        contact_phone=phone,
        contact_email=email,
        from_point_id=umbrella.point_id,
        lent_by_id=actor.user_id if actor else None,
        created_at=now,
        due_at=now + timedelta(days=loan_days(session, umbrella.point_id)),
    )
    session.add(loan)
    session.flush()
    audit.record(
        session=session,
        action="umbrella.lend",
        actor_id=actor.user_id if actor else None,
        target_type="umbrella",
        target_id=umbrella.id,
        loan=loan.id,
    )
    _notify(session, loan, strings.MAIL_BORROWED_SUBJECT, strings.MAIL_BORROWED_BODY, public_url)
    return loan


def loan_by_code(session: Session, code: str) -> Loan:
    norm = codes.normalise(code)
    loan = session.exec(select(Loan).where(Loan.code == norm)).first() if norm else None
    if loan is None:
        raise UserError(strings.LOAN_NOT_FOUND)
    return loan


def _close(session: Session, loan: Loan, *, point_id: int, actor: Principal | None) -> Loan:
    now = utcnow()
    done = session.execute(
        sa_update(Loan)
        .where(col(Loan.id) == loan.id, col(Loan.returned_at).is_(None), col(Loan.lost_at).is_(None))
        .values(returned_at=now, returned_point_id=point_id, returned_by_id=actor.user_id if actor else None)
    )
    if done.rowcount != 1:
        session.refresh(loan)
        raise UserError(strings.ALREADY_RETURNED if loan.returned_at else strings.LOAN_LOST_ASK_DESK)
    umbrella = session.get(Umbrella, loan.umbrella_id)
    umbrella.status = UmbrellaStatus.available.value
    umbrella.point_id = point_id  # it is where it was brought back
    umbrella.updated_at = now
    session.add(umbrella)
    session.execute(
        sa_update(Borrower)
        .where(col(Borrower.key) == loan.borrower_key, Borrower.open_loans > 0)
        .values(open_loans=Borrower.open_loans - 1)
    )
    session.flush()
    session.refresh(loan)
    audit.record(
        session=session,
        action="umbrella.return",
        actor_id=actor.user_id if actor else None,
        target_type="umbrella",
        target_id=umbrella.id,
        loan=loan.id,
        point=point_id,
    )
    return loan


def return_by_link(*, session: Session, loan_code: str, point_code: str) -> Loan:
    """The borrower, on their loan page, scans the QR of the point they bring it to."""
    loan = loan_by_code(session, loan_code)
    point = points.point_by_code(session=session, code=point_code)
    if point is None or not point.active:
        raise UserError(strings.POINT_UNKNOWN)
    return _close(session, loan, point_id=point.id, actor=None)


def return_at_desk(*, session: Session, actor: Principal, umbrella_code: str, point_id: int) -> Loan:
    """Staff at a point scan an umbrella someone brought back."""
    require(actor, Perm.LENDING_DESK, point_staff=points.point_staff(session=session, point_id=point_id))
    umbrella = umbrella_by_code(session, umbrella_code)
    loan = session.exec(
        select(Loan)
        .where(Loan.umbrella_id == umbrella.id, col(Loan.returned_at).is_(None), col(Loan.lost_at).is_(None))
        .order_by(col(Loan.id).desc())
    ).first()
    if loan is None:
        raise UserError(strings.NOT_LENT)
    return _close(session, loan, point_id=point_id, actor=actor)


# ---- reminders, overdue, lost -------------------------------------------------------------------


def _notify(session: Session, loan: Loan, subject: str, body: str, public_url: str) -> None:
    umbrella = session.get(Umbrella, loan.umbrella_id)
    link = absolute(public_url, routes.loan_url(loan.code)) if public_url else routes.loan_url(loan.code)
    text = body.format(number=umbrella.number, due=local_str(loan.due_at), link=link)
    if loan.contact_email:
        session.add(OutboundMessage(recipient=loan.contact_email, subject=subject, body=text))
    elif loan.contact_phone:
        session.add(OutboundMessage(channel="sms", recipient=loan.contact_phone, subject=subject, body=text))


def follow_up(*, session: Session, public_url: str = "", now: datetime | None = None) -> dict[str, int]:
    """Remind the day before, tell when overdue, and after LOST_AFTER_DAYS mark the umbrella lost
    and block the borrower. Each message goes once (its own timestamp on the loan)."""
    now = now or utcnow()
    open_loans = select(Loan).where(col(Loan.returned_at).is_(None), col(Loan.lost_at).is_(None))
    done = {"reminded": 0, "overdue": 0, "lost": 0}
    for loan in session.exec(
        open_loans.where(col(Loan.reminded_at).is_(None), Loan.due_at > now, Loan.due_at <= now + REMIND_BEFORE)
    ).all():
        loan.reminded_at = now
        session.add(loan)
        _notify(session, loan, strings.MAIL_REMIND_SUBJECT, strings.MAIL_REMIND_BODY, public_url)
        done["reminded"] += 1
    for loan in session.exec(open_loans.where(Loan.due_at <= now)).all():
        if loan.due_at <= now - timedelta(days=LOST_AFTER_DAYS):
            _mark_lost(session, loan, now=now, actor=None, public_url=public_url)
            done["lost"] += 1
        elif loan.overdue_notified_at is None:
            loan.overdue_notified_at = now
            session.add(loan)
            _notify(session, loan, strings.MAIL_OVERDUE_SUBJECT, strings.MAIL_OVERDUE_BODY, public_url)
            done["overdue"] += 1
    session.flush()
    return done


def _mark_lost(session: Session, loan: Loan, *, now: datetime, actor: Principal | None, public_url: str) -> None:
    loan.lost_at = now
    session.add(loan)
    umbrella = session.get(Umbrella, loan.umbrella_id)
    umbrella.status = UmbrellaStatus.lost.value
    umbrella.updated_at = now
    session.add(umbrella)
    borrower = session.get(Borrower, loan.borrower_key)
    borrower.blocked, borrower.blocked_at = True, now
    borrower.open_loans = max(0, borrower.open_loans - 1)
    session.add(borrower)
    audit.record(
        session=session,
        action="umbrella.lost",
        actor_id=actor.user_id if actor else None,
        target_type="umbrella",
        target_id=umbrella.id,
        loan=loan.id,
    )
    _notify(session, loan, strings.MAIL_LOST_SUBJECT, strings.MAIL_LOST_BODY, public_url)


def _desk_loan(session: Session, actor: Principal, loan_id: int | None) -> Loan:
    """A loan, for desk staff of the point it was lent from."""
    loan = session.get(Loan, loan_id) if loan_id else None
    if loan is None:
        raise UserError(strings.LOAN_NOT_FOUND)
    require(actor, Perm.LENDING_DESK, point_staff=points.point_staff(session=session, point_id=loan.from_point_id))
    return loan


def mark_lost(*, session: Session, actor: Principal, loan_id: int | None, public_url: str = "") -> Loan:
    """Staff at the point it was lent from decide an overdue umbrella is lost."""
    loan = _desk_loan(session, actor, loan_id)
    if loan.returned_at is not None or loan.lost_at is not None:
        raise UserError(strings.LOAN_CLOSED)
    _mark_lost(session, loan, now=utcnow(), actor=actor, public_url=public_url)
    session.flush()
    return loan


def clear_block(*, session: Session, actor: Principal, loan_id: int | None) -> None:
    """Staff clear a borrower's block (the umbrella came back late, or was paid for)."""
    loan = _desk_loan(session, actor, loan_id)
    borrower = session.get(Borrower, loan.borrower_key)
    if borrower is None or not borrower.blocked:
        raise UserError(strings.NOT_BLOCKED)
    borrower.blocked, borrower.blocked_at = False, None
    session.add(borrower)
    audit.record(
        session=session, action="umbrella.unblock", actor_id=actor.user_id, target_type="loan", target_id=loan.id
    )
    session.flush()


@dataclass(frozen=True)
class OverdueRow:
    loan_id: int
    number: int
    student_no: str  # masked unless the viewer works at the point
    due_at: datetime
    days_late: int
    lost: bool


def overdue(*, session: Session, actor: Principal, now: datetime | None = None) -> list[OverdueRow]:
    """Open loans past due (and lost ones whose borrower is still blocked), oldest first."""
    require(actor, Perm.LENDING_DESK)
    now = now or utcnow()
    rows = session.exec(
        select(Loan, Umbrella.number)
        .join(Umbrella, col(Umbrella.id) == Loan.umbrella_id)
        .where(col(Loan.returned_at).is_(None), Loan.due_at <= now)
        .order_by(col(Loan.due_at))
    ).all()
    out = []
    rosters: dict[int, set[int]] = {}
    for loan, number in rows:
        if loan.lost_at is not None:
            borrower = session.get(Borrower, loan.borrower_key)
            if borrower is None or not borrower.blocked:
                continue
        if loan.from_point_id not in rosters:
            rosters[loan.from_point_id] = points.point_staff(session=session, point_id=loan.from_point_id)
        at_desk = actor.user_id in rosters[loan.from_point_id]
        out.append(
            OverdueRow(
                loan_id=loan.id,
                number=number,
                student_no=loan.student_no if at_desk else mask_student_no(loan.student_no),
                due_at=loan.due_at,
                days_late=max(0, (now - loan.due_at).days),
                lost=loan.lost_at is not None,
            )
        )
    return out


PERSONAL_DATA_DAYS = 90


def purge_personal_data(*, session: Session, now: datetime | None = None) -> int:
    """Blank the student number and contact of loans returned more than 90 days ago (the keyed
    hash stays, so a block on the student number still holds). Returns how many."""
    cutoff = (now or utcnow()) - timedelta(days=PERSONAL_DATA_DAYS)
    done = 0
    for loan in session.exec(
        select(Loan).where(col(Loan.purged_at).is_(None), col(Loan.returned_at).is_not(None), Loan.returned_at < cutoff)
    ).all():
        loan.student_no = loan.contact_phone = loan.contact_email = ""
        loan.purged_at = now or utcnow()
        session.add(loan)
        done += 1
    session.flush()
    return done


@dataclass(frozen=True)
class LoanView:
    code: str
    number: int
    status: str  # out, returned, lost
    from_point: str
    due_at: datetime
    returned_at: datetime | None
    returned_point: str
    overdue: bool


def loan_view(*, session: Session, code: str, now: datetime | None = None) -> LoanView:
    """What the holder of a loan's link sees (no student number, no contact)."""
    loan = loan_by_code(session, code)
    umbrella = session.get(Umbrella, loan.umbrella_id)
    frm = points.point(session=session, point_id=loan.from_point_id)
    back = points.point(session=session, point_id=loan.returned_point_id)
    status = "returned" if loan.returned_at else "lost" if loan.lost_at else "out"
    return LoanView(
        code=loan.code,
        number=umbrella.number,
        status=status,
        from_point=frm.name if frm else "",
        due_at=loan.due_at,
        returned_at=loan.returned_at,
        returned_point=back.name if back else "",
        overdue=status == "out" and loan.due_at < (now or utcnow()),
    )


def open_loans_of_device(*, session: Session, secret: str, device: str) -> list[LoanView]:
    """The loans this phone has out (to return them at the point whose QR it scanned)."""
    if not device:
        return []
    rows = session.exec(
        select(Loan.code).where(
            Loan.device_hash == device_hash(secret, device),
            col(Loan.returned_at).is_(None),
            col(Loan.lost_at).is_(None),
        )
    ).all()
    return [loan_view(session=session, code=code) for code in rows]


def mine(session: Session, hashed_device: str) -> list[MineItem]:
    """This phone's loans, for 我的 (core/mine.py)."""
    rows = session.exec(
        select(Loan, Umbrella.number)
        .join(Umbrella, col(Umbrella.id) == Loan.umbrella_id)
        .where(Loan.device_hash == hashed_device)
        .order_by(col(Loan.created_at).desc())
        .limit(PER_KIND)
    ).all()
    return [
        MineItem(
            kind=strings.MINE_KIND,
            title=strings.MINE_TITLE.format(number=number),
            status=strings.LOAN_STATUS_LABELS["returned" if loan.returned_at else "lost" if loan.lost_at else "out"],
            href=routes.loan_url(loan.code),
            at=loan.created_at,
            open=loan.returned_at is None and loan.lost_at is None,
        )
        for loan, number in rows
    ]


@dataclass(frozen=True)
class Figures:
    weeks: list[tuple[str, int]]  # (Monday, loans) for the last four weeks, oldest first
    median_hours: float | None  # of returned loans in those weeks
    loss_rate: float | None  # lost / closed, in those weeks
    per_point: list[tuple[str, int]]  # loans from each point in those weeks, most first


def figures(*, session: Session, actor: Principal, now: datetime | None = None) -> Figures:
    """The desk's figures: loans per week, median duration, loss rate, loans per point (28 days)."""
    require(actor, Perm.LENDING_DESK)
    now = now or utcnow()
    today = campus_today()
    monday = today - timedelta(days=today.weekday())
    since = now - timedelta(days=28)
    rows = session.exec(select(Loan).where(Loan.created_at >= since)).all()
    weeks = []
    for back in range(3, -1, -1):
        start = monday - timedelta(weeks=back)
        n = sum(1 for loan in rows if start <= loan.created_at.astimezone(CAMPUS_TZ).date() < start + timedelta(days=7))
        weeks.append((start.strftime("%m-%d"), n))
    durations = [(loan.returned_at - loan.created_at).total_seconds() / 3600 for loan in rows if loan.returned_at]
    closed = [loan for loan in rows if loan.returned_at or loan.lost_at]
    names = {p.id: p.name for p in points.points(session=session, active_only=False)}
    per_point: dict[str, int] = {}
    for loan in rows:
        name = names.get(loan.from_point_id, "")
        per_point[name] = per_point.get(name, 0) + 1
    return Figures(
        weeks=weeks,
        median_hours=round(median(durations), 1) if durations else None,
        loss_rate=round(sum(1 for loan in closed if loan.lost_at) / len(closed), 3) if closed else None,
        per_point=sorted(per_point.items(), key=lambda kv: -kv[1]),
    )
