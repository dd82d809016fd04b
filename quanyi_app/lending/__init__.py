"""Umbrella lending (爱心伞): umbrellas with QR labels at the pickup points, borrow by scanning,
return anywhere, reminders and overdue through the outbox."""

from __future__ import annotations


def register(app) -> None:
    from quanyi_app.core import jobs
    from quanyi_app.lending.jobs import EVERY_SECONDS, follow_up_loans_once

    jobs.every(EVERY_SECONDS, "umbrella reminders, overdue and lost loans", follow_up_loans_once)
