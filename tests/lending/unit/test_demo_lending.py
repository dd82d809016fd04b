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
