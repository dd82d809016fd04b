"""Umbrella lending (爱心伞): umbrellas at the pickup points, loans, and who may borrow."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from quanyi_app.core.modelbase import UTCDateTime, created_at_field


class UmbrellaStatus(str, Enum):
    available = "available"
    lent = "lent"
    lost = "lost"
    broken = "broken"
    retired = "retired"


class Umbrella(SQLModel, table=True):
    __tablename__ = "umbrella"

    id: int | None = Field(default=None, primary_key=True)
    number: int = Field(unique=True)  # painted on the handle: 伞 No. 12
    code: str = Field(max_length=16, unique=True)  # in its QR label
    point_id: int = Field(foreign_key="pickup_point.id", index=True)  # where it is (or was lent from)
    status: str = Field(default=UmbrellaStatus.available.value, max_length=16, index=True)
    created_at: datetime = created_at_field()
    updated_at: datetime = created_at_field()


class LendingPoint(SQLModel, table=True):
    """A pickup point's lending rules."""

    __tablename__ = "lending_point"

    point_id: int = Field(foreign_key="pickup_point.id", primary_key=True)
    loan_days: int = Field(default=3)


class Borrower(SQLModel, table=True):
    """One student number, by its keyed hash: how many loans are open, and whether a lost
    umbrella blocks further borrowing until staff clear it."""

    __tablename__ = "umbrella_borrower"

    key: str = Field(primary_key=True, max_length=64)
    open_loans: int = Field(default=0)
    blocked: bool = Field(default=False)
    blocked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Loan(SQLModel, table=True):
    __tablename__ = "umbrella_loan"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=16, unique=True)  # the borrower's own link
    umbrella_id: int = Field(foreign_key="umbrella.id", index=True)
    borrower_key: str = Field(max_length=64, index=True)
    device_hash: str = Field(default="", max_length=64, index=True)  # the borrowing phone (我的, return here)
    student_no: str = Field(default="", max_length=20)
    contact_phone: str = Field(default="", max_length=20)
    contact_email: str = Field(default="", max_length=254)
    from_point_id: int = Field(foreign_key="pickup_point.id")
    lent_by_id: int | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = created_at_field()
    due_at: datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)
    returned_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    returned_point_id: int | None = Field(default=None, foreign_key="pickup_point.id")
    returned_by_id: int | None = Field(default=None, foreign_key="staff_user.id")
    reminded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    overdue_notified_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    lost_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    purged_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class StockCount(SQLModel, table=True):
    """A count of the umbrellas at a point, against what the system expected there."""

    __tablename__ = "umbrella_count"

    id: int | None = Field(default=None, primary_key=True)
    point_id: int = Field(foreign_key="pickup_point.id", index=True)
    counted_by_id: int = Field(foreign_key="staff_user.id")
    counted_at: datetime = created_at_field()
    expected: int = Field(default=0)
    found: int = Field(default=0)
    missing_numbers: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    moved_here_numbers: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
