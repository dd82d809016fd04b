"""Staff: QR points (create, rotate, retire) and print sheets."""

from __future__ import annotations

import dataclasses

import reflex as rx

from quanyi_app.core.accounts.session import SessionState, as_int, form_input
from quanyi_app.core.campus import services as campus
from quanyi_app.core.db import session_scope
from quanyi_app.core.permissions import Perm
from quanyi_app.core.settings import get_settings
from quanyi_app.core.ui.staff_page import StaffListPage
from quanyi_app.proposals import routes, strings
from quanyi_app.proposals.models import QrKind
from quanyi_app.proposals.services import qr


@dataclasses.dataclass
class QrPointView:
    id: str = ""
    label: str = ""
    building: str = ""
    code: str = ""
    scans: str = ""
    active: bool = False
    kind: str = ""
    url: str = ""
    png: str = ""


class QrAdminState(StaffListPage, SessionState):
    def _permission(self) -> Perm:
        return Perm.QR_MANAGE

    points: list[QrPointView] = []
    buildings: list[dict[str, str]] = []
    new_building: str = ""
    new_label: str = ""
    new_kind: str = QrKind.book.value
    print_building: str = ""

    def _reload(self) -> None:
        public_url = get_settings().public_url
        who = self._require(self._permission())
        with session_scope() as session:
            views = qr.staff_points(session=session, actor=who)
            self.buildings = campus.options(campus.reference_lists(session=session).buildings)
        self.points = [
            QrPointView(
                id=str(v.id),
                label=v.label,
                building=v.building_name,
                code=v.code,
                scans=strings.QR_SCANS.format(n=v.scan_count),
                active=bool(v.active),
                kind=strings.QR_KIND_LABELS.get(v.kind, v.kind),
                url=qr.scan_url(public_url, v.code),
                png=routes.qr_png_url(v.code),
            )
            for v in views
        ]

    @rx.event
    def open_page(self):
        return self._open()

    @rx.event
    @form_input
    def set_field(self, name: str, value: str):
        if name in ("new_building", "new_label", "new_kind", "print_building"):
            setattr(self, name, str(value)[:64])

    @rx.event
    def create(self):
        building, label, kind = as_int(self.new_building) or 0, self.new_label, self.new_kind
        if self._edit(
            lambda s, who: qr.create_point(session=s, actor=who, building_id=building, label=label, kind=kind),
            strings.QR_CREATED,
        ):
            self.new_label = ""

    @rx.event
    def rotate(self, point_id: str):
        pid = as_int(point_id) or 0
        self._edit(lambda s, who: qr.rotate_code(session=s, actor=who, point_id=pid), strings.QR_ROTATED)

    @rx.event
    def set_active(self, point_id: str, active: bool):
        pid = as_int(point_id) or 0
        self._edit(
            lambda s, who: qr.set_point_active(session=s, actor=who, point_id=pid, active=active),
            strings.QR_ACTIVATED if active else strings.QR_RETIRED_DONE,
        )
