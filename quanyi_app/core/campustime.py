"""Campus time (UTC+8): how people type and read dates. Everything stored is UTC."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

CAMPUS_TZ = timezone(timedelta(hours=8))
LOCAL = "%Y-%m-%d %H:%M"


def campus_today() -> date:
    """Today on campus (UTC+8)."""
    return datetime.now(timezone.utc).astimezone(CAMPUS_TZ).date()


def local_str(dt: datetime | None, fmt: str = LOCAL) -> str:
    """A stored UTC time for display in campus time ("" for none)."""
    return dt.astimezone(CAMPUS_TZ).strftime(fmt) if dt is not None else ""


def parse_day(text: str) -> datetime | None:
    """A day typed as YYYY-MM-DD, as campus midnight; None when it is not a valid date."""
    try:
        day = datetime.strptime((text or "").strip(), "%Y-%m-%d")
    except ValueError:
        return None
    return day.replace(tzinfo=CAMPUS_TZ)


def parse_local(text: str) -> datetime | None:
    """A date-time typed in a form (``YYYY-MM-DDTHH:MM`` or ``YYYY-MM-DD HH:MM``, or just a
    date), in UTC; None when it cannot be read."""
    text = (text or "").strip().replace("T", " ")
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=CAMPUS_TZ).astimezone(timezone.utc)
        except ValueError:
            continue
    return None
