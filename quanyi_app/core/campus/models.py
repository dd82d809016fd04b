"""Where things happen: campuses, buildings, colleges and offices — the reference lists every feature uses."""

from __future__ import annotations

from enum import Enum

from sqlmodel import Field, SQLModel


class BuildingKind(str, Enum):
    dorm = "dorm"
    canteen = "canteen"
    teaching = "teaching"
    other = "other"


class Campus(SQLModel, table=True):
    __tablename__ = "campus"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=64)


class Building(SQLModel, table=True):
    __tablename__ = "building"

    id: int | None = Field(default=None, primary_key=True)
    campus_id: int = Field(foreign_key="campus.id", index=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=64)
    kind: str = Field(default=BuildingKind.dorm.value, max_length=16, index=True)
    active: bool = Field(default=True)


class College(SQLModel, table=True):
    __tablename__ = "college"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=64)


class Office(SQLModel, table=True):
    """A university office (职能部门) that receives proposals."""

    __tablename__ = "office"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=64)
    contact_email: str | None = Field(default=None, max_length=254)
