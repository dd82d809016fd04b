"""Lost and found (失物招领): found items, their search index, claims, lost reports, publications."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from sqlalchemy import JSON, Column, Index, Text
from sqlmodel import Field, SQLModel

from quanyi_app.core.modelbase import UTCDateTime, created_at_field


class PickupPoint(SQLModel, table=True):
    """A lost-and-found desk (招领点)."""

    __tablename__ = "pickup_point"

    id: int | None = Field(default=None, primary_key=True)
    campus_id: int = Field(foreign_key="campus.id", index=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=64)
    place: str = Field(max_length=128)
    opening_hours: str = Field(max_length=128)
    contact: str = Field(default="", max_length=64)
    active: bool = Field(default=True)


class FoundCategory(SQLModel, table=True):
    """What kind of thing was found; sets how long it is kept and whether photos are public."""

    __tablename__ = "found_category"

    code: str = Field(primary_key=True, max_length=16)
    name: str = Field(max_length=16)
    retention_days: int = Field(default=90)
    # ID documents and campus cards are never photographed publicly.
    photos_public: bool = Field(default=True)
    sort_order: int = Field(default=0)


class PickupAssignment(SQLModel, table=True):
    """A staff member who works at a pickup point (they register and hand over its items)."""

    __tablename__ = "pickup_assignment"

    user_id: int = Field(foreign_key="staff_user.id", primary_key=True)
    pickup_point_id: int = Field(foreign_key="pickup_point.id", primary_key=True)


class FoundStatus(str, Enum):
    held = "held"  # at a pickup point, waiting for its owner
    collected = "collected"  # handed over
    disposed = "disposed"  # past retention: donated / to security / destroyed


class FoundItem(SQLModel, table=True):
    __tablename__ = "found_item"
    __table_args__ = (
        Index("ix_found_status_found_at", "status", "found_at"),
        Index("ix_found_status_retention", "status", "retention_until"),
    )

    id: int | None = Field(default=None, primary_key=True)
    category: str = Field(foreign_key="found_category.code", max_length=16, index=True)
    title: str = Field(max_length=40)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    place_found: str = Field(max_length=80)
    found_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    pickup_point_id: int = Field(foreign_key="pickup_point.id", index=True)
    # Staff only: what a real owner would know (contents, marks, a name inside). Used to verify claims.
    hidden_details: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    # Campus cards: the full number (staff and exact lookups only); public pages mask it.
    card_number: str | None = Field(default=None, max_length=20, index=True)
    photo_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # Normalised public text (title, description, place); the gram index is built from it.
    search_text: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    status: str = Field(default=FoundStatus.held.value, max_length=16)
    retention_until: datetime = Field(sa_type=UTCDateTime, nullable=False)
    registered_by_id: int | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = created_at_field()
    # handover
    collected_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    collected_by_name: str = Field(default="", max_length=32)
    identity_check: str = Field(default="", max_length=120)
    handed_over_by_id: int | None = Field(default=None, foreign_key="staff_user.id")
    claim_id: int | None = Field(default=None)
    # disposal
    disposed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    disposal_outcome: str = Field(default="", max_length=16)
    disposal_note: str = Field(default="", max_length=200)
    disposed_by_id: int | None = Field(default=None, foreign_key="staff_user.id")


class FoundGram(SQLModel, table=True):
    """Search index: every character and every pair of adjacent characters of an item's
    public text. A query of n ≥ 2 characters can only match items holding all its pairs,
    so the index narrows candidates without ever missing one (1 character: its unigram)."""

    __tablename__ = "found_gram"

    gram: str = Field(primary_key=True, max_length=2)
    item_id: int = Field(primary_key=True, foreign_key="found_item.id", index=True)


class ItemMove(SQLModel, table=True):
    __tablename__ = "found_item_move"

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="found_item.id", index=True)
    from_point_id: int = Field(foreign_key="pickup_point.id")
    to_point_id: int = Field(foreign_key="pickup_point.id")
    note: str = Field(default="", max_length=200)
    actor_id: int | None = Field(default=None, foreign_key="staff_user.id")
    at: datetime = created_at_field()


class ClaimStatus(str, Enum):
    pending = "pending"
    approved = "approved"
    rejected = "rejected"
    collected = "collected"


class Claim(SQLModel, table=True):
    """A student's request to collect a found item (认领)."""

    __tablename__ = "found_claim"
    __table_args__ = (
        Index("ix_claim_item_device", "item_id", "device_hash"),
        Index("ix_claim_device_created", "device_hash", "created_at"),  # 我的: this phone's claims
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=16, unique=True)  # the claimant's own status link
    item_id: int = Field(foreign_key="found_item.id", index=True)
    device_hash: str = Field(default="", max_length=64)
    description: str = Field(sa_column=Column(Text, nullable=False))
    contact_name: str = Field(default="", max_length=32)
    contact_phone: str = Field(default="", max_length=20)
    contact_email: str = Field(default="", max_length=254)
    status: str = Field(default=ClaimStatus.pending.value, max_length=16, index=True)
    reason: str = Field(default="", max_length=200)
    pickup_code: str = Field(default="", max_length=8)
    created_at: datetime = created_at_field()
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decided_by_id: int | None = Field(default=None, foreign_key="staff_user.id")
    purged_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class LostReport(SQLModel, table=True):
    """A student's report of something lost (寻物启事)."""

    __tablename__ = "lost_report"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=16, unique=True)
    category: str = Field(foreign_key="found_category.code", max_length=16, index=True)
    description: str = Field(sa_column=Column(Text, nullable=False))
    place: str = Field(default="", max_length=80)
    lost_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    contact_name: str = Field(default="", max_length=32)
    contact_phone: str = Field(default="", max_length=20)
    contact_email: str = Field(default="", max_length=254)
    device_hash: str = Field(default="", max_length=64, index=True)
    open: bool = Field(default=True, index=True)
    created_at: datetime = created_at_field()
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    purged_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class LostMatch(SQLModel, table=True):
    """A found item that matched an open lost report when it was registered (notified once)."""

    __tablename__ = "lost_match"

    report_id: int = Field(foreign_key="lost_report.id", primary_key=True)
    item_id: int = Field(foreign_key="found_item.id", primary_key=True)
    score: float = Field(default=0.0)
    created_at: datetime = created_at_field()


class Publication(SQLModel, table=True):
    """A numbered list of items found in a period (失物招领 第N期)."""

    __tablename__ = "found_publication"

    id: int | None = Field(default=None, primary_key=True)
    number: int = Field(unique=True)
    period_start: datetime = Field(sa_type=UTCDateTime, nullable=False)
    period_end: datetime = Field(sa_type=UTCDateTime, nullable=False)
    item_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_by_id: int | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = created_at_field()
