"""make run's lending demo: 30 umbrellas at 3 points, 6 loans (one overdue, one lost, four returned)."""

from __future__ import annotations

from sqlmodel import func, select

from quanyi_app import demo
from quanyi_app.lending.models import Borrower, Loan, Umbrella
from quanyi_app.lending.services import loans


def test_demo_lending(session, campus, people):
    assert demo.load_demo_lending(session=session) == 30
    assert demo.load_demo_lending(session=session) == 0  # once
    assert session.exec(select(func.count(Umbrella.id))).one() == 30
    all_loans = session.exec(select(Loan)).all()
    assert len(all_loans) == 6
    assert sum(1 for x in all_loans if x.returned_at) == 4
    assert sum(1 for x in all_loans if x.lost_at) == 1
    rows = loans.overdue(session=session, actor=people["admin"])
    assert sorted(r.lost for r in rows) == [False, True]  # the overdue one, and the lost one still blocking
    assert session.exec(select(func.count()).select_from(Borrower).where(Borrower.blocked)).one() == 1


def test_figures_weeks_median_loss_rate_and_points(session, campus, people):
    from statistics import median

    from quanyi_app.core.errors import PermissionDenied

    demo.load_demo_lending(session=session)
    f = loans.figures(session=session, actor=people["admin"])
    all_loans = session.exec(select(Loan)).all()
    assert sum(n for _, n in f.weeks) == 6 and len(f.weeks) == 4
    assert f.loss_rate == 0.2  # one lost of five closed (four returned)
    returned = [(x.returned_at - x.created_at).total_seconds() / 3600 for x in all_loans if x.returned_at]
    assert f.median_hours == round(median(returned), 1)
    assert sum(n for _, n in f.per_point) == 6 and len(f.per_point) == 3
    import pytest

    with pytest.raises(PermissionDenied):
        loans.figures(session=session, actor=people["office"])
