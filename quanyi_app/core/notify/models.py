"""The notification outbox: messages written in the same transaction as the change they report."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from quanyi_app.core.modelbase import UTCDateTime, created_at_field


class OutboundMessage(SQLModel, table=True):
    """Notification outbox: written with the change, sent after commit, retried on failure."""

    __tablename__ = "outbound_message"

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(default="email", max_length=16)
    recipient: str = Field(max_length=254)
    subject: str = Field(max_length=200)
    body: str = Field(sa_column=Column(Text, nullable=False))
    case_id: int | None = Field(default=None, foreign_key="case_report.id", index=True)
    created_at: datetime = created_at_field()
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    attempts: int = Field(default=0)
    last_error: str = Field(default="", max_length=500)
    # After a failure: not before this time (backoff); None: as soon as possible.
    next_attempt_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
