"""Staff accounts, login sessions and the audit log. Students never have an account."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from quanyi_app.core.modelbase import UTCDateTime, created_at_field, utcnow


class Role(str, Enum):
    admin = "admin"
    staff = "staff"
    inspector = "inspector"
    office = "office"


class User(SQLModel, table=True):
    __tablename__ = "staff_user"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True)
    display_name: str = Field(max_length=64)
    password_hash: str = Field(max_length=255)
    role: str = Field(default=Role.staff.value, max_length=16)
    active: bool = Field(default=True)
    # Scope (校-院-班): a staff user tied to one college sees only that college's cases.
    college_id: int | None = Field(default=None, foreign_key="college.id")
    # An office contact belongs to one office.
    office_id: int | None = Field(default=None, foreign_key="office.id")
    failed_logins: int = Field(default=0)
    locked_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    must_change_password: bool = Field(default=False)
    created_at: datetime = created_at_field()
    last_login_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class LoginSession(SQLModel, table=True):
    """An opaque login token; only its SHA-256 is stored."""

    __tablename__ = "login_session"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="staff_user.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = created_at_field()
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class KnownDevice(SQLModel, table=True):
    """A phone or computer that has logged in to an account before (by its device cookie).

    Wrong passwords from a known device are counted here, apart from the account's own count
    (which binds every other client): someone who locks an account from elsewhere does not lock
    its owner out of their own phone.
    """

    __tablename__ = "known_device"
    __table_args__ = (UniqueConstraint("user_id", "device_hash"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="staff_user.id", index=True)
    device_hash: str = Field(max_length=64)
    failed_logins: int = Field(default=0)
    locked_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_login_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class AuditLog(SQLModel, table=True):
    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False, index=True)
    actor_id: int | None = Field(default=None, foreign_key="staff_user.id", index=True)
    action: str = Field(max_length=64, index=True)
    target_type: str = Field(default="", max_length=32)
    target_id: str = Field(default="", max_length=64)
    detail: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
