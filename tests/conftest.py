"""Shared fixtures: an isolated settings environment and migrated databases.

Every test that touches the database gets a fresh one, migrated with Alembic (never
``create_all``), so the tests exercise the real schema. With QUANYI_TEST_POSTGRES_URL set
(.ci/run starts a server), ``db_url`` runs each such test on SQLite *and* PostgreSQL.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import Session

pytest_plugins = ["tests.support.world", "tests.support.handlers", "tests.support.browser"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PHOTOS = PROJECT_ROOT.parent / "shared" / "fixtures" / "photos"
POSTGRES_URL = os.environ.get("QUANYI_TEST_POSTGRES_URL", "")

BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


def photo_fixture(name: str) -> bytes:
    path = PHOTOS / name
    if not path.exists():
        pytest.fail(f"missing shared fixture {path}")
    return path.read_bytes()


def _reset_caches() -> None:
    from quanyi_app.core import db, settings

    settings.get_settings.cache_clear()
    if db.get_engine.cache_info().currsize:
        db.get_engine().dispose()
    db.get_engine.cache_clear()


def _fresh_postgres_db() -> tuple[str, callable]:
    name = "quanyi_t_" + uuid.uuid4().hex[:12]
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = POSTGRES_URL.rsplit("/", 1)[0] + "/" + name

    def drop() -> None:
        from quanyi_app.core import db

        if db.get_engine.cache_info().currsize:
            db.get_engine().dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch):
    """argon2 at minimum cost in tests (production keeps argon2-cffi's defaults): the
    suite logs in hundreds of times and must stay fast. Hashes are still real argon2id."""
    from argon2 import PasswordHasher

    from quanyi_app.core.accounts import services as accounts

    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def env(tmp_path, monkeypatch) -> Path:
    """An isolated set of QUANYI_* variables pointing into tmp_path (SQLite by default)."""
    for key in list(os.environ):
        if key.startswith("QUANYI_") and key != "QUANYI_TEST_POSTGRES_URL":
            monkeypatch.delenv(key)
    monkeypatch.setenv("QUANYI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("QUANYI_DATABASE_URL", f"sqlite:///{tmp_path / 'data' / 'test.db'}")
    monkeypatch.setenv("QUANYI_UPLOAD_DIR", str(tmp_path / "uploads"))
    _reset_caches()
    yield tmp_path
    _reset_caches()


@pytest.fixture(params=BACKENDS)
def db_url(request, env, monkeypatch) -> Iterator[str]:
    """An empty database URL on each backend under test (set as QUANYI_DATABASE_URL)."""
    if request.param == "sqlite":
        url = f"sqlite:///{env / 'data' / 'test.db'}"
        (env / "data").mkdir(parents=True, exist_ok=True)
        drop = None
    else:
        url, drop = _fresh_postgres_db()
    monkeypatch.setenv("QUANYI_DATABASE_URL", url)
    _reset_caches()
    yield url
    _reset_caches()
    if drop:
        drop()


@pytest.fixture
def migrated(db_url) -> str:
    from quanyi_app.core import bootstrap

    bootstrap.upgrade(db_url)
    return db_url


@pytest.fixture
def session(migrated) -> Iterator[Session]:
    from quanyi_app.core.db import get_engine

    with Session(get_engine(), expire_on_commit=False) as s:
        yield s


@pytest.fixture
def upload_dir(env) -> Path:
    from quanyi_app.core.settings import get_settings

    return get_settings().upload_dir


# Browser tests that file cases of their own (a question tied to a case, a walk-in at the duty room,
# a finding turned into a proposal) run after the proposal loop, whose inbox and public figures
# count every case on the shared server. (One server for all: a second one would rebuild the
# production pages the first one is serving.)
LATE_BROWSER_TESTS = ("tests/events/browser/", "tests/surveys/browser/")


def pytest_collection_modifyitems(config, items):
    """Browser tests last: Playwright's sync API keeps an event loop running in the main
    thread for the rest of the session, which async tests cannot share."""
    items.sort(
        key=lambda item: (
            item.get_closest_marker("browser") is not None,
            item.nodeid.startswith(LATE_BROWSER_TESTS),
        )
    )


def wired_api():
    """The /api app with every feature's routes, wired exactly as production wires it."""
    import quanyi_app.quanyi_app  # noqa: F401  (core and features register their routes)
    from quanyi_app.core.api import api

    return api
