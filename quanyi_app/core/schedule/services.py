"""Claiming a periodic job's due time: the first node to insert its row runs it, the others skip.

A plain database row (primary key: job and due time) works the same on SQLite and PostgreSQL and
needs nothing beyond the database every node already shares; a node that dies after claiming
leaves that one run undone, and the next due time is claimed afresh.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from quanyi_app.core.schedule.models import JobRun

KEEP = timedelta(days=7)  # how long the record of past runs is kept


def slot_of(now: datetime, every_seconds: float) -> int:
    """The due time ``now`` falls in: whole intervals since the epoch."""
    return int(now.timestamp() // max(1.0, every_seconds))


def claim(*, session: Session, job: str, every_seconds: float, now: datetime, node: str = "") -> bool:
    """True when this caller is the first to claim ``job``'s current due time (then it runs it)."""
    row = JobRun(job=job[:80], slot=slot_of(now, every_seconds), started_at=now, node=node[:80])
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        return False
    return True


def forget_old(*, session: Session, now: datetime) -> int:
    """Drop the record of runs older than ``KEEP``."""
    result = session.exec(delete(JobRun).where(JobRun.started_at < now - KEEP))
    return result.rowcount or 0
