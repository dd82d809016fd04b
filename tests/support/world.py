"""Fixtures for domain tests: the demo campus and staff principals of every role."""

from __future__ import annotations

import uuid

import pytest
from sqlmodel import select

from quanyi_app import demo
from quanyi_app.core.accounts import services as accounts
from quanyi_app.core.campus.models import Building, College, Office
from quanyi_app.proposals.models import Category
from quanyi_app.proposals.services.cases import Submission, submit_case

PASSWORD = "correct horse battery"
SECRET = "s" * 40


@pytest.fixture
def campus(session):
    demo.load_demo_data(session=session)
    return {
        "dorm": session.exec(select(Building).where(Building.code == "W24")).one(),
        "dorm2": session.exec(select(Building).where(Building.code == "E05")).one(),
        "canteen_cat": session.exec(select(Category).where(Category.code == "canteen")).one(),
        "dorm_cat": session.exec(select(Category).where(Category.code == "dorm")).one(),
        "logistics": session.exec(select(Office).where(Office.code == "logistics")).one(),
        "cs": session.exec(select(College).where(College.code == "cs")).one(),
        "law": session.exec(select(College).where(College.code == "law")).one(),
    }


@pytest.fixture
def people(session, campus):
    """Principals by name: admin, staff, cs_staff (scoped to 计算机学院), inspector, office."""
    out = {}
    accounts.create_user(
        session=session, actor=None, username="boss", display_name="部长", role="admin", password=PASSWORD
    )
    _, out["admin"] = accounts.login(session=session, username="boss", password=PASSWORD)
    for username, role, college in (
        ("staffer", "staff", None),
        ("csstaff", "staff", campus["cs"].id),
        ("checker", "inspector", None),
        ("officer", "office", None),
    ):
        accounts.create_user(
            session=session,
            actor=out["admin"],
            username=username,
            display_name=username,
            role=role,
            password=PASSWORD,
            college_id=college,
        )
    for username, key in (
        ("staffer", "staff"),
        ("csstaff", "cs_staff"),
        ("checker", "inspector"),
        ("officer", "office"),
    ):
        _, out[key] = accounts.login(session=session, username=username, password=PASSWORD)
    return out


def make_submission(campus, **overrides) -> Submission:
    fields = dict(
        category_id=campus["dorm_cat"].id,
        description="西区24栋三楼热水器坏了一周了,晚上洗不了澡。",
        idempotency_key=uuid.uuid4().hex,
        device_id=uuid.uuid4().hex,
        building_id=campus["dorm"].id,
    )
    fields.update(overrides)
    return Submission(**fields)


@pytest.fixture
def submit(session, campus):
    def _submit(**overrides):
        return submit_case(make_submission(campus, **overrides), session=session, secret=SECRET)

    return _submit


def fail_at_audit(monkeypatch, action: str) -> None:
    """Make the flow's last step (its audit entry ``action``) fail, after every change before it
    was made: what a crash or a lost connection half-way would do."""
    from quanyi_app.core import audit

    real = audit.record

    def record(*, session, action: str, **kw):
        if action == wanted:
            raise RuntimeError(f"simulated failure at {action}")
        return real(session=session, action=action, **kw)

    wanted = action
    monkeypatch.setattr(audit, "record", record)


def table_rows(session, *models) -> dict[str, list[str]]:
    """Every row of the given tables, read fresh: to compare before and after a failed flow."""
    from sqlmodel import select

    session.expire_all()
    return {m.__tablename__: sorted(repr(r.model_dump()) for r in session.exec(select(m)).all()) for m in models}
