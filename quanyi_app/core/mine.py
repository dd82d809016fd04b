"""我的: what this phone has filed, from every feature, found by its device cookie.

Students have no account. Their phone carries the signed device cookie (accounts/cookies.py) and
every case, claim and lost report stores a keyed hash of it, so /me can list them with their
status. Features register a provider: ``add(kind_label, fn)`` where
``fn(session, device_hash) -> list[MineItem]``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from quanyi_app.core.contact import device_hash
from quanyi_app.core.settings import get_settings

PER_KIND = 20


@dataclass(frozen=True)
class MineItem:
    kind: str  # 提案 / 认领 / 寻物启事
    title: str
    status: str
    href: str
    at: datetime
    open: bool = True  # still waiting on someone


_PROVIDERS: list[Callable[[Session, str], list[MineItem]]] = []


def add(fn: Callable[[Session, str], list[MineItem]]) -> None:
    if fn not in _PROVIDERS:
        _PROVIDERS.append(fn)


def device_key(device: str) -> str:
    """What records store of a device id (a keyed hash), to find this device's records by."""
    return device_hash(get_settings().secret_key, device)


def items(*, session: Session, device: str) -> list[MineItem]:
    """This device's records, newest first ([] without a device)."""
    if not device:
        return []
    hashed = device_key(device)
    found = [item for provider in _PROVIDERS for item in provider(session, hashed)]
    return sorted(found, key=lambda i: i.at, reverse=True)
