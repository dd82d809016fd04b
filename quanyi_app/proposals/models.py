"""QR points, cases (个案), their public/internal timeline, and proposals (提案)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from sqlalchemy import JSON, Column, Index, Text
from sqlmodel import Field, SQLModel

from quanyi_app.core.modelbase import UTCDateTime, created_at_field


class Category(SQLModel, table=True):
    """An issue category students choose from (食堂, 澡堂 …); staff may edit the list."""

    __tablename__ = "category"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=32)
    sort_order: int = Field(default=0)
    active: bool = Field(default=True)


class QrKind(str, Enum):
    book = "book"  # 提案本 in a dorm building
    table_card = "table_card"  # canteen table card
    duty_room = "duty_room"  # 权益服务值班室
    other = "other"


class QrPoint(SQLModel, table=True):
    """A place with a printed QR code. The code itself lives in ``QrCode`` (rotatable)."""

    __tablename__ = "qr_point"

    id: int | None = Field(default=None, primary_key=True)
    building_id: int = Field(foreign_key="building.id", index=True)
    label: str = Field(max_length=64)
    kind: str = Field(default=QrKind.book.value, max_length=16)
    active: bool = Field(default=True)
    scan_count: int = Field(default=0)
    created_at: datetime = created_at_field()


class QrCode(SQLModel, table=True):
    """A printed code. Rotating a point retires its code and issues a new one."""

    __tablename__ = "qr_code"

    code: str = Field(primary_key=True, max_length=16)
    point_id: int = Field(foreign_key="qr_point.id", index=True)
    active: bool = Field(default=True)
    created_at: datetime = created_at_field()
    retired_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class CaseStatus(str, Enum):
    received = "received"
    accepted = "accepted"
    rejected = "rejected"
    forwarded = "forwarded"
    replied = "replied"
    resolved = "resolved"


class CaseSource(str, Enum):
    qr = "qr"
    web = "web"
    book = "book"  # recorded by staff from the paper proposal book
    inspection = "inspect"  # a rectification from an inspection, made public by staff
    event = "event"  # a problem raised at an event (a canteen open day), filed by staff
    duty = "duty"  # a walk-in at the duty room (值班室), filed by the member of staff on duty


class Case(SQLModel, table=True):
    __tablename__ = "case_report"
    __table_args__ = (
        Index("ix_case_status_created", "status", "created_at"),
        Index("ix_case_building_category", "building_id", "category_id"),
        # The overdue count: unanswered cases by due time, and forwarded cases by office due time.
        Index("ix_case_unanswered_due", "first_response_at", "first_response_due_at"),
        Index("ix_case_status_office_due", "status", "office_due_at"),
        Index("ix_case_created", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    tracking_code: str = Field(max_length=16, unique=True)
    idempotency_key: str = Field(max_length=64, unique=True)
    device_hash: str = Field(default="", max_length=64, index=True)
    source: str = Field(default=CaseSource.web.value, max_length=8)
    category_id: int = Field(foreign_key="category.id", index=True)
    building_id: int | None = Field(default=None, foreign_key="building.id")
    qr_point_id: int | None = Field(default=None, foreign_key="qr_point.id", index=True)
    college_id: int | None = Field(default=None, foreign_key="college.id", index=True)
    description: str = Field(sa_column=Column(Text, nullable=False))
    anonymous: bool = Field(default=True)
    contact_name: str = Field(default="", max_length=32)
    contact_phone: str = Field(default="", max_length=20)
    contact_email: str = Field(default="", max_length=254)
    contact_student_no: str = Field(default="", max_length=20)
    book_page: str = Field(default="", max_length=16)
    book_date: str = Field(default="", max_length=10)
    status: str = Field(default=CaseStatus.received.value, max_length=16)
    reject_reason: str = Field(default="", max_length=500)
    assignee_id: int | None = Field(default=None, foreign_key="staff_user.id", index=True)
    office_id: int | None = Field(default=None, foreign_key="office.id", index=True)
    office_due_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    first_response_due_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    first_response_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    proposal_id: int | None = Field(default=None, foreign_key="proposal.id", index=True)
    rating: int | None = Field(default=None)
    rating_comment: str = Field(default="", max_length=500)
    rated_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = created_at_field()
    updated_at: datetime = created_at_field()


class CaseEvent(SQLModel, table=True):
    """One step of a case's history. Public events make up the tracking page's timeline."""

    __tablename__ = "case_event"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_report.id", index=True)
    at: datetime = created_at_field()
    actor_id: int | None = Field(default=None, foreign_key="staff_user.id")
    kind: str = Field(max_length=24)
    public: bool = Field(default=True)
    body: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    office_id: int | None = Field(default=None, foreign_key="office.id")
    proposal_id: int | None = Field(default=None, foreign_key="proposal.id")
    photo_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class ProposalStatus(str, Enum):
    drafting = "drafting"
    forwarded = "forwarded"
    replied = "replied"
    resolved = "resolved"


class Proposal(SQLModel, table=True):
    """A formal proposal to an office, merging cases that share a problem."""

    __tablename__ = "proposal"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=80)
    summary: str = Field(sa_column=Column(Text, nullable=False))
    office_id: int | None = Field(default=None, foreign_key="office.id")
    due_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    status: str = Field(default=ProposalStatus.drafting.value, max_length=16)
    progress: int = Field(default=0)
    origin: str = Field(default="", max_length=200)  # where it came from besides cases: 来自问卷《…》, N 份答卷
    origin_href: str = Field(default="", max_length=200)
    origin_doc_href: str = Field(default="", max_length=200)  # its report (a survey's PDF)
    created_by_id: int | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = created_at_field()
    resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ReplyTemplate(SQLModel, table=True):
    __tablename__ = "reply_template"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=40)
    body: str = Field(sa_column=Column(Text, nullable=False))
    active: bool = Field(default=True)


class Story(SQLModel, table=True):
    """A typical case (维权典例): a resolved case or proposal told publicly, anonymised."""

    __tablename__ = "story"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=80)
    problem: str = Field(sa_column=Column(Text, nullable=False))
    office_reply: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    change: str = Field(sa_column=Column(Text, nullable=False))
    before_photo_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    after_photo_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    case_id: int | None = Field(default=None, foreign_key="case_report.id")
    proposal_id: int | None = Field(default=None, foreign_key="proposal.id")
    published: bool = Field(default=True, index=True)
    published_at: datetime = created_at_field()
    created_by_id: int | None = Field(default=None, foreign_key="staff_user.id")
