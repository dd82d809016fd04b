"""outbox backoff: when a failed notification is tried again

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 23:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbound_message") as batch:
        batch.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_index(batch.f("ix_outbound_message_next_attempt_at"), ["next_attempt_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbound_message") as batch:
        batch.drop_index(batch.f("ix_outbound_message_next_attempt_at"))
        batch.drop_column("next_attempt_at")
