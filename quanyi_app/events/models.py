"""Meetings where students put questions to leaders and offices (校领导接待日, 后勤接待日, 教务见面会),
their questions and "我也关心", the minutes, and the commitments (承诺事项) made there."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from quanyi_app.core.modelbase import UTCDateTime, created_at_field


class MeetingKind(SQLModel, table=True):
    """A kind of meeting (editable): 校领导接待日, 后勤接待日, 教务见面会 …"""

    __tablename__ = "meeting_kind"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=32, unique=True)
    sort_order: int = Field(default=0)
    active: bool = Field(default=True)


class MeetingStatus(str, Enum):
    draft = "draft"  # staff only
    announced = "announced"  # public: questions open until it starts
    minutes = "minutes"  # its minutes are published


class Meeting(SQLModel, table=True):
    __tablename__ = "meeting"
    __table_args__ = (UniqueConstraint("kind_id", "number", name="uq_meeting_kind_number"),)

    id: int | None = Field(default=None, primary_key=True)
    kind_id: int = Field(foreign_key="meeting_kind.id", index=True)
    number: int  # 第N期
    starts_at: datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)
    ends_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    place: str = Field(max_length=80)
    attending: str = Field(default="", max_length=300)  # the leaders and offices attending
    seats: int = Field(default=0)  # places for student attendees (0: no registration)
    topics: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    status: str = Field(default=MeetingStatus.draft.value, max_length=16, index=True)
    summary: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))  # 纪要 opening
    minutes_published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_by_id: int | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = created_at_field()


class MeetingQuestion(SQLModel, table=True):
    """A student's question before a meeting: anonymous (only the phone's keyed hash, to limit and
    to find "mine"), optionally tied to their own case by its tracking code."""

    __tablename__ = "meeting_question"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    category_id: int | None = Field(default=None, foreign_key="category.id")
    body: str = Field(sa_column=Column(Text, nullable=False))
    case_id: int | None = Field(default=None, foreign_key="case_report.id", index=True)
    device_hash: str = Field(default="", max_length=64, index=True)
    supporters: int = Field(default=0)  # 我也关心, kept in step with meeting_question_support
    merged_into_id: int | None = Field(default=None, foreign_key="meeting_question.id", index=True)
    on_agenda: bool = Field(default=False)
    answer: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    created_at: datetime = created_at_field()


class QuestionSupport(SQLModel, table=True):
    """One "我也关心" per phone and question (the primary key is the rule)."""

    __tablename__ = "meeting_question_support"

    question_id: int = Field(foreign_key="meeting_question.id", primary_key=True)
    device_hash: str = Field(max_length=64, primary_key=True)
    created_at: datetime = created_at_field()


class CommitmentStatus(str, Enum):
    open = "open"
    in_progress = "in_progress"
    done = "done"
    dropped = "dropped"
    # "overdue" is not stored: an open or in-progress commitment past its due date.


class Commitment(SQLModel, table=True):
    __tablename__ = "commitment"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    question_id: int | None = Field(default=None, foreign_key="meeting_question.id", index=True)
    what: str = Field(max_length=300)
    office_id: int = Field(foreign_key="office.id", index=True)
    due_on: date = Field(index=True)
    status: str = Field(default=CommitmentStatus.open.value, max_length=16, index=True)
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    drop_reason: str = Field(default="", max_length=500)
    created_by_id: int | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = created_at_field()
    updated_at: datetime = created_at_field()


class UpdateKind(str, Enum):
    progress = "progress"
    done = "done"
    dropped = "dropped"


class CommitmentUpdate(SQLModel, table=True):
    """Progress on a commitment. Staff's own are public at once; an office's wait for staff to
    publish them (``published_at``) or send them back (``declined_at``)."""

    __tablename__ = "commitment_update"

    id: int | None = Field(default=None, primary_key=True)
    commitment_id: int = Field(foreign_key="commitment.id", index=True)
    kind: str = Field(default=UpdateKind.progress.value, max_length=16)
    body: str = Field(sa_column=Column(Text, nullable=False))
    photo_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    author_id: int | None = Field(default=None, foreign_key="staff_user.id")
    office_id: int | None = Field(default=None, foreign_key="office.id")  # written by that office
    created_at: datetime = created_at_field()
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    declined_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
