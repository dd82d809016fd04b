"""Umbrella stock: add in batches, move between points, count at a point, availability."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from quanyi_app.core import audit, codes
from quanyi_app.core.accounts.services import Principal
from quanyi_app.core.errors import UserError
from quanyi_app.core.modelbase import utcnow
from quanyi_app.core.permissions import Perm, require
from quanyi_app.lending import strings
from quanyi_app.lending.models import LendingPoint, StockCount, Umbrella, UmbrellaStatus
from quanyi_app.lending.services.loans import DEFAULT_LOAN_DAYS, umbrella_by_code
from quanyi_app.lostfound import public as points

MAX_BATCH = 100


def desk_point(session: Session, actor: Principal, point_id: int | None, *, active: bool = True) -> points.Point:
    """A point whose desk ``actor`` works at (``active``: open points only)."""
    require(actor, Perm.LENDING_DESK)
    point = points.point(session=session, point_id=point_id)
    if point is None or (active and not point.active):
        raise UserError(strings.COUNT_POINT_REQUIRED)
    require(actor, Perm.LENDING_DESK, point_staff=points.point_staff(session=session, point_id=point.id))
    return point


def add_batch(*, session: Session, actor: Principal, point_id: int | None, count: int) -> list[Umbrella]:
    """``count`` new umbrellas at a point, numbered after the highest number so far."""
    point = desk_point(session, actor, point_id)
    if not 1 <= int(count or 0) <= MAX_BATCH:
        raise UserError(strings.BATCH_SIZE)
    start = (session.exec(select(func.max(Umbrella.number))).one() or 0) + 1
    made = []
    for i in range(count):
        code = codes.unique_code(session, Umbrella.code, codes.QR_CODE_LENGTH)
        made.append(Umbrella(number=start + i, code=code, point_id=point.id))
        session.add(made[-1])
        session.flush()  # the next code is checked against this one too
    audit.record(
        session=session,
        action="umbrella.add",
        actor_id=actor.user_id,
        target_type="pickup_point",
        target_id=point.id,
        numbers=[u.number for u in made],
    )
    return made


def move(*, session: Session, actor: Principal, umbrella_code: str, to_point_id: int | None) -> Umbrella:
    """Carry an available umbrella to another point (staff of either point may)."""
    umbrella = umbrella_by_code(session, umbrella_code)
    to = points.point(session=session, point_id=to_point_id)
    if to is None or not to.active:
        raise UserError(strings.POINT_UNKNOWN)
    rostered = points.point_staff(session=session, point_id=umbrella.point_id) | points.point_staff(
        session=session, point_id=to.id
    )
    require(actor, Perm.LENDING_DESK, point_staff=rostered)
    if umbrella.status != UmbrellaStatus.available.value:
        raise UserError(strings.NOT_AVAILABLE)
    if umbrella.point_id == to.id:
        raise UserError(strings.MOVE_SAME_POINT)
    frm, umbrella.point_id, umbrella.updated_at = umbrella.point_id, to.id, utcnow()
    session.add(umbrella)
    audit.record(
        session=session,
        action="umbrella.move",
        actor_id=actor.user_id,
        target_type="umbrella",
        target_id=umbrella.id,
        frm=frm,
        to=to.id,
    )
    session.flush()
    return umbrella


def record_count(*, session: Session, actor: Principal, point_id: int | None, seen_codes: list[str]) -> StockCount:
    """Staff scan every umbrella on the rack. Those the system placed elsewhere but are here move
    here; those expected here but not seen are listed as missing (nobody is marked lost by a count)."""
    point = desk_point(session, actor, point_id)
    seen = {u.id: u for u in (umbrella_by_code(session, c) for c in dict.fromkeys(seen_codes or []))}
    expected = session.exec(
        select(Umbrella).where(Umbrella.point_id == point.id, Umbrella.status == UmbrellaStatus.available.value)
    ).all()
    missing = sorted(u.number for u in expected if u.id not in seen)
    moved = []
    now = utcnow()
    for umbrella in seen.values():
        if umbrella.status == UmbrellaStatus.available.value and umbrella.point_id != point.id:
            umbrella.point_id, umbrella.updated_at = point.id, now
            session.add(umbrella)
            moved.append(umbrella.number)
    row = StockCount(
        point_id=point.id,
        counted_by_id=actor.user_id,
        expected=len(expected),
        found=len(seen),
        missing_numbers=missing,
        moved_here_numbers=sorted(moved),
    )
    session.add(row)
    session.flush()
    return row


def set_loan_days(*, session: Session, actor: Principal, point_id: int | None, days: int) -> None:
    point = desk_point(session, actor, point_id)
    if not 1 <= int(days or 0) <= 14:
        raise UserError(strings.LOAN_DAYS_RANGE)
    rule = session.get(LendingPoint, point.id) or LendingPoint(point_id=point.id)
    rule.loan_days = int(days)
    session.add(rule)
    session.flush()


@dataclass(frozen=True)
class Availability:
    point_id: int
    name: str
    place: str
    hours: str
    available: int
    loan_days: int


def availability(*, session: Session) -> list[Availability]:
    """Each active point and how many umbrellas can be borrowed there now (public)."""
    counts = dict(
        session.exec(
            select(Umbrella.point_id, func.count(Umbrella.id))
            .where(Umbrella.status == UmbrellaStatus.available.value)
            .group_by(Umbrella.point_id)
        ).all()
    )
    days = dict(session.exec(select(LendingPoint.point_id, LendingPoint.loan_days)).all())
    return [
        Availability(
            point_id=p.id,
            name=p.name,
            place=p.place,
            hours=p.hours,
            available=int(counts.get(p.id, 0)),
            loan_days=int(days.get(p.id, DEFAULT_LOAN_DAYS)),
        )
        for p in points.points(session=session)
    ]


SETTABLE = (UmbrellaStatus.available.value, UmbrellaStatus.broken.value, UmbrellaStatus.retired.value)


def set_status(*, session: Session, actor: Principal, umbrella_code: str, status: str) -> Umbrella:
    """Mark an umbrella at one's point broken (kept off the rack), repaired (available) or retired.
    A lent umbrella is taken back first; a retired one no longer opens its QR."""
    if status not in SETTABLE:
        raise UserError(strings.STATUS_INVALID)
    umbrella = umbrella_by_code(session, umbrella_code)
    require(actor, Perm.LENDING_DESK, point_staff=points.point_staff(session=session, point_id=umbrella.point_id))
    if umbrella.status == UmbrellaStatus.lent.value:
        raise UserError(strings.STATUS_LENT)
    old, umbrella.status, umbrella.updated_at = umbrella.status, status, utcnow()
    session.add(umbrella)
    audit.record(
        session=session,
        action="umbrella.status",
        actor_id=actor.user_id,
        target_type="umbrella",
        target_id=umbrella.id,
        old=old,
        new=status,
    )
    session.flush()
    return umbrella
