"""Notifications: an outbox in the database and pluggable senders.

Changes queue ``OutboundMessage`` rows in their own transaction, so a message exists iff the
change was committed. ``deliver_pending`` then hands them to a ``Notifier``; failures stay in
the outbox with the error and are retried next time. Email (SMTP) is the only channel today;
SMS or WeChat would be another ``Notifier`` for another ``channel``.
"""

from __future__ import annotations

import logging
import smtplib
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

from sqlmodel import Session, col, func, or_, select

from quanyi_app.core.modelbase import utcnow
from quanyi_app.core.notify.models import OutboundMessage
from quanyi_app.core.settings import SmtpSettings, get_settings

log = logging.getLogger("quanyi.notify")
MAX_ATTEMPTS = 5


class Notifier(Protocol):
    channel: str

    def send(self, recipient: str, subject: str, body: str) -> None: ...


SmtpConfig = SmtpSettings  # the notifier's view of the SMTP settings


class EmailNotifier:
    channel = "email"

    def __init__(self, config: SmtpConfig):
        self.config = config

    def send(self, recipient: str, subject: str, body: str) -> None:
        msg = EmailMessage()
        msg["From"] = self.config.sender
        msg["To"] = recipient
        msg["Subject"] = subject
        msg.set_content(body)
        with smtplib.SMTP(self.config.host, self.config.port, timeout=10) as smtp:
            if self.config.starttls:
                smtp.starttls()
            if self.config.username:
                smtp.login(self.config.username, self.config.password)
            smtp.send_message(msg)


def default_notifiers() -> list[Notifier]:
    config = get_settings().smtp
    return [EmailNotifier(config)] if config else []


def backoff(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failure: 1, 4, 16, 64 minutes."""
    return timedelta(minutes=4 ** max(0, attempts - 1))


def _due(channels: list[str], now):
    return select(OutboundMessage).where(
        col(OutboundMessage.sent_at).is_(None),
        OutboundMessage.attempts < MAX_ATTEMPTS,
        col(OutboundMessage.channel).in_(channels),
        or_(col(OutboundMessage.next_attempt_at).is_(None), col(OutboundMessage.next_attempt_at) <= now),
    )


def due_ids(*, session: Session, notifiers: list[Notifier] | None = None, limit: int = 100) -> list[int]:
    """The messages whose time has come, oldest first."""
    channels = [n.channel for n in (default_notifiers() if notifiers is None else notifiers)]
    if not channels:
        return []
    query = _due(channels, utcnow()).order_by(col(OutboundMessage.id)).limit(limit)
    return [m.id for m in session.exec(query).all()]


def deliver(*, session: Session, message_id: int, notifiers: list[Notifier] | None = None) -> bool:
    """Send one message if it is still due and no other sender holds it; a failure is recorded
    with its error and the time of the next attempt. True when it went out. Senders on several
    nodes send each message once."""
    by_channel = {n.channel: n for n in (default_notifiers() if notifiers is None else notifiers)}
    now = utcnow()
    # The row stays locked while it is sent and recorded: a sender on another node skips it
    # (PostgreSQL's FOR UPDATE SKIP LOCKED; SQLite, the one-node default, has one writer anyway).
    due = _due(list(by_channel), now).where(OutboundMessage.id == message_id)
    msg = session.exec(due.with_for_update(skip_locked=True)).first()
    if msg is None:
        return False
    msg.attempts += 1
    try:
        by_channel[msg.channel].send(msg.recipient, msg.subject, msg.body)
    except (OSError, smtplib.SMTPException) as err:
        msg.last_error = str(err)[:500]
        msg.next_attempt_at = now + backoff(msg.attempts)
        log.warning("notification %s failed (attempt %s): %s", msg.id, msg.attempts, err)
        ok = False
    else:
        msg.sent_at, msg.next_attempt_at = now, None
        ok = True
    session.add(msg)
    session.flush()
    return ok


def deliver_pending(*, session: Session, notifiers: list[Notifier] | None = None, limit: int = 100) -> int:
    """Send every due message in this unit of work; returns how many went out. (The sender job
    gives each message its own unit of work instead, so a sent message is recorded at once.)"""
    return sum(
        deliver(session=session, message_id=mid, notifiers=notifiers)
        for mid in due_ids(session=session, notifiers=notifiers, limit=limit)
    )


# ---- what staff see ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FailedMessage:
    id: int
    recipient: str  # masked
    subject: str
    attempts: int
    last_error: str
    created_at: datetime


@dataclass(frozen=True)
class OutboxStatus:
    waiting: int  # not sent yet, still to be tried
    retrying: int  # failed at least once, will be tried again
    failed: int  # gave up after MAX_ATTEMPTS
    smtp_configured: bool
    recent_failures: list[FailedMessage]


def outbox_status(*, session: Session, actor) -> OutboxStatus:
    """How notifications are doing, for the workbench (recipients masked)."""
    from quanyi_app.core.contact import mask_email
    from quanyi_app.core.permissions import Perm, require

    require(actor, Perm.OUTBOX_MANAGE)
    unsent = select(func.count()).select_from(OutboundMessage).where(col(OutboundMessage.sent_at).is_(None))
    waiting = session.exec(unsent.where(OutboundMessage.attempts < MAX_ATTEMPTS)).one()
    retrying = session.exec(unsent.where(OutboundMessage.attempts > 0, OutboundMessage.attempts < MAX_ATTEMPTS)).one()
    failed_q = select(OutboundMessage).where(
        col(OutboundMessage.sent_at).is_(None), OutboundMessage.attempts >= MAX_ATTEMPTS
    )
    failed = session.exec(select(func.count()).select_from(failed_q.subquery())).one()
    rows = session.exec(failed_q.order_by(col(OutboundMessage.id).desc()).limit(10)).all()
    return OutboxStatus(
        waiting=waiting,
        retrying=retrying,
        failed=failed,
        smtp_configured=get_settings().smtp is not None,
        recent_failures=[
            FailedMessage(m.id, mask_email(m.recipient), m.subject, m.attempts, m.last_error, m.created_at)
            for m in rows
        ],
    )


def retry_failed(*, session: Session, actor) -> int:
    """Give every message that failed for good another round of attempts; returns how many."""
    from quanyi_app.core import audit
    from quanyi_app.core.permissions import Perm, require

    require(actor, Perm.OUTBOX_MANAGE)
    rows = session.exec(
        select(OutboundMessage).where(col(OutboundMessage.sent_at).is_(None), OutboundMessage.attempts >= MAX_ATTEMPTS)
    ).all()
    for m in rows:
        m.attempts, m.next_attempt_at = 0, None
        session.add(m)
    audit.record(
        session=session,
        action="outbox.retry",
        actor_id=actor.user_id,
        target_type="outbound_message",
        target_id=None,
        count=len(rows),
    )
    session.flush()
    return len(rows)


# ---- the sender job's doorbell --------------------------------------------------------------
# A change that queued a message rings it so the sender job (core/jobs.py) sends at once instead
# of at its next poll. Nothing is sent from the request itself, and no thread is started there.

_WAKE = threading.Event()


def _wake_file() -> Path:
    return get_settings().run_dir / "outbox.wake"


def wake() -> None:
    """Ask the sender job to look at the outbox now, whichever worker process runs it (this
    process's event, and a wake file the sender watches)."""
    _WAKE.set()
    try:
        path = _wake_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
    except OSError:
        pass  # the sender still looks every SEND_POLL_SECONDS


def wake_mark() -> float:
    """When :func:`wake` was last called by any process (the wake file's time; 0 if never)."""
    try:
        return _wake_file().stat().st_mtime
    except OSError:
        return 0.0


def wait_for_wake(timeout: float) -> bool:
    """Block until :func:`wake` is called or ``timeout`` seconds pass; True when woken."""
    woken = _WAKE.wait(timeout)
    _WAKE.clear()
    return woken
