"""What the benchmark scripts share: a throw-away environment, a migrated database, and the demo
campus with a bench admin."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PASSWORD = "bench-password"


def throwaway_environment(prefix: str, database_url: str = "") -> Path:
    """QUANYI_* variables pointing into a fresh temporary folder (SQLite unless ``database_url``).
    Call before importing anything of quanyi_app that reads the settings."""
    tmp = Path(tempfile.mkdtemp(prefix=f"quanyi-bench-{prefix}-"))
    os.environ["QUANYI_DATA_DIR"] = str(tmp)
    os.environ["QUANYI_DATABASE_URL"] = database_url or f"sqlite:///{tmp / 'bench.db'}"
    return tmp


def migrated_engine():
    """Apply the migrations to the environment's database; its engine."""
    from quanyi_app.core import bootstrap
    from quanyi_app.core.db import get_engine
    from quanyi_app.core.settings import get_settings

    settings = get_settings()
    bootstrap.upgrade(settings.database_url)
    bootstrap.ensure_dirs(settings.upload_dir)
    return get_engine()


def campus_with_admin(session, username: str = "bench"):
    """The demo campus and an admin named ``username`` (committed); the admin's principal."""
    from quanyi_app import demo
    from quanyi_app.core.accounts import services as accounts

    demo.load_demo_data(session=session)
    accounts.create_user(
        session=session, actor=None, username=username, display_name=username, role="admin", password=PASSWORD
    )
    _, who = accounts.login(session=session, username=username, password=PASSWORD)
    session.commit()
    return who


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]
