"""Inspections (检查): checklist templates in versions, planned runs, ticks, rectifications (整改).

A template's content lives in numbered versions. An inspection pins the version that was
current when its first tick arrived, so editing a template (which writes a new version) never
changes an inspection already under way or finished.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum

from sqlalchemy import JSON, BigInteger, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from quanyi_app.core.modelbase import UTCDateTime, created_at_field


class TickResult(str, Enum):
    passed = "pass"
    failed = "fail"
    na = "na"


class InspectionStatus(str, Enum):
    planned = "planned"
    running = "running"
    submitted = "submitted"
    cancelled = "cancelled"


class RectificationStatus(str, Enum):
    open = "open"
    closed = "closed"


class ChecklistTemplate(SQLModel, table=True):
    """A checklist (检查表) for one kind of target: dorm buildings or canteens."""

    __tablename__ = "checklist_template"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=64)
    target_kind: str = Field(max_length=16)  # BuildingKind: dorm / canteen
    pass_mark: int = Field(default=80)  # score (0–100) at or above which a run passes
    rectify_days: int = Field(default=7)  # a failed item's rectification is due this many days later
    office_id: int | None = Field(default=None, foreign_key="office.id")  # who fixes failures by default
    active: bool = Field(default=True)
    created_at: datetime = created_at_field()


class ChecklistVersion(SQLModel, table=True):
    """One numbered version of a template; at most one draft, published ones never change."""

    __tablename__ = "checklist_version"
    __table_args__ = (UniqueConstraint("template_id", "number", name="uq_checklist_version_number"),)

    id: int | None = Field(default=None, primary_key=True)
    template_id: int = Field(foreign_key="checklist_template.id", index=True)
    number: int
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_by_id: int | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = created_at_field()


class ChecklistItem(SQLModel, table=True):
    __tablename__ = "checklist_item"

    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="checklist_version.id", index=True)
    position: int
    section: str = Field(max_length=32)
    text: str = Field(max_length=120)
    guidance: str = Field(default="", max_length=300)
    weight: int = Field(default=2)
    photo_on_fail: bool = Field(default=False)
    critical: bool = Field(default=False)


class InspectionSeries(SQLModel, table=True):
    """A weekly recurrence: the same target on the same weekday with the same inspectors."""

    __tablename__ = "inspection_series"

    id: int | None = Field(default=None, primary_key=True)
    template_id: int = Field(foreign_key="checklist_template.id", index=True)
    building_id: int = Field(foreign_key="building.id", index=True)
    weekday: int  # 0 = Monday
    starts_on: date
    inspector_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    active: bool = Field(default=True)
    created_by_id: int | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = created_at_field()


class Inspection(SQLModel, table=True):
    """One run of a checklist at one target on one day (检查)."""

    __tablename__ = "inspection"
    __table_args__ = (
        UniqueConstraint("series_id", "planned_on", name="uq_inspection_series_day"),
        Index("ix_inspection_building_planned", "building_id", "planned_on"),
        Index("ix_inspection_status_planned", "status", "planned_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    template_id: int = Field(foreign_key="checklist_template.id", index=True)
    version_id: int | None = Field(default=None, foreign_key="checklist_version.id")
    building_id: int = Field(foreign_key="building.id")
    planned_on: date
    series_id: int | None = Field(default=None, foreign_key="inspection_series.id")
    status: str = Field(default=InspectionStatus.planned.value, max_length=16)
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    submitted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    submitted_by_id: int | None = Field(default=None, foreign_key="staff_user.id")
    score: float | None = Field(default=None)
    passed: bool | None = Field(default=None)
    failed_count: int = Field(default=0)
    critical_failed: int = Field(default=0)
    inspector_names: str = Field(default="", max_length=200)  # recorded at submission
    created_by_id: int | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = created_at_field()


class InspectionInspector(SQLModel, table=True):
    __tablename__ = "inspection_inspector"

    inspection_id: int = Field(foreign_key="inspection.id", primary_key=True)
    user_id: int = Field(foreign_key="staff_user.id", primary_key=True, index=True)


class InspectionAnswer(SQLModel, table=True):
    """The tick of one item. One row per (inspection, item): ticking again updates it.

    Result and note carry the phone's clock (ms) of their last change, so ticks that arrive
    late or twice (offline sync, retries) never overwrite a newer one.
    """

    __tablename__ = "inspection_answer"
    __table_args__ = (UniqueConstraint("inspection_id", "item_id", name="uq_answer_item"),)

    id: int | None = Field(default=None, primary_key=True)
    inspection_id: int = Field(foreign_key="inspection.id", index=True)
    item_id: int = Field(foreign_key="checklist_item.id")
    result: str = Field(default="", max_length=8)
    result_ts: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    note: str = Field(default="", max_length=300)
    note_ts: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    updated_by_id: int | None = Field(default=None, foreign_key="staff_user.id")
    updated_at: datetime = created_at_field()


class InspectionPhoto(SQLModel, table=True):
    __tablename__ = "inspection_photo"
    __table_args__ = (UniqueConstraint("inspection_id", "item_id", "photo_id", name="uq_inspection_photo"),)

    id: int | None = Field(default=None, primary_key=True)
    inspection_id: int = Field(foreign_key="inspection.id", index=True)
    item_id: int = Field(foreign_key="checklist_item.id")
    photo_id: int = Field(foreign_key="photo.id")
    created_at: datetime = created_at_field()


class Rectification(SQLModel, table=True):
    """A failed item to be fixed (整改), followed until someone closes it with a photo."""

    __tablename__ = "rectification"
    __table_args__ = (
        UniqueConstraint("inspection_id", "item_id", name="uq_rectification_item"),
        Index("ix_rectification_status_due", "status", "due_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    inspection_id: int = Field(foreign_key="inspection.id", index=True)
    item_id: int = Field(foreign_key="checklist_item.id")
    building_id: int = Field(foreign_key="building.id", index=True)
    title: str = Field(max_length=120)
    detail: str = Field(default="", max_length=300)
    critical: bool = Field(default=False)
    office_id: int | None = Field(default=None, foreign_key="office.id")
    responsible: str = Field(default="", max_length=64)  # a party that is not an office (e.g. 食堂承包方)
    due_on: date
    status: str = Field(default=RectificationStatus.open.value, max_length=8)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_by_id: int | None = Field(default=None, foreign_key="staff_user.id")
    close_note: str = Field(default="", max_length=300)
    close_photo_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    case_id: int | None = Field(default=None, foreign_key="case_report.id")
    created_at: datetime = created_at_field()
