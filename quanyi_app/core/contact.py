"""Contact details students leave: what a valid one looks like and how it is shown masked."""

from __future__ import annotations

import hashlib
import hmac
import re

PHONE_RE = re.compile(r"^1[3-9]\d{9}$")
EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


def mask_phone(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) >= 7 else ("*" * len(phone))


def mask_email(email: str) -> str:
    if "@" not in email:
        return "***"
    name, domain = email.split("@", 1)
    return f"{name[:1]}***@{domain}"


def mask_student_no(no: str) -> str:
    return f"{no[:2]}****{no[-2:]}" if len(no) > 4 else "****"


def device_hash(secret: str, device_id: str) -> str:
    """Device ids are stored only as a keyed hash."""
    return hmac.new(secret.encode(), (device_id or "").encode(), hashlib.sha256).hexdigest()
