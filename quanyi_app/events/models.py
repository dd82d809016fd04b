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


# ---- events with limited places (食堂开放日 …) ----------------------------------------------------


class EventMode(str, Enum):
    lottery = "lottery"  # everyone registers in the window; a lottery when it closes, if oversubscribed
    first_come = "first_come"  # a place at once while places remain, then the waitlist


class EventStatus(str, Enum):
    draft = "draft"
    open = "open"  # announced; registration by its window
    drawn = "drawn"  # registration closed and places given (by lottery or as they came)
    done = "done"  # held: no-shows recorded, ratings open


class Event(SQLModel, table=True):
    __tablename__ = "event"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=80)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    place: str = Field(max_length=80)
    starts_at: datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)
    ends_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    places: int  # in all: its pools (college quotas and the places open to everyone) add up to it
    mode: str = Field(default=EventMode.lottery.value, max_length=16)
    reg_opens_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    reg_closes_at: datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)
    confirm_hours: int = Field(default=24)  # a freed place offered from the waitlist must be confirmed within
    status: str = Field(default=EventStatus.draft.value, max_length=16, index=True)
    seed: str = Field(default="", max_length=64)  # the lottery's seed: its hash is public from the start
    seed_hash: str = Field(default="", max_length=64)
    list_hash: str = Field(default="", max_length=64)  # of the entries drawn
    drawn_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    purged_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", index=True)  # its attendees' registration
    created_by_id: int | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = created_at_field()


class EventPool(SQLModel, table=True):
    """A share of an event's places: kept for one college (a quota, 三级联动), or open to everyone
    (``college_id`` None). A place is taken by one conditional UPDATE (``taken < places``), so
    no pool ever holds more than it has, however many phones register at once."""

    __tablename__ = "event_pool"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True)
    college_id: int | None = Field(default=None, foreign_key="college.id")
    places: int
    taken: int = Field(default=0)


class RegistrationStatus(str, Enum):
    entered = "entered"  # waiting for the lottery
    confirmed = "confirmed"  # has a place
    waitlist = "waitlist"
    offered = "offered"  # a freed place: must confirm by ``offer_expires_at``
    cancelled = "cancelled"
    lapsed = "lapsed"  # an offer not confirmed in time
    attended = "attended"
    no_show = "no_show"


HOLDS_A_PLACE = (RegistrationStatus.confirmed.value, RegistrationStatus.offered.value)


class Registration(SQLModel, table=True):
    __tablename__ = "event_registration"
    __table_args__ = (UniqueConstraint("event_id", "student_key", name="uq_registration_student"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True)
    entry_no: int | None = Field(default=None)  # 1, 2, 3 … in the order they registered (the lottery's list)
    code: str = Field(max_length=16, unique=True)  # the student's own link: result, ticket, cancel
    ticket: str = Field(max_length=16, unique=True)  # shown as a QR at the door; used once
    student_key: str = Field(max_length=64)  # keyed hash of the student number (one per event)
    name: str = Field(default="", max_length=32)
    student_no: str = Field(default="", max_length=20)
    college_id: int | None = Field(default=None, foreign_key="college.id")
    phone: str = Field(default="", max_length=20)
    email: str = Field(default="", max_length=254)
    note: str = Field(default="", max_length=200)
    device_hash: str = Field(default="", max_length=64, index=True)
    status: str = Field(default=RegistrationStatus.entered.value, max_length=16, index=True)
    position: int | None = Field(default=None)  # lottery order; the waitlist's order
    won_draw: bool = Field(default=False)  # given a place by the lottery (the published result)
    pool_id: int | None = Field(default=None, foreign_key="event_pool.id")  # where its place is counted
    offer_expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    created_at: datetime = created_at_field()
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    checked_in_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    checked_in_by_id: int | None = Field(default=None, foreign_key="staff_user.id")
    rating: int | None = Field(default=None)
    comment: str = Field(default="", max_length=500)
    case_id: int | None = Field(default=None, foreign_key="case_report.id")  # the comment, filed as a case
    purged_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    reminded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # the day-before reminder, sent once


# ---- the duty room (权益服务值班室) ---------------------------------------------------------------


class DutySlot(SQLModel, table=True):
    """A weekly opening of the duty room: Mondays 17:30–19:30 at 学生发展中心309."""

    __tablename__ = "duty_slot"

    id: int | None = Field(default=None, primary_key=True)
    weekday: int  # 0 = Monday
    starts: str = Field(max_length=5)  # "17:30", campus time
    ends: str = Field(max_length=5)
    place: str = Field(max_length=80)
    active: bool = Field(default=True)


class DutyRoster(SQLModel, table=True):
    """Who is on duty at a slot, week after week."""

    __tablename__ = "duty_roster"

    slot_id: int = Field(foreign_key="duty_slot.id", primary_key=True)
    user_id: int = Field(foreign_key="staff_user.id", primary_key=True)


class DutySwap(SQLModel, table=True):
    """One week's swap: on ``day``, ``to_user`` stands in for ``from_user`` at the slot."""

    __tablename__ = "duty_swap"
    __table_args__ = (UniqueConstraint("slot_id", "day", "from_user_id", name="uq_duty_swap"),)

    id: int | None = Field(default=None, primary_key=True)
    slot_id: int = Field(foreign_key="duty_slot.id", index=True)
    day: date
    from_user_id: int = Field(foreign_key="staff_user.id")
    to_user_id: int = Field(foreign_key="staff_user.id")
    created_by_id: int | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = created_at_field()


class DutyVisit(SQLModel, table=True):
    """A walk-in heard at the duty room: filed as a case, or a consultation (no personal data)."""

    __tablename__ = "duty_visit"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = created_at_field()
    kind: str = Field(max_length=16)  # case / consultation
    category_id: int | None = Field(default=None, foreign_key="category.id")
    note: str = Field(default="", max_length=500)
    case_id: int | None = Field(default=None, foreign_key="case_report.id")
    logged_by_id: int | None = Field(default=None, foreign_key="staff_user.id")
