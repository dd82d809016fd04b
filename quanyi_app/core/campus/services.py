"""The campus reference lists every feature's forms offer: buildings, colleges, offices."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from quanyi_app.core.campus.models import Building, College, Office


@dataclass(frozen=True)
class Option:
    id: int
    name: str


@dataclass(frozen=True)
class ReferenceLists:
    buildings: list[Option]  # active and retired, by code
    colleges: list[Option]
    offices: list[Option]


def reference_lists(*, session: Session, active_buildings_only: bool = False) -> ReferenceLists:
    """Names are public (they are printed on QR inserts and letters); no permission needed.
    Students choose only among buildings in use; staff lists keep retired ones for old cases."""
    buildings = select(Building).order_by(col(Building.code))
    if active_buildings_only:
        buildings = buildings.where(col(Building.active))
    return ReferenceLists(
        buildings=[Option(b.id, b.name) for b in session.exec(buildings).all()],
        colleges=[Option(c.id, c.name) for c in session.exec(select(College).order_by(col(College.id))).all()],
        offices=[Option(o.id, o.name) for o in session.exec(select(Office).order_by(col(Office.id))).all()],
    )


def options(rows: list[Option]) -> list[dict[str, str]]:
    """Rows for a select box (``native_select`` reads ``id`` and ``name``)."""
    return [{"id": str(o.id), "name": o.name} for o in rows]
