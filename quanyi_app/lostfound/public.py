"""What other features may use of lost and found: its pickup points (the desks) and who works
at each. Umbrella lending runs at the same desks."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from quanyi_app.lostfound.models import PickupAssignment, PickupPoint


@dataclass(frozen=True)
class Point:
    id: int
    code: str
    name: str
    place: str
    hours: str
    active: bool


def _point(row: PickupPoint) -> Point:
    return Point(row.id, row.code, row.name, row.place, row.opening_hours, bool(row.active))


def points(*, session: Session, active_only: bool = True) -> list[Point]:
    query = select(PickupPoint).order_by(col(PickupPoint.id))
    if active_only:
        query = query.where(col(PickupPoint.active).is_(True))
    return [_point(p) for p in session.exec(query).all()]


def point(*, session: Session, point_id: int | None) -> Point | None:
    row = session.get(PickupPoint, point_id) if point_id else None
    return _point(row) if row is not None else None


def point_by_code(*, session: Session, code: str) -> Point | None:
    row = session.exec(select(PickupPoint).where(PickupPoint.code == (code or "").strip())).first()
    return _point(row) if row is not None else None


def point_staff(*, session: Session, point_id: int) -> set[int]:
    """The staff rostered at a point (for the permission point's ``point_staff`` scope)."""
    return set(session.exec(select(PickupAssignment.user_id).where(PickupAssignment.pickup_point_id == point_id)).all())
