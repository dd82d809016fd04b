"""One row per periodic job and due time: the row is the claim that makes a job run once per due
time however many app nodes share the database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column
from sqlmodel import Field, SQLModel

from quanyi_app.core.modelbase import UTCDateTime


class JobRun(SQLModel, table=True):
    __tablename__ = "job_run"

    job: str = Field(primary_key=True, max_length=80)
    # The due time's number: whole intervals since the epoch (wall clock, the same on every node).
    slot: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    started_at: datetime = Field(sa_type=UTCDateTime)
    node: str = Field(default="", max_length=80)
