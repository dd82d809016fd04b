"""Start-up chores: apply migrations, load demo data, create the first admin."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config

from alembic import command
from quanyi_app.core.settings import PROJECT_ROOT

ALEMBIC_INI = PROJECT_ROOT / "alembic.ini"


def alembic_config(database_url: str) -> Config:
    cfg = Config(str(ALEMBIC_INI))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    # ConfigParser interpolation: a literal % in a password must be doubled.
    cfg.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    cfg.attributes["quiet"] = True
    return cfg


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(database_url), revision)


def ensure_dirs(upload_dir: Path) -> None:
    (Path(upload_dir) / "photos").mkdir(parents=True, exist_ok=True)
