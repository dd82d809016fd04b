"""Pickup points (招领点) and the staff who work at them. Admins manage both."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from quanyi_app.core import audit, codes
from quanyi_app.core.accounts.models import User
from quanyi_app.core.accounts.services import Principal
from quanyi_app.core.campus.models import Campus
from quanyi_app.core.errors import UserError
from quanyi_app.core.permissions import Perm, grants, require, roles_with
from quanyi_app.lostfound import strings
from quanyi_app.lostfound.models import PickupAssignment, PickupPoint


@dataclass
class PointRow:
    id: int
    name: str
    place: str
    opening_hours: str
    contact: str
    active: bool
    staff: list[tuple[int, str]]


def list_points(*, session: Session, active_only: bool = False) -> list[PickupPoint]:
    query = select(PickupPoint).order_by(col(PickupPoint.id))
    if active_only:
        query = query.where(col(PickupPoint.active))
    return list(session.exec(query).all())


def point_rows(*, session: Session, actor: Principal) -> list[PointRow]:
    require(actor, Perm.PICKUP_ADMIN)
    users = {u.id: u.display_name for u in session.exec(select(User)).all()}
    staff: dict[int, list[tuple[int, str]]] = {}
    for a in session.exec(select(PickupAssignment)).all():
        staff.setdefault(a.pickup_point_id, []).append((a.user_id, users.get(a.user_id, "")))
    return [
        PointRow(
            id=p.id,
            name=p.name,
            place=p.place,
            opening_hours=p.opening_hours,
            contact=p.contact,
            active=p.active,
            staff=sorted(staff.get(p.id, []), key=lambda t: t[1]),
        )
        for p in list_points(session=session)
    ]


def _clean(value: str, limit: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if (required and not value) or len(value) > limit:
        raise UserError(strings.POINT_FIELD_INVALID.format(n=limit))
    return value


def save_point(
    *, session: Session, actor: Principal, point_id: int | None, name: str, place: str, opening_hours: str, contact: str
) -> PickupPoint:
    """Create a point (no id) or update one."""
    require(actor, Perm.PICKUP_ADMIN)
    fields = dict(
        name=_clean(name, 64),
        place=_clean(place, 128),
        opening_hours=_clean(opening_hours, 128),
        contact=_clean(contact, 64, required=False),
    )
    if point_id:
        point = session.get(PickupPoint, point_id)
        if point is None:
            raise UserError(strings.FOUND_POINT_REQUIRED)
        for k, v in fields.items():
            setattr(point, k, v)
    else:
        campus = session.exec(select(Campus).order_by(col(Campus.id))).first()
        if campus is None:
            raise UserError(strings.FOUND_POINT_REQUIRED)
        point = PickupPoint(campus_id=campus.id, code="p-" + codes.new_code(8), **fields)
    session.add(point)
    session.flush()
    audit.record(
        session=session, action="pickup.save", actor_id=actor.user_id, target_type="pickup_point", target_id=point.id
    )
    return point


def set_point_active(*, session: Session, actor: Principal, point_id: int, active: bool) -> None:
    require(actor, Perm.PICKUP_ADMIN)
    point = session.get(PickupPoint, point_id)
    if point is None:
        raise UserError(strings.FOUND_POINT_REQUIRED)
    if not active and len(list_points(session=session, active_only=True)) <= 1 and point.active:
        raise UserError(strings.POINT_LAST)
    point.active = active
    session.add(point)
    audit.record(
        session=session,
        action="pickup.active",
        actor_id=actor.user_id,
        target_type="pickup_point",
        target_id=point.id,
        active=active,
    )


def assign(*, session: Session, actor: Principal, point_id: int | None, user_id: int | None, on: bool) -> None:
    """Put a staff member on a point's roster (on=True) or take them off."""
    require(actor, Perm.PICKUP_ADMIN)
    point = session.get(PickupPoint, point_id) if point_id else None
    user = session.get(User, user_id) if user_id else None
    if point is None:
        raise UserError(strings.FOUND_POINT_REQUIRED)
    if user is None or not grants(user.role, Perm.FOUND_DESK):
        raise UserError(strings.POINT_STAFF_INVALID)
    existing = session.get(PickupAssignment, (user.id, point.id))
    if on and existing is None:
        session.add(PickupAssignment(user_id=user.id, pickup_point_id=point.id))
    elif not on and existing is not None:
        session.delete(existing)
    audit.record(
        session=session,
        action="pickup.assign" if on else "pickup.unassign",
        actor_id=actor.user_id,
        target_type="pickup_point",
        target_id=point.id,
        user=user.id,
    )


def staff_choices(*, session: Session, actor: Principal) -> list[tuple[int, str]]:
    require(actor, Perm.PICKUP_ADMIN)
    return [
        (u.id, u.display_name)
        for u in session.exec(
            select(User)
            .where(col(User.role).in_(roles_with(Perm.FOUND_DESK)), col(User.active))
            .order_by(col(User.display_name))
        ).all()
    ]
