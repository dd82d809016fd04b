"""Figures for the public home page and the staff dashboard."""

from __future__ import annotations

import statistics
import threading
from collections import defaultdict
from dataclasses import dataclass, field

from sqlmodel import Session, func, select

from quanyi_app.proposals.models import Case, CaseStatus, Category

HANDLED = {CaseStatus.resolved.value, CaseStatus.rejected.value}


@dataclass
class Bucket:
    collected: int = 0
    handled: int = 0
    response_hours: list[float] = field(default_factory=list)
    ratings: list[int] = field(default_factory=list)

    def add(self, status: str, hours: float | None, rating: int | None) -> None:
        self.collected += 1
        if status in HANDLED:
            self.handled += 1
        if hours is not None:
            self.response_hours.append(hours)
        if rating is not None:
            self.ratings.append(rating)

    def summary(self) -> dict:
        return {
            "collected": self.collected,
            "handled": self.handled,
            "handled_rate": round(100 * self.handled / self.collected) if self.collected else 0,
            "median_response_hours": round(statistics.median(self.response_hours), 1) if self.response_hours else None,
            "satisfaction": round(statistics.fmean(self.ratings), 2) if self.ratings else None,
            "satisfied_pct": round(100 * sum(r >= 4 for r in self.ratings) / len(self.ratings))
            if self.ratings
            else None,
            "ratings": len(self.ratings),
        }


_cache: dict[str, tuple] = {}
_cache_lock = threading.Lock()


def compute_cached(*, session: Session) -> dict:
    """:func:`compute`, recomputed only when cases or category names changed.

    Every change that moves a figure (status, first response, rating, a new case) writes a
    case event and so bumps ``Case.updated_at``; the marker costs one aggregate query instead
    of reading every case on each visit to the home page.
    """
    marker = (
        str(session.get_bind().url),
        tuple(session.exec(select(func.count(), func.max(Case.updated_at))).one()),
        tuple(session.exec(select(Category.id, Category.name).order_by(Category.id)).all()),
    )
    with _cache_lock:
        hit = _cache.get("figures")
    if hit is not None and hit[0] == marker:
        return hit[1]
    data = compute(session=session)
    with _cache_lock:
        _cache["figures"] = (marker, data)
    return data


def compute(*, session: Session) -> dict:
    """Totals, and the same figures by month (YYYY-MM, UTC) and by category."""
    names = {c.id: c.name for c in session.exec(select(Category)).all()}
    total, by_month, by_category = Bucket(), defaultdict(Bucket), defaultdict(Bucket)
    rows = session.exec(
        select(Case.created_at, Case.category_id, Case.status, Case.first_response_at, Case.rating)
    ).all()
    for created, category_id, status, first_response, rating in rows:
        hours = (first_response - created).total_seconds() / 3600 if first_response else None
        for bucket in (total, by_month[created.strftime("%Y-%m")], by_category[names.get(category_id, "")]):
            bucket.add(status, hours, rating)
    return {
        "total": total.summary(),
        "by_month": [{"month": m, **b.summary()} for m, b in sorted(by_month.items())],
        "by_category": [
            {"category": c, **b.summary()} for c, b in sorted(by_category.items(), key=lambda kv: -kv[1].collected)
        ],
    }


# ---- as shown to the public ---------------------------------------------------------------------


@dataclass
class FigureRow:
    name: str = ""
    collected: str = ""
    handled_rate: str = ""
    satisfaction: str = ""


@dataclass
class PublicFigures:
    """The figures as the home page and the workbench print them ("—" where there is none yet).
    Aggregates only: no case text or personal data."""

    collected: str
    handled: str
    handled_rate: str
    median_hours: str
    satisfaction: str
    satisfied_pct: str
    by_category: list[FigureRow]
    by_month: list[FigureRow]


def _shown(value, suffix: str = "") -> str:
    return "—" if value is None else f"{value}{suffix}"


def public_figures(*, session: Session, months: int = 12) -> PublicFigures:
    data = compute_cached(session=session)
    t = data["total"]

    def row(r: dict, key: str) -> FigureRow:
        return FigureRow(
            name=r[key],
            collected=str(r["collected"]),
            handled_rate=f"{r['handled_rate']}%",
            satisfaction=_shown(r["satisfaction"]),
        )

    return PublicFigures(
        collected=str(t["collected"]),
        handled=str(t["handled"]),
        handled_rate=_shown(t["handled_rate"], "%"),
        median_hours=_shown(t["median_response_hours"]),
        satisfaction=_shown(t["satisfaction"]),
        satisfied_pct=_shown(t["satisfied_pct"], "%"),
        by_category=[row(r, "category") for r in data["by_category"]],
        by_month=[row(r, "month") for r in data["by_month"][-months:]],
    )
