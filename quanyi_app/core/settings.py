"""Settings from environment variables, with safe defaults.

Every setting has a default that runs the embedded setup (SQLite file and a local upload
folder under ``data/``). A value that is present but wrong raises :class:`SettingsError`
with a Chinese message that names the variable; nothing starts half-configured.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"


class SettingsError(ValueError):
    """A setting is present but unusable. The message is for the operator, in Chinese."""


@dataclass(frozen=True)
class SmtpSettings:
    """Where notification email goes out (unset host: no email; messages wait in the outbox)."""

    host: str
    port: int = 25
    username: str = ""
    password: str = ""
    sender: str = "quanyi@localhost"
    starttls: bool = False


@dataclass(frozen=True)
class Settings:
    database_url: str
    public_url: str
    secret_key: str
    upload_dir: Path
    admin_password: str | None
    smtp: SmtpSettings | None = None
    run_dir: Path = DEFAULT_DATA_DIR / "run"  # this machine's locks and sockets (not shared data)
    storage_url: str = ""  # where photo files live (core/photos/storage.py); empty: upload_dir
    event_slots: int = 64  # events a worker runs at a time (core/admission.py); 0: no admission control
    # A worker that held this many phones at once makes way for a fresh one once they have left,
    # giving its memory back (core/memory.py); 0: never.
    renew_after_crowd: int = 100


def _database_url(env: dict[str, str], data_dir: Path) -> str:
    raw = env.get("QUANYI_DATABASE_URL", "").strip()
    if not raw:
        return f"sqlite:///{data_dir / 'quanyi.db'}"
    scheme = raw.split(":", 1)[0].lower()
    if scheme == "sqlite":
        return raw
    if scheme in ("postgresql", "postgresql+psycopg"):
        # psycopg 3 is the driver we ship; a bare postgresql:// would pick psycopg2.
        return "postgresql+psycopg" + raw[len(scheme) :]
    raise SettingsError(
        f"QUANYI_DATABASE_URL 无法识别:{scheme}。请使用 sqlite:///路径 或 postgresql+psycopg://用户:密码@主机/库名。"
    )


def _public_url(env: dict[str, str]) -> str:
    raw = env.get("QUANYI_PUBLIC_URL", "").strip() or "http://localhost:3000"
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingsError(f"QUANYI_PUBLIC_URL 不是有效的网址:{raw!r}。示例:https://quanyi.example.edu.cn")
    if parts.query or parts.fragment:
        raise SettingsError("QUANYI_PUBLIC_URL 不能带 ? 或 # 部分,只写站点根地址。")
    return raw.rstrip("/")


def _secret_key(env: dict[str, str], data_dir: Path) -> str:
    raw = env.get("QUANYI_SECRET_KEY", "").strip()
    if raw:
        if len(raw) < 32:
            raise SettingsError("QUANYI_SECRET_KEY 太短:至少需要 32 个字符的随机串。")
        return raw
    # No key given: keep one generated key per installation, readable only by its owner.
    key_file = data_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    tmp = key_file.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(key)
    os.replace(tmp, key_file)
    return key


def _upload_dir(env: dict[str, str], data_dir: Path) -> Path:
    raw = env.get("QUANYI_UPLOAD_DIR", "").strip()
    path = Path(raw).expanduser() if raw else data_dir / "uploads"
    if path.exists() and not path.is_dir():
        raise SettingsError(f"QUANYI_UPLOAD_DIR 指向的不是文件夹:{path}")
    return path.resolve()


def _admin_password(env: dict[str, str]) -> str | None:
    raw = env.get("QUANYI_ADMIN_PASSWORD")
    if raw is None or raw == "":
        return None
    if len(raw) < 10:
        raise SettingsError("QUANYI_ADMIN_PASSWORD 太短:管理员密码至少 10 个字符。")
    return raw


def _storage_url(env: dict[str, str], upload_dir: Path) -> str:
    from quanyi_app.core.photos.storage import StorageUrlError, parse_storage_url

    raw = env.get("QUANYI_STORAGE_URL", "").strip()
    try:
        parse_storage_url(raw, upload_dir)
    except StorageUrlError as err:
        raise SettingsError(str(err)) from None
    return raw


def _event_slots(env: dict[str, str]) -> int:
    raw = env.get("QUANYI_EVENT_SLOTS", "").strip() or "64"
    if not raw.isdigit() or int(raw) > 1000:
        raise SettingsError(f"QUANYI_EVENT_SLOTS 应为 0 到 1000 的整数(0 表示不限),现在是「{raw}」。")
    return int(raw)


def _renew_after_crowd(env: dict[str, str]) -> int:
    raw = env.get("QUANYI_RENEW_AFTER_CROWD", "").strip() or "100"
    if not raw.isdigit() or int(raw) > 100_000:
        raise SettingsError(f"QUANYI_RENEW_AFTER_CROWD 应为 0 到 100000 的整数(0 表示从不换新),现在是「{raw}」。")
    return int(raw)


_TRUE, _FALSE = ("1", "true", "yes", "on"), ("", "0", "false", "no", "off")


def _smtp(env: dict[str, str]) -> SmtpSettings | None:
    host = env.get("QUANYI_SMTP_HOST", "").strip()
    if not host:
        return None
    raw_port = env.get("QUANYI_SMTP_PORT", "").strip() or "25"
    if not raw_port.isdigit() or not 1 <= int(raw_port) <= 65535:
        raise SettingsError(f"QUANYI_SMTP_PORT 不是有效的端口号:{raw_port!r}。常用 25、465 或 587。")
    starttls = env.get("QUANYI_SMTP_STARTTLS", "").strip().lower()
    if starttls not in _TRUE + _FALSE:
        raise SettingsError(f"QUANYI_SMTP_STARTTLS 只能是 true 或 false,而不是 {starttls!r}。")
    sender = env.get("QUANYI_SMTP_FROM", "").strip() or "quanyi@localhost"
    if "@" not in sender:
        raise SettingsError(f"QUANYI_SMTP_FROM 不是有效的发件地址:{sender!r}。示例:quanyi@example.edu.cn")
    return SmtpSettings(
        host=host,
        port=int(raw_port),
        username=env.get("QUANYI_SMTP_USER", ""),
        password=env.get("QUANYI_SMTP_PASSWORD", ""),
        sender=sender,
        starttls=starttls in _TRUE,
    )


def load_settings(env: dict[str, str] | None = None) -> Settings:
    """Read and validate settings from ``env`` (default: the process environment)."""
    env = dict(os.environ if env is None else env)
    data_dir = Path(env.get("QUANYI_DATA_DIR", "").strip() or DEFAULT_DATA_DIR)
    upload_dir = _upload_dir(env, data_dir)
    return Settings(
        database_url=_database_url(env, data_dir),
        public_url=_public_url(env),
        secret_key=_secret_key(env, data_dir),
        upload_dir=upload_dir,
        admin_password=_admin_password(env),
        smtp=_smtp(env),
        run_dir=data_dir / "run",
        storage_url=_storage_url(env, upload_dir),
        event_slots=_event_slots(env),
        renew_after_crowd=_renew_after_crowd(env),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (read once)."""
    return load_settings()


def allowed_origins(env: dict[str, str] | None = None) -> list[str]:
    """The origins browsers may call us from: QUANYI_PUBLIC_URL's. On a local address, its
    localhost / 127.0.0.1 twin too, so ``make run`` opened either way still connects."""
    env = dict(os.environ if env is None else env)
    parts = urlsplit(_public_url(env))
    origins = [f"{parts.scheme}://{parts.netloc}"]
    host, _, port = parts.netloc.partition(":")
    twin = {"localhost": "127.0.0.1", "127.0.0.1": "localhost"}.get(host)
    if twin:
        origins.append(f"{parts.scheme}://{twin}" + (f":{port}" if port else ""))
    return origins
