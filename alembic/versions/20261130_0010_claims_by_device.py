"""claims by device: 我的 lists a phone's claims, newest first

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 02:20:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_claim_device_created", "found_claim", ["device_hash", "created_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_claim_device_created", table_name="found_claim")
