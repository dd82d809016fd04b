"""Migrations and models agree, and the chain goes up, down and up again cleanly."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import quanyi_app.tables  # noqa: F401
from quanyi_app.core import bootstrap
from quanyi_app.core.db import make_engine
from quanyi_app.core.modelbase import UTCDateTime

TABLES = {
    "campus",
    "building",
    "college",
    "office",
    "category",
    "pickup_point",
    "staff_user",
    "login_session",
    "known_device",
    "umbrella",
    "umbrella_loan",
    "umbrella_borrower",
    "umbrella_count",
    "lending_point",
    "audit_log",
    "photo",
    "qr_point",
    "qr_code",
    "case_report",
    "case_event",
    "proposal",
    "reply_template",
    "outbound_message",
    "story",
    "found_category",
    "pickup_assignment",
    "found_item",
    "found_gram",
    "found_item_move",
    "found_claim",
    "lost_report",
    "lost_match",
    "found_publication",
    "checklist_template",
    "checklist_version",
    "checklist_item",
    "inspection_series",
    "inspection",
    "inspection_inspector",
    "inspection_answer",
    "inspection_photo",
    "rectification",
}


def _diff(url: str):
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            return compare_metadata(ctx, SQLModel.metadata)
    finally:
        engine.dispose()


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_models_and_migrations_agree(migrated):
    assert _diff(migrated) == []
    assert _tables(migrated) >= TABLES


def test_upgrade_downgrade_upgrade(db_url):
    bootstrap.upgrade(db_url)
    assert _tables(db_url) >= TABLES
    bootstrap.downgrade(db_url, "base")
    assert _tables(db_url) == set()
    bootstrap.upgrade(db_url)
    assert _diff(db_url) == []


def test_datetimes_come_back_timezone_aware(session):
    from datetime import timezone

    from quanyi_app.core.accounts.models import AuditLog

    session.add(AuditLog(action="test"))
    session.commit()
    session.expire_all()
    row = session.query(AuditLog).one()
    assert row.at.tzinfo is not None and row.at.utcoffset() == timezone.utc.utcoffset(None)
    assert isinstance(AuditLog.__table__.c.at.type, UTCDateTime)


def test_naive_datetimes_are_refused(session):
    import datetime as dt

    import pytest
    from sqlalchemy.exc import StatementError

    from quanyi_app.core.accounts.models import AuditLog

    session.add(AuditLog(action="naive", at=dt.datetime(2026, 1, 1)))
    with pytest.raises(StatementError):
        session.commit()
    session.rollback()
