"""Database engine and sessions. The only place that knows how to connect."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import event
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from quanyi_app.core.settings import get_settings
from quanyi_app.core.textclean import clean_value


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys and a busy timeout."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


@event.listens_for(Session, "before_flush")
def _clean_text(session: Session, _context, _instances) -> None:
    """No NUL (PostgreSQL refuses it) or other control character reaches any text column, from
    any feature: the strings of each new or changed row are cleaned just before they are written."""
    for obj in (*session.new, *session.dirty):
        state = sa_inspect(obj)
        for attr in state.mapper.column_attrs:
            if attr.key in state.dict:
                value = state.dict[attr.key]
                if isinstance(value, (str, list, dict)):
                    cleaned = clean_value(value)
                    if cleaned != value:
                        setattr(obj, attr.key, cleaned)


@lru_cache(maxsize=1)
def get_engine() -> Engine:
    return make_engine(get_settings().database_url)


@contextmanager
def session_scope(*, commit_on: tuple[type[BaseException], ...] = ()) -> Iterator[Session]:
    """One unit of work: a handler's or a request's. It commits once when the block ends and
    rolls back on any error, so a flow of several steps is all or nothing. Services never
    commit; they flush.

    ``commit_on``: errors that are an outcome to record rather than a failure (a wrong password
    counts towards the lockout even though the login is refused); the work is committed and the
    error raised on.
    """
    with Session(get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except commit_on:
            session.commit()
            raise
        except BaseException:
            session.rollback()
            raise
