"""Photos: clean re-encoded copies stored by content hash."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from quanyi_app.core.modelbase import created_at_field


class Photo(SQLModel, table=True):
    __tablename__ = "photo"

    id: int | None = Field(default=None, primary_key=True)
    # SHA-256 of the stored (clean) image; the file name on disk derives from it.
    sha256: str = Field(max_length=64, unique=True)
    width: int
    height: int
    thumb_width: int
    thumb_height: int
    size_bytes: int
    # Public pages show a photo only after staff have published it.
    is_public: bool = Field(default=False)
    uploaded_by_id: int | None = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = created_at_field()
