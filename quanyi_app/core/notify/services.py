"""Notifications: an outbox in the database and pluggable senders.

Changes queue ``OutboundMessage`` rows in their own transaction, so a message exists iff the
change was committed. ``deliver_pending`` then hands them to a ``Notifier``; failures stay in
the outbox with the error and are retried next time. Email (SMTP) is the only channel today;
SMS or WeChat would be another ``Notifier`` for another ``channel``.
"""

from __future__ import annotations

import logging
import os
import smtplib
import threading
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol

from sqlmodel import Session, col, select

from quanyi_app.core.modelbase import utcnow
from quanyi_app.core.notify.models import OutboundMessage

log = logging.getLogger("quanyi.notify")
MAX_ATTEMPTS = 5


class Notifier(Protocol):
    channel: str

    def send(self, recipient: str, subject: str, body: str) -> None: ...


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int = 25
    username: str = ""
    password: str = ""
    sender: str = "quanyi@localhost"
    starttls: bool = False

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> SmtpConfig | None:
        env = dict(os.environ if env is None else env)
        host = env.get("QUANYI_SMTP_HOST", "").strip()
        if not host:
            return None
        return cls(
            host=host,
            port=int(env.get("QUANYI_SMTP_PORT", "25") or 25),
            username=env.get("QUANYI_SMTP_USER", ""),
            password=env.get("QUANYI_SMTP_PASSWORD", ""),
            sender=env.get("QUANYI_SMTP_FROM", "") or "quanyi@localhost",
            starttls=env.get("QUANYI_SMTP_STARTTLS", "").lower() in ("1", "true", "yes"),
        )


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
    config = SmtpConfig.from_env()
    return [EmailNotifier(config)] if config else []


def deliver_pending(*, session: Session, notifiers: list[Notifier] | None = None, limit: int = 100) -> int:
    """Send queued messages; returns how many went out."""
    by_channel = {n.channel: n for n in (default_notifiers() if notifiers is None else notifiers)}
    if not by_channel:
        return 0
    pending = session.exec(
        select(OutboundMessage)
        .where(
            col(OutboundMessage.sent_at).is_(None),
            OutboundMessage.attempts < MAX_ATTEMPTS,
            col(OutboundMessage.channel).in_(list(by_channel)),
        )
        .order_by(col(OutboundMessage.id))
        .limit(limit)
    ).all()
    sent = 0
    for msg in pending:
        msg.attempts += 1
        try:
            by_channel[msg.channel].send(msg.recipient, msg.subject, msg.body)
        except (OSError, smtplib.SMTPException) as err:
            msg.last_error = str(err)[:500]
            log.warning("notification %s failed: %s", msg.id, err)
        else:
            msg.sent_at = utcnow()
            sent += 1
        session.add(msg)
        session.commit()
    return sent


# ---- the sender job's doorbell --------------------------------------------------------------
# A change that queued a message rings it so the sender job (core/jobs.py) sends at once instead
# of at its next poll. Nothing is sent from the request itself, and no thread is started there.

_WAKE = threading.Event()


def wake() -> None:
    """Ask the sender job to look at the outbox now."""
    _WAKE.set()


def wait_for_wake(timeout: float) -> bool:
    """Block until :func:`wake` is called or ``timeout`` seconds pass; True when woken."""
    woken = _WAKE.wait(timeout)
    _WAKE.clear()
    return woken
