"""Surveys (问卷): questions of many kinds with a simple display rule, tagged links (per building or
college), and responses — one per phone by default, anonymous (no IP is ever stored)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from quanyi_app.core.modelbase import UTCDateTime, created_at_field


class SurveyStatus(str, Enum):
    draft = "draft"
    open = "open"  # answerable between opens_at and closes_at
    closed = "closed"


class Survey(SQLModel, table=True):
    __tablename__ = "survey"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=16, unique=True)  # the public link /q/<code>
    title: str = Field(max_length=80)
    intro: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    thanks: str = Field(default="", max_length=500)
    status: str = Field(default=SurveyStatus.draft.value, max_length=16, index=True)
    opens_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closes_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    target: int = Field(default=0)  # answers hoped for (0: none set)
    ask_student_no: bool = Field(default=False)  # then one answer per student number, shown masked
    public_results: bool = Field(default=False)
    # Free-text answers staff picked as quotes (the report; the public results): [{"r": response, "q": question}]
    quotes: list[dict] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    template: str = Field(default="", max_length=32)  # satisfaction, canteen, online_teaching …
    copied_from_id: int | None = Field(default=None, foreign_key="survey.id")
    created_by_id: int | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = created_at_field()


class QuestionKind(str, Enum):
    section = "section"  # a heading and text between questions
    single = "single"
    multi = "multi"
    rating = "rating"  # 1–5
    nps = "nps"  # 0–10
    text = "text"
    longtext = "longtext"
    number = "number"
    matrix = "matrix"  # rows × a scale
    building = "building"
    college = "college"
    grade = "grade"


class SurveyQuestion(SQLModel, table=True):
    __tablename__ = "survey_question"

    id: int | None = Field(default=None, primary_key=True)
    survey_id: int = Field(foreign_key="survey.id", index=True)
    position: int = Field(default=0)
    kind: str = Field(max_length=16)
    title: str = Field(max_length=200)
    help: str = Field(default="", max_length=500)
    required: bool = Field(default=False)
    # single / multi: [{"id": 1, "label": "…"}] (ids stay when labels change); matrix: its scale
    options: list[dict] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    rows: list[dict] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # matrix rows
    allow_other: bool = Field(default=False)  # single: an "其他" choice with text
    min_choices: int = Field(default=0)
    max_choices: int = Field(default=0)  # 0: no limit
    min_value: float | None = Field(default=None)
    max_value: float | None = Field(default=None)
    show_if_question_id: int | None = Field(default=None)  # shown only when that answer …
    show_if_option_id: int | None = Field(default=None)  # … is (or includes) this option


class SurveyLink(SQLModel, table=True):
    """A tagged link: answers through it carry its building or college (like a QR point)."""

    __tablename__ = "survey_link"

    id: int | None = Field(default=None, primary_key=True)
    survey_id: int = Field(foreign_key="survey.id", index=True)
    code: str = Field(max_length=16, unique=True)
    label: str = Field(max_length=64)
    building_id: int | None = Field(default=None, foreign_key="building.id")
    college_id: int | None = Field(default=None, foreign_key="college.id")


class SurveyResponse(SQLModel, table=True):
    __tablename__ = "survey_response"
    __table_args__ = (
        UniqueConstraint("survey_id", "device_key", name="uq_survey_response_device"),
        UniqueConstraint("survey_id", "student_key", name="uq_survey_response_student"),
    )

    id: int | None = Field(default=None, primary_key=True)
    survey_id: int = Field(foreign_key="survey.id", index=True)
    submit_key: str = Field(max_length=64, unique=True)  # idempotency: a retry files one response
    device_key: str = Field(max_length=64)  # keyed hash of the phone's device cookie
    student_key: str | None = Field(default=None, max_length=64)  # keyed hash, when numbers are asked
    student_masked: str = Field(default="", max_length=20)
    link_id: int | None = Field(default=None, foreign_key="survey_link.id", index=True)
    building_id: int | None = Field(default=None, foreign_key="building.id")
    college_id: int | None = Field(default=None, foreign_key="college.id")
    grade: str = Field(default="", max_length=16)
    answers: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))  # question id -> value
    created_at: datetime = created_at_field()


class SurveyFinding(SQLModel, table=True):
    """A finding turned into a proposal: the link both ways."""

    __tablename__ = "survey_finding"

    id: int | None = Field(default=None, primary_key=True)
    survey_id: int = Field(foreign_key="survey.id", index=True)
    question_id: int | None = Field(default=None, foreign_key="survey_question.id")
    proposal_id: int = Field(foreign_key="proposal.id", index=True)
    responses: int = Field(default=0)  # answers behind it when it was made
    created_at: datetime = created_at_field()
