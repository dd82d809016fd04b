"""Staff: QR points (create, rotate, retire) and print sheets."""

from __future__ import annotations

import reflex as rx
from sqlmodel import col, select

from quanyi_app import strings
from quanyi_app.db import session_scope
from quanyi_app.models import Building, QrKind, QrPoint, Role
from quanyi_app.services import qr
from quanyi_app.services.errors import UserError
from quanyi_app.settings import get_settings
from quanyi_app.state.session import SessionState, guard

STAFF = (Role.staff.value,)


class QrAdminState(SessionState):
    points: list[dict[str, str]] = []
    buildings: list[dict[str, str]] = []
    new_building: str = ""
    new_label: str = ""
    new_kind: str = QrKind.book.value
    print_building: str = ""
    error: str = ""
    message: str = ""

    def _reload(self) -> None:
        public_url = get_settings().public_url
        with session_scope() as session:
            views = {v.id: v for v in qr.list_points(session=session)}
            rows = session.exec(select(QrPoint).order_by(col(QrPoint.building_id), col(QrPoint.id))).all()
            self.buildings = [{"id": str(b.id), "name": b.name} for b in session.exec(select(Building).order_by(col(Building.code))).all()]
        self.points = [
            {"id": str(v.id), "label": v.label, "building": v.building_name, "code": v.code, "scans": strings.QR_SCANS.format(n=v.scan_count),
             "active": "1" if v.active else "", "kind": strings.QR_KIND_LABELS.get(v.kind, v.kind),
             "url": qr.scan_url(public_url, v.code), "png": f"/api/qr/{v.code}.png"}
            for v in (views[r.id] for r in rows if r.id in views)
        ]

    @rx.event
    def open_page(self):
        _, redirect = guard(self, *STAFF)
        if redirect is not None:
            return redirect
        self.error = self.message = ""
        self._reload()

    @rx.event
    def set_field(self, name: str, value: str):
        if name in ("new_building", "new_label", "new_kind", "print_building"):
            setattr(self, name, str(value)[:64])

    def _act(self, fn, done: str) -> None:
        self.error = self.message = ""
        try:
            who = self._require(*STAFF)
            with session_scope() as session:
                fn(session, who)
            self._reload()
        except UserError as err:
            self.error = err.message
            return
        self.message = done

    @rx.event
    def create(self):
        building = int(self.new_building) if self.new_building.isdigit() else 0
        label, kind = self.new_label, self.new_kind
        self._act(lambda s, who: qr.create_point(session=s, actor=who, building_id=building, label=label, kind=kind),
                  strings.QR_CREATED)
        if not self.error:
            self.new_label = ""

    @rx.event
    def rotate(self, point_id: str):
        pid = int(point_id) if str(point_id).isdigit() else 0
        self._act(lambda s, who: qr.rotate_code(session=s, actor=who, point_id=pid), strings.QR_ROTATED)

    @rx.event
    def set_active(self, point_id: str, active: bool):
        pid = int(point_id) if str(point_id).isdigit() else 0
        self._act(lambda s, who: qr.set_point_active(session=s, actor=who, point_id=pid, active=active),
                  strings.QR_ACTIVATED if active else strings.QR_RETIRED_DONE)

    @rx.var
    def sheet_url(self) -> str:
        return "/api/qr/sheet.pdf" + (f"?building={self.print_building}" if self.print_building else "")

    @rx.var
    def labels_url(self) -> str:
        return "/api/qr/sheet.pdf?layout=labels" + (f"&building={self.print_building}" if self.print_building else "")
