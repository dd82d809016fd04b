"""Short unguessable codes for QR points and tracking links."""

from __future__ import annotations

import re
import secrets

from sqlmodel import Session, select

# No look-alikes (0/o, 1/l/i) so a code typed from paper still works.
ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
QR_CODE_LENGTH = 8  # 31^8 ≈ 8.5e11 (~40 bits): unguessable, short enough for a low-density QR
TRACKING_CODE_LENGTH = 10  # ~50 bits

_CODE_RE = re.compile(rf"^[{ALPHABET}]{{6,16}}$")


def new_code(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def unique_code(session: Session, column, length: int = TRACKING_CODE_LENGTH) -> str:
    """A new code that ``column`` (e.g. ``Case.tracking_code``) does not hold yet."""
    while True:
        code = new_code(length)
        if session.exec(select(column).where(column == code)).first() is None:
            return code


def normalise(code: str | None) -> str | None:
    """A typed or scanned code in canonical form, or None when it cannot be one of ours."""
    if not code:
        return None
    code = code.strip().lower().replace("-", "").replace(" ", "")
    return code if _CODE_RE.match(code) else None
