"""QR points: codes printed in proposal books and on table cards, scans, rotation, images."""

from __future__ import annotations

import io
from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session, col, select

from quanyi_app.core import audit
from quanyi_app.core import strings as shared
from quanyi_app.core.accounts.services import Principal
from quanyi_app.core.campus.models import Building
from quanyi_app.core.codes import QR_CODE_LENGTH, new_code, normalise
from quanyi_app.core.errors import UserError
from quanyi_app.core.modelbase import utcnow
from quanyi_app.core.permissions import Perm, require
from quanyi_app.core.printing import qr_matrix
from quanyi_app.core.routes import absolute
from quanyi_app.proposals import routes, strings
from quanyi_app.proposals.models import QrCode, QrKind, QrPoint


@dataclass(frozen=True)
class PointView:
    id: int
    code: str
    label: str
    kind: str
    building_id: int
    building_name: str
    active: bool
    scan_count: int


@dataclass(frozen=True)
class ScanResult:
    """What a scan of ``/s/<code>`` found. ``message`` is set when the code does not work."""

    point_id: int | None
    building_id: int | None
    building_name: str
    label: str
    message: str = ""


def scan_url(public_url: str, code: str) -> str:
    return absolute(public_url, routes.scan_path(code))


def create_point(
    *, session: Session, actor: Principal, building_id: int, label: str, kind: str = QrKind.book.value
) -> PointView:
    require(actor, Perm.QR_MANAGE)
    label = (label or "").strip()
    if not 2 <= len(label) <= 64:
        raise UserError(strings.QR_LABEL_INVALID)
    if kind not in {k.value for k in QrKind}:
        raise UserError(strings.QR_KIND_INVALID)
    building = session.get(Building, building_id)
    if building is None:
        raise UserError(shared.BUILDING_NOT_FOUND)
    point = QrPoint(building_id=building.id, label=label, kind=kind)
    session.add(point)
    session.flush()
    code = issue_code(session, point.id)
    audit.record(
        session=session, action="qr.create", actor_id=actor.user_id, target_type="qr_point", target_id=point.id
    )
    session.flush()
    return _view(point, code, building)


def issue_code(session: Session, point_id: int) -> str:
    while True:
        code = new_code(QR_CODE_LENGTH)
        if session.get(QrCode, code) is None:
            session.add(QrCode(code=code, point_id=point_id))
            session.flush()
            return code


def rotate_code(*, session: Session, actor: Principal, point_id: int) -> PointView:
    """Retire the point's code (scans of it then explain) and issue a new one to print."""
    require(actor, Perm.QR_MANAGE)
    point = session.get(QrPoint, point_id)
    if point is None:
        raise UserError(strings.QR_NOT_FOUND)
    now = utcnow()
    for old in session.exec(select(QrCode).where(QrCode.point_id == point.id, col(QrCode.active))):
        old.active = False
        old.retired_at = now
        session.add(old)
    code = issue_code(session, point.id)
    audit.record(
        session=session, action="qr.rotate", actor_id=actor.user_id, target_type="qr_point", target_id=point.id
    )
    session.flush()
    return _view(point, code, session.get(Building, point.building_id))


def set_point_active(*, session: Session, actor: Principal, point_id: int, active: bool) -> None:
    require(actor, Perm.QR_MANAGE)
    point = session.get(QrPoint, point_id)
    if point is None:
        raise UserError(strings.QR_NOT_FOUND)
    point.active = active
    session.add(point)
    audit.record(
        session=session,
        action="qr.activate" if active else "qr.retire",
        actor_id=actor.user_id,
        target_type="qr_point",
        target_id=point.id,
    )
    session.flush()


def _view(point: QrPoint, code: str, building: Building | None) -> PointView:
    return PointView(
        id=point.id,
        code=code,
        label=point.label,
        kind=point.kind,
        building_id=point.building_id,
        building_name=building.name if building else "",
        active=point.active,
        scan_count=point.scan_count,
    )


def list_points(
    *, session: Session, building_id: int | None = None, point_ids: list[int] | None = None, code: str | None = None
) -> list[PointView]:
    """Points with their current code (for staff lists and print sheets)."""
    query = (
        select(QrPoint, QrCode, Building)
        .join(QrCode, (QrCode.point_id == QrPoint.id) & (col(QrCode.active)))
        .join(Building, Building.id == QrPoint.building_id)
        .order_by(col(Building.code), col(QrPoint.id))
    )
    if building_id is not None:
        query = query.where(QrPoint.building_id == building_id)
    if point_ids is not None:
        query = query.where(col(QrPoint.id).in_(point_ids))
    if code is not None:
        query = query.where(QrCode.code == code)
    return [_view(p, c.code, b) for p, c, b in session.exec(query).all()]


def staff_points(*, session: Session, actor: Principal) -> list[PointView]:
    """Every point with its current code, for the QR page (by building, then as created)."""
    require(actor, Perm.QR_MANAGE)
    return sorted(list_points(session=session), key=lambda v: (v.building_id, v.id))


def resolve_scan(*, session: Session, code: str, count: bool = True) -> ScanResult:
    """Look up a scanned code; count the scan when it works."""
    clean = normalise(code)
    row = session.get(QrCode, clean) if clean else None
    if row is None:
        return ScanResult(None, None, "", "", strings.QR_UNKNOWN)
    point = session.get(QrPoint, row.point_id)
    building = session.get(Building, point.building_id) if point else None
    if point is None or building is None:
        return ScanResult(None, None, "", "", strings.QR_UNKNOWN)
    if not row.active or not point.active:
        # Keep the building: the student only has to confirm it by hand.
        return ScanResult(None, building.id, building.name, point.label, strings.QR_RETIRED)
    if count:
        session.exec(update(QrPoint).where(QrPoint.id == point.id).values(scan_count=QrPoint.scan_count + 1))
        session.flush()
    return ScanResult(point.id, building.id, building.name, point.label)


def qr_png(url: str, *, box_size: int = 10) -> bytes:
    qr = qr_matrix(url)
    qr.box_size = box_size
    img = qr.make_image(fill_color="black", back_color="white")
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()
