"""the duty room: weekly slots, the roster and its swaps, walk-in visits

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30 10:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "duty_slot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("starts", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column("ends", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column("place", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "duty_roster",
        sa.Column("slot_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["slot_id"],
            ["duty_slot.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["staff_user.id"],
        ),
        sa.PrimaryKeyConstraint("slot_id", "user_id"),
    )
    op.create_table(
        "duty_swap",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slot_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("from_user_id", sa.Integer(), nullable=False),
        sa.Column("to_user_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["staff_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["from_user_id"],
            ["staff_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["slot_id"],
            ["duty_slot.id"],
        ),
        sa.ForeignKeyConstraint(
            ["to_user_id"],
            ["staff_user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("slot_id", "day", "from_user_id", name="uq_duty_swap"),
    )
    with op.batch_alter_table("duty_swap", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_duty_swap_slot_id"), ["slot_id"], unique=False)

    op.create_table(
        "duty_visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("logged_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_report.id"],
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["category.id"],
        ),
        sa.ForeignKeyConstraint(
            ["logged_by_id"],
            ["staff_user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("duty_visit")
    with op.batch_alter_table("duty_swap", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_duty_swap_slot_id"))

    op.drop_table("duty_swap")
    op.drop_table("duty_roster")
    op.drop_table("duty_slot")
