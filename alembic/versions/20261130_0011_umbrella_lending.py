"""umbrella lending: umbrellas at the pickup points, loans, borrowers, stock counts

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 02:50:42.307515
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "umbrella_borrower",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("open_loans", sa.Integer(), nullable=False),
        sa.Column("blocked", sa.Boolean(), nullable=False),
        sa.Column("blocked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "lending_point",
        sa.Column("point_id", sa.Integer(), nullable=False),
        sa.Column("loan_days", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["point_id"],
            ["pickup_point.id"],
        ),
        sa.PrimaryKeyConstraint("point_id"),
    )
    op.create_table(
        "umbrella",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("point_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["point_id"],
            ["pickup_point.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
        sa.UniqueConstraint("number"),
    )
    with op.batch_alter_table("umbrella", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_umbrella_point_id"), ["point_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_umbrella_status"), ["status"], unique=False)

    op.create_table(
        "umbrella_count",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("point_id", sa.Integer(), nullable=False),
        sa.Column("counted_by_id", sa.Integer(), nullable=False),
        sa.Column("counted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expected", sa.Integer(), nullable=False),
        sa.Column("found", sa.Integer(), nullable=False),
        sa.Column("missing_numbers", sa.JSON(), nullable=False),
        sa.Column("moved_here_numbers", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["counted_by_id"],
            ["staff_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["point_id"],
            ["pickup_point.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("umbrella_count", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_umbrella_count_point_id"), ["point_id"], unique=False)

    op.create_table(
        "umbrella_loan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("umbrella_id", sa.Integer(), nullable=False),
        sa.Column("borrower_key", sa.String(length=64), nullable=False),
        sa.Column("device_hash", sa.String(length=64), nullable=False),
        sa.Column("student_no", sa.String(length=20), nullable=False),
        sa.Column("contact_phone", sa.String(length=20), nullable=False),
        sa.Column("contact_email", sa.String(length=254), nullable=False),
        sa.Column("from_point_id", sa.Integer(), nullable=False),
        sa.Column("lent_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("returned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("returned_point_id", sa.Integer(), nullable=True),
        sa.Column("returned_by_id", sa.Integer(), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("overdue_notified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lost_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("purged_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["from_point_id"],
            ["pickup_point.id"],
        ),
        sa.ForeignKeyConstraint(
            ["lent_by_id"],
            ["staff_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["returned_by_id"],
            ["staff_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["returned_point_id"],
            ["pickup_point.id"],
        ),
        sa.ForeignKeyConstraint(
            ["umbrella_id"],
            ["umbrella.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("umbrella_loan", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_umbrella_loan_borrower_key"), ["borrower_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_umbrella_loan_device_hash"), ["device_hash"], unique=False)
        batch_op.create_index(batch_op.f("ix_umbrella_loan_due_at"), ["due_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_umbrella_loan_returned_at"), ["returned_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_umbrella_loan_umbrella_id"), ["umbrella_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("umbrella_loan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_umbrella_loan_umbrella_id"))
        batch_op.drop_index(batch_op.f("ix_umbrella_loan_returned_at"))
        batch_op.drop_index(batch_op.f("ix_umbrella_loan_due_at"))
        batch_op.drop_index(batch_op.f("ix_umbrella_loan_device_hash"))
        batch_op.drop_index(batch_op.f("ix_umbrella_loan_borrower_key"))

    op.drop_table("umbrella_loan")
    with op.batch_alter_table("umbrella_count", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_umbrella_count_point_id"))

    op.drop_table("umbrella_count")
    with op.batch_alter_table("umbrella", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_umbrella_status"))
        batch_op.drop_index(batch_op.f("ix_umbrella_point_id"))

    op.drop_table("umbrella")
    op.drop_table("lending_point")
    op.drop_table("umbrella_borrower")
