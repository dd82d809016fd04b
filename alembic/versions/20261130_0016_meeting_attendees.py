"""meeting attendees: an event with places may be a meeting's registration of student attendees

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30 10:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("meeting_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_event_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_foreign_key("fk_event_meeting_id", "meeting", ["meeting_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_constraint("fk_event_meeting_id", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_event_meeting_id"))
        batch_op.drop_column("meeting_id")
