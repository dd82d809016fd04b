"""inbox indexes

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 09:57:49.318239
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    with op.batch_alter_table("case_report", schema=None) as batch_op:
        batch_op.create_index("ix_case_created", ["created_at"], unique=False)
        batch_op.create_index("ix_case_status_office_due", ["status", "office_due_at"], unique=False)
        batch_op.create_index("ix_case_unanswered_due", ["first_response_at", "first_response_due_at"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("case_report", schema=None) as batch_op:
        batch_op.drop_index("ix_case_unanswered_due")
        batch_op.drop_index("ix_case_status_office_due")
        batch_op.drop_index("ix_case_created")
